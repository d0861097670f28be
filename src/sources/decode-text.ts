/**
 * Bytes to text: the encoding is sniffed from the first 64 KiB, then the stream is decoded in
 * pieces. Shared by the importers and the benchmark's parse-only ceiling, so both measure the
 * same decoding.
 */
import { ExotraceError } from '../model/errors.js';
import { createDecoder, SNIFF_BYTES, sniffEncoding, type SniffResult, type TextEncodingName } from './encoding.js';

/**
 * Pieces small enough to be ordinary young objects: one string per 256 KiB read would go to V8's
 * large-object space, which only a full collection frees, and peak memory would grow with the file.
 */
const DECODE_SLICE_BYTES = 32 * 1024;

/**
 * `known` skips the sniffing: for a later range of a file, whose encoding the first range's
 * reader has sniffed.
 */
export async function* decodeText(bytes: AsyncIterable<Uint8Array>, source: string, onSniff: (s: SniffResult) => void, known?: TextEncodingName): AsyncGenerator<string> {
  let decoder: ReturnType<typeof createDecoder> | undefined = known && createDecoder(known);
  let head: Uint8Array[] = [];
  let headBytes = 0;

  function start(): string {
    const all = concat(head, headBytes);
    head = [];
    const sniff = sniffEncoding(all);
    if (sniff.binary) {
      throw new ExotraceError('EXO_INPUT_BINARY', `${source} is a binary file, not a CSV export (it contains NUL or control bytes).`, { source });
    }
    onSniff(sniff);
    decoder = createDecoder(sniff.encoding);
    return decoder.decode(all.subarray(sniff.bomLength), { stream: true });
  }

  for await (const chunk of bytes) {
    if (!decoder) {
      head.push(chunk);
      headBytes += chunk.length;
      if (headBytes >= SNIFF_BYTES) yield start();
    } else {
      for (let at = 0; at < chunk.length; at += DECODE_SLICE_BYTES) yield decoder.decode(chunk.subarray(at, at + DECODE_SLICE_BYTES), { stream: true });
    }
  }
  if (!decoder) yield start();
  yield decoder!.decode();
}

function concat(chunks: Uint8Array[], length: number): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(length);
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.length;
  }
  return out;
}
