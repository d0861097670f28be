/** What part of a period the history holds completely: for the report's notes and the scan's summary. */
import type { ScanWindow } from '../store/history.js';

/** Milliseconds of [from, to] covered by complete windows, and the gaps left. */
export function coverageOf(
  windows: readonly ScanWindow[],
  from: number,
  to: number,
): { covered: number; gaps: Array<[number, number]> } {
  const spans = windows
    .filter((w) => w.complete)
    .map((w) => [Math.max(from, Date.parse(w.from)), Math.min(to, Date.parse(w.to))] as [number, number])
    .filter(([a, b]) => b > a)
    .sort((x, y) => x[0] - y[0]);
  const gaps: Array<[number, number]> = [];
  let covered = 0;
  let at = from;
  for (const [a, b] of spans) {
    if (a > at) gaps.push([at, a]);
    if (b > at) {
      covered += b - Math.max(a, at);
      at = b;
    }
  }
  if (at < to) gaps.push([at, to]);
  return { covered, gaps };
}

/** One sentence for a report's notes. */
export function coverageNote(
  tenant: string,
  windows: readonly ScanWindow[],
  from: Date,
  to: Date,
  /** why the last scan that did not finish stopped, when one did not */
  lastProblem?: string,
): string {
  const total = to.getTime() - from.getTime();
  const { covered, gaps } = coverageOf(windows, from.getTime(), to.getTime());
  const minute = (ms: number) => new Date(ms).toISOString().slice(0, 16) + 'Z';
  if (gaps.length === 0)
    return `graph:${tenant}: the history covers the whole period (${minute(from.getTime())} to ${minute(to.getTime())}).`;
  const share = total > 0 ? Math.floor((1000 * covered) / total) / 10 : 0;
  const listed = gaps
    .slice(0, 3)
    .map(([a, b]) => `${minute(a)} to ${minute(b)}`)
    .join(', ');
  const more = gaps.length > 3 ? ` and ${gaps.length - 3} more` : '';
  const why = lastProblem ? ` The last scan that did not finish stopped: ${lastProblem}` : '';
  return (
    `graph:${tenant}: the history covers ${share}% of the period; not read: ${listed}${more}. Run exotrace scan for ` +
    `that time (--from/--to) if Graph still keeps it (90 days).${why}`
  );
}
