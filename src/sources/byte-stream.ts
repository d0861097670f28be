/**
 * Small steps on an input's byte stream before it is read: look at its head without losing it,
 * and stop at a read error without losing what came before it.
 */
import { errnoWords } from '../model/errors.js';

export interface Head {
  /** at least `bytes` bytes, or the whole input when it is shorter */
  head: Uint8Array;
  /** the whole input again, head first */
  all: AsyncIterable<Uint8Array>;
}

/** Reads the first `bytes` bytes of a stream; the stream is read on from there by `all`. */
export async function peekHead(input: AsyncIterable<Uint8Array>, bytes: number): Promise<Head> {
  const it = input[Symbol.asyncIterator]();
  const chunks: Uint8Array[] = [];
  let length = 0;
  let done = false;
  while (length < bytes) {
    const next = await it.next();
    if (next.done) {
      done = true;
      break;
    }
    chunks.push(next.value);
    length += next.value.length;
  }
  const head = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, length);
  async function* all(): AsyncGenerator<Uint8Array> {
    if (length > 0) yield head;
    if (done) return;
    for (;;) {
      const next = await it.next();
      if (next.done) return;
      yield next.value;
    }
  }
  return { head, all: all() };
}

/** Where reading stopped early, and why, in words. */
export interface Cut {
  reason: string;
}

/**
 * The bytes of a stream until it ends or fails: a read error (EIO on a failing disk, a truncated
 * gzip) ends the stream instead of throwing, and `cut()` says why, so the rows before it are
 * still analyzed and the input is still listed.
 */
export function untilError(
  input: AsyncIterable<Uint8Array>,
  describe: (e: unknown) => string = (e) => errnoWords((e as NodeJS.ErrnoException).code),
): { chunks: AsyncIterable<Uint8Array>; cut(): Cut | undefined } {
  let cut: Cut | undefined;
  async function* chunks(): AsyncGenerator<Uint8Array> {
    try {
      for await (const chunk of input) yield chunk;
    } catch (e) {
      cut = { reason: describe(e) };
    }
  }
  return { chunks: chunks(), cut: () => cut };
}
