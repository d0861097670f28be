/**
 * `.csv.gz` exports, recognized by the gzip magic bytes rather than the file name, and
 * decompressed as a stream: months of exports never sit in memory.
 */
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { untilError, type Cut } from './byte-stream.js';

export interface Unzipped {
  chunks: AsyncIterable<Uint8Array>;
  compressed: boolean;
  /**
   * Set when the compressed data ends early or is damaged past some point (a download cut off):
   * what was decompressed before that point is read as usual.
   */
  cut(): Cut | undefined;
}

function isGzip(head: Uint8Array): boolean {
  return head[0] === 0x1f && head[1] === 0x8b;
}

/** `head` is the first bytes of `all` (peekHead). */
export function gunzipIfCompressed(head: Uint8Array, all: AsyncIterable<Uint8Array>): Unzipped {
  if (!isGzip(head)) return { chunks: all, compressed: false, cut: () => undefined };
  const inflated = untilError(Readable.from(all).pipe(createGunzip()) as AsyncIterable<Uint8Array>, (e) =>
    /unexpected end/i.test((e as Error).message)
      ? 'the compressed file ends early (it was probably cut off while being copied or downloaded)'
      : `the compressed data is damaged from here on (${(e as Error).message})`,
  );
  return { chunks: inflated.chunks, compressed: true, cut: inflated.cut };
}
