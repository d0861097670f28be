/**
 * `--fail-on`: conditions that make a scan exit with its own code (4), for alerting from cron.
 * Evaluated on the history's daily counts of the days the scan covered:
 * - a cause id (`auth.dmarc.reject`): any failure of that cause;
 * - `new-cause`: a cause that had no failure in the 30 days before;
 * - `failed>N`: more than N failed deliveries.
 */
import type { HistoryStore } from '../store/history.js';

export type AlertRule = { kind: 'cause'; id: string } | { kind: 'new-cause' } | { kind: 'failed-over'; limit: number };

/** Reads one --fail-on value; undefined when it is none of the forms. */
export function parseAlertRule(text: string): AlertRule | undefined {
  if (text === 'new-cause') return { kind: 'new-cause' };
  const over = /^failed>(\d+)$/.exec(text);
  if (over) return { kind: 'failed-over', limit: Number(over[1]) };
  if (/^[a-z0-9-]+(\.[a-z0-9-]+)*$/.test(text)) return { kind: 'cause', id: text };
  return undefined;
}

const DAY = 86_400_000;
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The sentences of the rules that matched for this tenant and period. */
export function matchedAlerts(
  store: HistoryStore,
  tenant: string,
  from: number,
  to: number,
  rules: readonly AlertRule[],
): string[] {
  if (rules.length === 0) return [];
  const now = store.dailyFailures(tenant, day(from), day(to));
  const byCause = new Map<string, number>();
  for (const c of now) byCause.set(c.cause, (byCause.get(c.cause) ?? 0) + c.failed);
  const total = [...byCause.values()].reduce((a, b) => a + b, 0);
  const out: string[] = [];
  for (const rule of rules) {
    if (rule.kind === 'cause' && (byCause.get(rule.id) ?? 0) > 0)
      out.push(`${tenant}: ${byCause.get(rule.id)} failed deliveries of cause ${rule.id}`);
    if (rule.kind === 'failed-over' && total > rule.limit)
      out.push(`${tenant}: ${total} failed deliveries, more than ${rule.limit}`);
    if (rule.kind === 'new-cause') {
      const before = new Set(store.dailyFailures(tenant, day(from - 30 * DAY), day(from - DAY)).map((c) => c.cause));
      const fresh = [...byCause.keys()].filter((c) => !before.has(c));
      if (fresh.length > 0) out.push(`${tenant}: new causes of failure: ${fresh.join(', ')}`);
    }
  }
  return out;
}
