/**
 * The history's daily counts of failed deliveries (per day, cause, direction and sender domain),
 * recomputed for the days a scan touched, so that trends over months need no reclassification.
 * A failure's cause is that of its last Fail or Drop detail; without details it is `unknown`.
 */
import type { Classifier } from '../classify/classifier.js';
import { noReasonCause } from '../catalog/index.js';
import type { DailyCount, HistoryStore } from '../store/history.js';

export function refreshDailyCounts(
  store: HistoryStore,
  tenant: string,
  from: Date,
  to: Date,
  classifier: Classifier,
): number {
  const fromDay = from.toISOString().slice(0, 10);
  const toDay = to.toISOString().slice(0, 10);
  const end = new Date(Date.parse(toDay) + 86_400_000).toISOString();
  const counts = new Map<string, DailyCount>();
  const causeOf = new Map<string, string>();
  for (const row of store.failedWithReasons(tenant, `${fromDay}T00:00:00.000Z`, end)) {
    let cause = noReasonCause.id;
    if (row.reason) {
      cause = causeOf.get(row.reason) ?? classifier.classify(row.reason).id;
      causeOf.set(row.reason, cause);
    }
    const day = row.receivedAt.slice(0, 10);
    const direction = row.toIp ? 'outbound' : row.fromIp ? 'inbound' : 'unknown';
    const senderDomain = row.sender?.split('@')[1] ?? '';
    const key = [day, cause, direction, senderDomain].join('\u0000');
    const c = counts.get(key);
    if (c) c.failed++;
    else counts.set(key, { day, cause, direction, senderDomain, failed: 1 });
  }
  store.replaceDailyCounts(tenant, fromDay, toDay, [...counts.values()]);
  return counts.size;
}
