/**
 * Header lookup by name: case-insensitive, with `_`, `-` and spaces ignored, so
 * `date_time_utc`, `Date-Time-UTC` and `DateTimeUtc` are the same column. Columns are never
 * taken by position.
 */
export function headerKey(name: string): string {
  return name
    .trim()
    .replace(/^"+|"+$/g, '')
    .toLowerCase()
    .replace(/[\s_-]+/g, '');
}

export interface HeaderIndex {
  /** the header as written */
  names: readonly string[];
  has(name: string): boolean;
  /** index of the first of these columns that exists, or -1 */
  indexOf(...names: string[]): number;
}

export function indexHeader(names: readonly string[]): HeaderIndex {
  const map = new Map<string, number>();
  names.forEach((n, i) => {
    const k = headerKey(n);
    if (!map.has(k)) map.set(k, i);
  });
  return {
    names,
    has: (name) => map.has(headerKey(name)),
    indexOf(...candidates) {
      for (const c of candidates) {
        const i = map.get(headerKey(c));
        if (i !== undefined) return i;
      }
      return -1;
    },
  };
}

/** Reads a cell by a column index resolved once per file; '' for a missing column. */
export function cell(fields: readonly string[], index: number): string {
  return index < 0 ? '' : (fields[index] ?? '');
}
