/**
 * Bytes to text: the encoding is sniffed from the first 64 KiB, then the stream is decoded in
 * pieces. Shared by the importers and the benchmark's parse-only ceiling, so both measure the
 * same decoding.
 */
import { ExotraceError } from '../model/errors.js';
import { createDecoder, SNIFF_BYTES, sniffEncoding, type SniffResult } from './encoding.js';

/**
 * Pieces small enough to be ordinary young objects: one string per 256 KiB read would go to V8's
 * large-object space, which only a full collection frees, and peak memory would grow with the file.
 */
const DECODE_SLICE_BYTES = 32 * 1024;

/**
 * `known` skips the sniffing: the input's encoding was sniffed already (by the input sniffer, or
 * for a later range of a file by the first range's reader, with no BOM to skip there).
 * `sniffAfterBytes`: sniff as soon as this much has come instead of 64 KiB, for a stream answered
 * line by line as it arrives (explain on a pipe).
 */
export async function* decodeText(
  bytes: AsyncIterable<Uint8Array>,
  source: string,
  onSniff: (s: SniffResult) => void,
  known?: SniffResult,
  sniffAfterBytes = SNIFF_BYTES,
): AsyncGenerator<string> {
  let decoder: ReturnType<typeof createDecoder> | undefined;
  let head: Uint8Array[] = [];
  let headBytes = 0;

  function start(sniff: SniffResult, first: Uint8Array): string {
    if (sniff.binary) {
      throw new ExotraceError(
        'EXO_INPUT_BINARY',
        `this is binary data, not text: ${Math.round(sniff.controlShare * 100)}% of its first bytes are control ` +
          `characters.`,
        { source },
      );
    }
    onSniff(sniff);
    decoder = createDecoder(sniff.encoding);
    return decoder.decode(first.subarray(sniff.bomLength), { stream: true });
  }

  for await (const chunk of bytes) {
    if (decoder) {
      for (let at = 0; at < chunk.length; at += DECODE_SLICE_BYTES)
        yield decoder.decode(chunk.subarray(at, at + DECODE_SLICE_BYTES), { stream: true });
    } else if (known) {
      // the BOM is in the first chunk (the sniffer saw it there)
      yield start(known, chunk);
    } else {
      head.push(chunk);
      headBytes += chunk.length;
      if (headBytes >= sniffAfterBytes) {
        const all = concat(head, headBytes);
        head = [];
        yield start(sniffEncoding(all), all);
      }
    }
  }
  if (!decoder) {
    const all = concat(head, headBytes);
    yield start(known ?? sniffEncoding(all), all);
  }
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
