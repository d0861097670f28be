/**
 * The history's daily counts of failed deliveries (per day, cause, direction and sender domain),
 * recomputed for the days a scan touched, so that trends over months need no reclassification.
 * A failure's cause is that of its last Fail or Drop detail; without details it is `unknown`. Each
 * distinct reason text is classified once and kept (classifications), by catalog fingerprint.
 */
import { createHash } from 'node:crypto';
import type { LocalRule } from '../catalog/local-rules.js';
import type { Classifier } from '../classify/classifier.js';
import { noReasonCause, type Catalog } from '../catalog/index.js';
import type { DailyCount, HistoryStore } from '../store/history.js';

/**
 * A catalog's fingerprint, with the local rules tried before it: stored classifications are reused
 * only with the catalog and rules that made them. It covers what decides a cause (signals, and the
 * cause a temporary reply turns it into), not the words shown with it.
 */
export function catalogFingerprint(catalog: Catalog, rules: readonly LocalRule[] = []): string {
  const content = JSON.stringify([catalog.causes.map((c) => [c.id, c.signals, c.whenTemporary ?? null]), rules]);
  return createHash('sha256').update(content).digest('hex').slice(0, 16);
}

/** `catalog` is the classifier's catalogFingerprint; `at` the time new classifications are kept with. */
export function refreshDailyCounts(
  store: HistoryStore,
  tenant: string,
  from: Date,
  to: Date,
  classifier: Classifier,
  catalog: string,
  at: string,
): number {
  const fromDay = from.toISOString().slice(0, 10);
  const toDay = to.toISOString().slice(0, 10);
  const end = new Date(Date.parse(toDay) + 86_400_000).toISOString();
  const start = `${fromDay}T00:00:00.000Z`;
  // Two passes: the store is not queried while it is being read (one connection, one cursor).
  const reasons = new Set<string>();
  for (const row of store.failedWithReasons(tenant, start, end)) if (row.reason) reasons.add(row.reason);
  const causeOf = new Map<string, string>();
  for (const reason of reasons) {
    let cause = store.classification(reason, catalog);
    if (cause === undefined) {
      cause = classifier.classify(reason).id;
      store.saveClassification(reason, catalog, cause, at);
    }
    causeOf.set(reason, cause);
  }
  const counts = new Map<string, DailyCount>();
  for (const row of store.failedWithReasons(tenant, start, end)) {
    // a local rule for one sender or recipient domain decides per delivery, not per text
    const marked =
      row.reason && classifier.hasDomainRules
        ? classifier.forDelivery(row.reason, row.sender, row.recipient)
        : row.reason;
    const cause = !row.reason
      ? noReasonCause.id
      : marked !== row.reason
        ? classifier.classify(marked).id
        : causeOf.get(row.reason)!;
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
