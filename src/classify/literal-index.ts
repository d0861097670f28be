/**
 * Which of the catalog's required literals (src/classify/required-literal.ts) a text contains,
 * found in one pass over the text instead of one `includes` per pattern: each literal is filed
 * under its first three characters, and the text's every three-character window looks its
 * literals up. A new reply shape is tried against every pattern of the catalog; with some six
 * hundred patterns, the per-pattern scans were a third of its cost (docs/performance.md).
 */

export interface LiteralIndex {
  readonly literals: readonly string[];
  /** the numbers of the literals `lower` (a lower-cased text) contains, each once */
  found(lower: string): number[];
}

const key = (s: string, i: number) => s.charCodeAt(i) * 4294967296 + s.charCodeAt(i + 1) * 65536 + s.charCodeAt(i + 2);

/** An index of `literals` (lower-case, none empty); a literal's number is its place in the list. */
export function createLiteralIndex(literals: readonly string[]): LiteralIndex {
  const byWindow = new Map<number, number[]>();
  const short: number[] = [];
  literals.forEach((lit, n) => {
    if (lit.length < 3) return void short.push(n);
    const k = key(lit, 0);
    const list = byWindow.get(k);
    if (list) list.push(n);
    else byWindow.set(k, [n]);
  });
  // which literals this call found already: marked with the call's number, so the array is
  // allocated once per index and never cleared
  const seen = new Uint32Array(literals.length);
  let call = 0;
  return {
    literals,
    found(lower) {
      if (++call === 0xffffffff) {
        seen.fill(0);
        call = 1;
      }
      const ids: number[] = [];
      for (let i = 0; i + 3 <= lower.length; i++) {
        const list = byWindow.get(key(lower, i));
        if (list === undefined) continue;
        for (const n of list)
          if (seen[n] !== call && lower.startsWith(literals[n]!, i)) {
            seen[n] = call;
            ids.push(n);
          }
      }
      for (const n of short) if (lower.includes(literals[n]!)) ids.push(n);
      return ids;
    },
  };
}
