import { grown } from './typed-arrays.js';

/** Marks message numbers, growing as they come. */
export function createMessageSet(): { add(m: number): boolean; readonly size: number } {
  let seen = new Uint8Array(1024);
  let size = 0;
  return {
    /** false when `m` was in the set already */
    add(m) {
      if (m >= seen.length) seen = grown(seen, Math.max(seen.length * 2, m + 1));
      if (seen[m]) return false;
      seen[m] = 1;
      size++;
      return true;
    },
    get size() {
      return size;
    },
  };
}
