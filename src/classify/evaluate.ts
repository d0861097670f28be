/**
 * Scoring the classifier against a labeled corpus (test/fixtures/classifier-corpus.tsv):
 * used by `npm run eval:classifier` and by the corpus test. Pure.
 */
import type { Catalog } from '../catalog/index.js';
import type { Classifier } from './classifier.js';

export interface LabeledText {
  expected: string;
  origin: string;
  text: string;
  line: number;
}

export interface Miss extends LabeledText {
  got: string;
  evidence: string;
}

export interface IdScore {
  id: string;
  total: number;
  correct: number;
}

export interface Evaluation {
  total: number;
  correct: number;
  /** the predicted cause has the expected cause's owner (right person told to act) */
  ownerCorrect: number;
  perId: IdScore[];
  misses: Miss[];
}

/** Reads the corpus: `id<TAB>origin<TAB>text` per line, `#` comments. */
export function parseCorpus(tsv: string): LabeledText[] {
  const out: LabeledText[] = [];
  tsv.split(/\r?\n/).forEach((line, i) => {
    if (!line.trim() || line.startsWith('#')) return;
    const [expected, origin, ...rest] = line.split('\t');
    if (!expected || origin === undefined || rest.length === 0)
      throw new Error(`corpus line ${i + 1}: expected id<TAB>origin<TAB>text`);
    out.push({ expected, origin, text: rest.join('\t'), line: i + 1 });
  });
  return out;
}

export function evaluate(corpus: readonly LabeledText[], classifier: Classifier, catalog: Catalog): Evaluation {
  const perId = new Map<string, IdScore>();
  const misses: Miss[] = [];
  let correct = 0;
  let ownerCorrect = 0;
  for (const item of corpus) {
    const verdict = classifier.classify(item.text);
    const score = perId.get(item.expected) ?? { id: item.expected, total: 0, correct: 0 };
    score.total++;
    if (verdict.id === item.expected) {
      score.correct++;
      correct++;
    } else {
      misses.push({ ...item, got: verdict.id, evidence: verdict.evidence });
    }
    if (catalog.byId(verdict.id).owner === catalog.byId(item.expected).owner) ownerCorrect++;
    perId.set(item.expected, score);
  }
  return {
    total: corpus.length,
    correct,
    ownerCorrect,
    perId: [...perId.values()].sort((a, b) => a.id.localeCompare(b.id)),
    misses,
  };
}
