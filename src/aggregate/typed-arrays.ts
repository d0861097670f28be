/** The growing typed arrays that the fold's columns are made of. */

type Column = Int8Array | Uint8Array | Uint16Array | Int32Array | Float64Array;

/** A copy of `a` with room for `size` elements, the new ones zero. */
export function grown<T extends Column>(a: T, size: number): T {
  const b = new (a.constructor as new (n: number) => T)(size);
  b.set(a);
  return b;
}
