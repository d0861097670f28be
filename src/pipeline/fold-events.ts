/**
 * What every reader thread does with its events: fold them into deliveries, classify each new
 * distinct text as it first appears, and hand results to the authentication count. Classifying
 * at first sight instead of at report time lets the worker threads of a ranged read share that
 * work (src/pipeline/read-in-ranges.ts).
 */
import { createDeliveryFold, type DeliveryFold } from '../aggregate/delivery-fold.js';
import type { Classifier, Verdict } from '../classify/classifier.js';
import type { TraceEvent } from '../model/trace.js';

export interface FoldingSink {
  fold: DeliveryFold;
  /** by text id of the fold; complete after finish() */
  verdicts: Verdict[];
  onEvent(e: TraceEvent): void;
  /** classifies the texts still waiting */
  finish(): void;
}

/**
 * New texts wait until this many have come, then are classified together: the classifier's
 * regular expressions stay compiled through a batch, while one text at a time between rows let
 * V8 drop and recompile them (classification took 2.5 times as long in npm run bench).
 */
const BATCH = 4096;

export function createFoldingSink(classifier: Classifier, onAuth: (e: TraceEvent) => void): FoldingSink {
  const fold = createDeliveryFold();
  const verdicts: Verdict[] = [];
  const finish = (): void => {
    for (let id = verdicts.length; id < fold.distinctTexts; id++) verdicts.push(classifier.classify(fold.text(id)));
  };
  return {
    fold,
    verdicts,
    onEvent(e) {
      fold.add(e);
      if (fold.distinctTexts - verdicts.length >= BATCH) finish();
      if (e.auth) onAuth(e);
    },
    finish,
  };
}
