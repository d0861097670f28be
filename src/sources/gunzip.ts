/**
 * `.csv.gz` exports, recognized by the gzip magic bytes rather than the file name, and
 * decompressed as a stream: months of exports never sit in memory.
 */
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { ExotraceError } from '../model/errors.js';

export interface Unzipped {
  chunks: AsyncIterable<Uint8Array>;
  compressed: boolean;
}

export async function gunzipIfCompressed(input: AsyncIterable<Uint8Array>, source: string): Promise<Unzipped> {
  const it = input[Symbol.asyncIterator]();
  const head: Uint8Array[] = [];
  let headLength = 0;
  while (headLength < 2) {
    const next = await it.next();
    if (next.done) break;
    head.push(next.value);
    headLength += next.value.length;
  }
  async function* all(): AsyncGenerator<Uint8Array> {
    yield* head;
    for (;;) {
      const next = await it.next();
      if (next.done) return;
      yield next.value;
    }
  }
  const first = head[0];
  const second = first && first.length > 1 ? first[1] : head[1]?.[0];
  if (first?.[0] !== 0x1f || second !== 0x8b) return { chunks: all(), compressed: false };

  async function* inflated(): AsyncGenerator<Uint8Array> {
    const gunzip = Readable.from(all()).pipe(createGunzip());
    try {
      for await (const chunk of gunzip) yield chunk as Uint8Array;
    } catch (e) {
      throw new ExotraceError('EXO_INPUT_UNREADABLE', `${source} starts like a gzip file but cannot be decompressed (${(e as Error).message}).`, { source });
    }
  }
  return { chunks: inflated(), compressed: true };
}
