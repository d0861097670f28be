/**
 * A byte stream as lines of text, its encoding detected as the importers detect it (UTF-16 with
 * or without BOM, UTF-8, windows-1252) and any line ending (CRLF, LF, CR). Each line is given as
 * soon as it is complete, so a pipe is answered as it flows.
 */
import { createLineSplitter } from './csv/line-splitter.js';
import { decodeText } from './decode-text.js';

/** Lines longer than this are cut: a text to classify is read on its first 8 KiB anyway. */
const MAX_LINE_CHARS = 1024 * 1024;

/** The first chunk that holds a few characters is enough to tell UTF-16 from UTF-8. */
const SNIFF_AFTER_BYTES = 4;

export async function* readTextLines(bytes: AsyncIterable<Uint8Array>, source: string): AsyncGenerator<string> {
  const ready: string[] = [];
  let first = true;
  const splitter = createLineSplitter(
    {
      line(text, start, end) {
        let line = text.slice(start, end);
        if (first && line.charCodeAt(0) === 0xfeff) line = line.slice(1);
        first = false;
        ready.push(line);
      },
      overlong() {
        first = false;
        ready.push('');
      },
    },
    MAX_LINE_CHARS,
  );
  for await (const text of decodeText(bytes, source, () => {}, undefined, SNIFF_AFTER_BYTES)) {
    splitter.push(text);
    yield* ready.splice(0);
  }
  splitter.end();
  yield* ready.splice(0);
}
