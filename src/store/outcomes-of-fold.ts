/** A run's folded deliveries as the store seam's outcomes (src/store/outcome.ts). */
import type { DeliveryFold } from '../aggregate/fold-state.js';
import type { OutcomeBatch, ReasonText, StoredOutcome } from './outcome.js';
import { visibleText } from '../classify/rule-mark.js';

/**
 * `causeOf(textId)` names the cause of a reason text (-1: a failure without one), as the report
 * groups it. Texts are listed once each, in the fold's order; outcomes are made one at a time as
 * the store reads them, so a million deliveries never sit in memory as objects.
 */
export function outcomesOfFold(fold: DeliveryFold, tenant: string, causeOf: (textId: number) => string): OutcomeBatch {
  const texts: ReasonText[] = [];
  for (let id = 0; id < fold.distinctTexts; id++)
    texts.push({ text: visibleText(fold.text(id)), causeId: causeOf(id) });
  function* outcomes(): Generator<StoredOutcome> {
    for (let d = 0; d < fold.deliveries; d++) {
      const { record: rec, message } = fold.deliveryAt(d);
      const out: StoredOutcome = {
        tenant,
        messageKey: fold.messageKey(message),
        recipient: fold.recipient(d),
        state: rec.state,
      };
      if (!Number.isNaN(rec.time)) out.decidedAt = rec.time;
      if (rec.textId >= 0) out.textId = rec.textId;
      if (rec.state === 'failed') out.causeId = causeOf(rec.textId);
      else if (rec.state === 'pending' && rec.deferTextId >= 0) out.causeId = causeOf(rec.deferTextId);
      if (rec.deferTextId >= 0) out.deferTextId = rec.deferTextId;
      if (!Number.isNaN(rec.deferTime)) out.deferredAt = rec.deferTime;
      yield out;
    }
  }
  return { texts, outcomes: outcomes() };
}
