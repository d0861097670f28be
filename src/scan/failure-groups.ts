/**
 * Failures that look alike: same sender domain, recipient domain, size band and hour. When the
 * quota cannot pay for every failure's detail, one detail per group tells the most, largest and
 * newest groups first; the rest of a group are reported as inferred from it, never as read.
 */
import type { TraceRow } from '../store/history.js';

export function groupKey(row: Pick<TraceRow, 'sender' | 'recipient' | 'size' | 'receivedAt' | 'status'>): string {
  const domain = (address: string | undefined) => address?.split('@')[1] ?? '';
  const band = row.size && row.size > 0 ? Math.floor(Math.log2(row.size)) : -1;
  return [row.status.toLowerCase(), domain(row.sender), domain(row.recipient), band, row.receivedAt.slice(0, 13)].join(
    '|',
  );
}

/**
 * Which failures to read the details of, at most `budget`: round after round, the newest unread
 * failure of each group, groups by size (largest first) then by their newest failure. `rows` come
 * newest first.
 */
export function pickForBudget<T extends TraceRow>(rows: readonly T[], budget: number): T[] {
  if (budget >= rows.length) return [...rows];
  const groups = new Map<string, T[]>();
  for (const r of rows) {
    const key = groupKey(r);
    const g = groups.get(key);
    if (g) g.push(r);
    else groups.set(key, [r]);
  }
  const order = [...groups.values()].sort(
    (a, b) => b.length - a.length || b[0]!.receivedAt.localeCompare(a[0]!.receivedAt),
  );
  const picked: T[] = [];
  for (let round = 0; picked.length < budget; round++) {
    let any = false;
    for (const g of order) {
      if (round >= g.length) continue;
      any = true;
      picked.push(g[round]!);
      if (picked.length === budget) break;
    }
    if (!any) break;
  }
  return picked;
}
