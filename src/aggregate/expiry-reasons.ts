/**
 * Why expired deliveries expired. An expiry (4.4.7, 5.4.300, 5.4.316…) only says that Exchange
 * gave up; the reason is in the delivery's last deferral (TLS refused, connection refused, DNS
 * failing) or in the expiry text itself ("Message expired, connection refused"). The report's
 * expiry entry lists those reasons, and when one reason accounts for most expiries its owner
 * and fix lead the entry: the reader is told who must act on the real cause.
 */
import type { Catalog } from '../catalog/index.js';
import type { Classifier } from '../classify/classifier.js';
import type { ExpiryReason, ReportCause } from '../model/report.js';
import type { DeliveryFold } from './fold-state.js';

export const EXPIRED = 'delivery.expired';

/** Causes that say nothing more than "it was retried" or "it expired". */
const NOT_A_REASON = new Set(['unknown', EXPIRED, 'transient.delayed', 'transient.greylisted']);

/** The cause a text names without its expiry words ("Message expired, connection refused" → refused). */
function reasonInExpiryText(text: string, classifier: Classifier): string | undefined {
  const rest = text.replace(/\b(message|queue)[ .]?expired\b[,:;]?/gi, ' ');
  if (rest === text) return undefined;
  const id = classifier.classify(rest).id;
  return NOT_A_REASON.has(id) ? undefined : id;
}

/**
 * Adds `becauseOf` to the expiry entry of `causes` (when there is one), and gives it the owner and
 * fix of the reason behind most of its deliveries (unless that reason is temporary by nature).
 */
export function explainExpiries(
  causes: ReportCause[],
  fold: DeliveryFold,
  causeOfText: (textId: number) => string,
  ctx: { classifier: Classifier; catalog: Catalog },
): void {
  const entry = causes.find((c) => c.id === EXPIRED);
  if (!entry) return;
  const counts = new Map<string, number>();
  const reasonOf = new Map<number, string | undefined>();
  const reasonOfText = (textId: number): string | undefined => {
    if (textId < 0) return undefined;
    if (!reasonOf.has(textId)) {
      // the readers classified every distinct text as it came: their verdict first
      const direct = causeOfText(textId);
      reasonOf.set(textId, NOT_A_REASON.has(direct) ? reasonInExpiryText(fold.text(textId), ctx.classifier) : direct);
    }
    return reasonOf.get(textId);
  };
  fold.forEachDelivery((rec) => {
    if (rec.state !== 'failed' || causeOfText(rec.textId) !== EXPIRED) return;
    const reason = reasonOfText(rec.deferTextId) ?? reasonOfText(rec.textId);
    if (reason) counts.set(reason, (counts.get(reason) ?? 0) + 1);
  });
  if (counts.size === 0) return;
  const because: ExpiryReason[] = [...counts]
    .map(([id, count]) => {
      const c = ctx.catalog.byId(id);
      return { id, title: c.title, owner: c.owner, count };
    })
    .sort((a, b) => b.count - a.count || a.id.localeCompare(b.id));
  entry.becauseOf = because;
  const main = because[0]!;
  if (2 * main.count < entry.count) return;
  const cause = ctx.catalog.byId(main.id);
  if (cause.owner !== 'transient' && cause.owner !== 'unknown') entry.owner = cause.owner;
  entry.fix = [...cause.fix, ...entry.fix];
}
