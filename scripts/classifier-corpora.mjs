/**
 * The labeled corpora the classifier is scored on, in the order the eval reads them: ours (the
 * first three tuned the catalog; the others were scored before any signal was written for them)
 * and the shared corpus of other MTAs' real replies, when the checkout has it beside the project.
 * One list for the eval (scripts/eval-classifier.mjs), the bench (scripts/bench/classify.mjs) and the
 * reach test (test/classifier-reach.test.ts).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const OURS = [
  'classifier-corpus',
  'classifier-holdout',
  'classifier-real-exo',
  'classifier-standards',
  'classifier-providers',
  'classifier-mta-defaults',
  'classifier-tables',
  'classifier-packages',
  'classifier-fragments',
  'classifier-libraries',
];

/** Paths of every corpus file there is, from the project root `root`. */
export function corpusFiles(root) {
  return [
    ...OURS.map((name) => join(root, `test/fixtures/${name}.tsv`)),
    join(root, '../shared/research/real-replies-extra.tsv'),
  ].filter(existsSync);
}
