/**
 * What every reader thread does with its events: fold them into deliveries, classify each new
 * distinct text as it first appears, and hand results to the authentication count. Classifying
 * at first sight instead of at report time lets the worker threads of a ranged read share that
 * work (src/threads/read-in-ranges.ts).
 */
import { createDeliveryFold } from '../aggregate/delivery-fold.js';
import type { DeliveryFold, FoldState } from '../aggregate/fold-state.js';
import { verdictKey, type Classifier, type ClassifierOptions, type VerdictSummary } from '../classify/classifier.js';
import type { TraceEvent } from '../model/trace.js';
import type { DeliverySpanSink } from '../aggregate/delivery-span.js';

/**
 * The classifier options for analyze: every distinct text is classified once as it first comes
 * (below), so a cache of whole verdicts per text would only hold memory; the classifier's cache
 * per reply shape still does the saving.
 */
export const ANALYZE_CLASSIFIER: ClassifierOptions = Object.freeze({ maxCachedTexts: 0 });

export interface FoldingSink {
  fold: DeliveryFold;
  /** by text id of the fold; complete after finish() */
  verdicts: VerdictSummary[];
  onEvent(e: TraceEvent): void;
  /** the rows read in place (no text to classify: they go straight to the fold) */
  onDeliverySpan: DeliverySpanSink;
  /** classifies the texts still waiting */
  finish(): void;
  /**
   * Takes in another sink's fold and verdicts (a later range, read on a worker thread), as
   * DeliveryFold.merge does; the verdicts of texts new to this fold come along. Returns the
   * other fold's message numbers mapped to this fold's.
   */
  merge(other: FoldState, otherVerdicts: readonly VerdictSummary[], lineOffset: number): Int32Array;
}

/**
 * New texts wait until this many have come, then are classified together: the classifier's
 * regular expressions stay compiled through a batch, while one text at a time between rows let
 * V8 drop and recompile them (docs/performance.md, "Decisions").
 */
const BATCH = 4096;

/** Verdicts kept by verdict key for reuse, at most this many (past it, texts are classified each). */
const MAX_KEYS = 100_000;

/** `onAuth` gets the events that carry authentication results, with their message's number in the fold. */
export function createFoldingSink(
  classifier: Classifier,
  onAuth: (e: TraceEvent, message: number) => void,
): FoldingSink {
  const fold = createDeliveryFold();
  const verdicts: VerdictSummary[] = [];
  // Texts of one cause mostly share a shape: keep each shape string once.
  const shapes = new Map<string, string>();
  // Distinct texts mostly differ only in what verdictKey drops: one summary serves them all.
  const byKey = new Map<string, VerdictSummary>();
  const summarize = (text: string): VerdictSummary => {
    const v = classifier.classify(text);
    let shape = v.shape;
    if (shape !== undefined) {
      const known = shapes.get(shape);
      if (known === undefined) shapes.set(shape, shape);
      else shape = known;
    }
    const summary: VerdictSummary = { id: v.id, evidence: v.evidence };
    if (shape !== undefined) summary.shape = shape;
    if (v.enhancedCode !== undefined) summary.enhancedCode = v.enhancedCode;
    return summary;
  };
  const finish = (): void => {
    for (let id = verdicts.length; id < fold.distinctTexts; id++) {
      const text = fold.text(id);
      const key = verdictKey(text);
      let summary = byKey.get(key);
      if (summary === undefined) {
        summary = summarize(text);
        if (byKey.size < MAX_KEYS) byKey.set(key, summary);
      }
      verdicts.push(summary);
    }
  };
  return {
    fold,
    verdicts,
    onDeliverySpan: fold.addSpan,
    onEvent(e) {
      // a local rule for one sender or recipient domain gives the text a cause of its own (rule-mark.ts)
      if (classifier.hasDomainRules && e.text) e.text = classifier.forDelivery(e.text, e.facts.sender, e.recipient);
      const message = fold.add(e);
      if (fold.distinctTexts - verdicts.length >= BATCH) finish();
      if (e.auth) onAuth(e, message);
    },
    finish,
    merge(other, otherVerdicts, lineOffset) {
      finish(); // this fold's own texts first, so that new ones follow in the other fold's order
      const known = fold.distinctTexts;
      const { textMap, messageMap } = fold.merge(other, lineOffset);
      for (let i = 0; i < textMap.length; i++) if (textMap[i]! >= known) verdicts[textMap[i]!] = otherVerdicts[i]!;
      return messageMap;
    },
  };
}
