/**
 * Values of a closed vocabulary that exotrace does not know (a status word in another language, a
 * typo): each distinct value becomes one issue, at the line it first appeared, with how many rows
 * had it. Listing every row would bury the report; saying nothing let them count as pending.
 */
import type { Issue } from '../model/errors.js';

/** Distinct unknown values reported per input at most; the rest are counted into the last issue. */
const MAX_DISTINCT = 50;

export function createUnknownValues(
  source: string,
  onIssue: (issue: Issue) => void,
): { add(column: string, value: string, line: number): void; flush(): void } {
  const seen = new Map<string, { column: string; value: string; line: number; rows: number }>();
  let others = 0;
  return {
    add(column, value, line) {
      const key = `${column}\u0000${value}`;
      const known = seen.get(key);
      if (known) known.rows++;
      else if (seen.size < MAX_DISTINCT) seen.set(key, { column, value, line, rows: 1 });
      else others++;
    },
    flush() {
      for (const { column, value, line, rows } of seen.values()) {
        onIssue({
          source,
          line,
          code: 'EXO_VALUE_UNKNOWN',
          message:
            `${column} ${JSON.stringify(value)} is not a value exotrace knows (first on this line, ` +
            `${rows === 1 ? 'this row only' : `${rows} rows in all`}); ` +
            `those deliveries are counted under "unknown state", not as delivered, failed or pending. If it is a ` +
            `translation of a status, please report it.`,
        });
      }
      if (others > 0)
        onIssue({
          source,
          code: 'EXO_VALUE_UNKNOWN',
          message:
            `${others} more rows have other values exotrace does not know; they are counted under "unknown state" ` +
            `too.`,
        });
      seen.clear();
      others = 0;
    },
  };
}
