#!/usr/bin/env node
/**
 * What classifying a new distinct text costs: every text of the labeled corpora, made new
 * many times over, classified by a fresh classifier. Two cases: texts that differ only in what the
 * classifier masks (addresses, IPs, times: the shape cache answers), and texts of a new shape each
 * (a word nobody wrote, so every signal tier runs). Target: at most 20 µs per new text.
 *
 *   npm run bench:classify
 *   node scripts/bench/classify.mjs --unfiled   # also list the patterns without a literal
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCatalog } from '../../dist/catalog/index.js';
import { createClassifier } from '../../dist/classify/classifier.js';
import { requiredAnyOf } from '../../dist/classify/required-literal.js';
import { parseAnyCorpus } from '../../dist/classify/evaluate.js';
import { corpusFiles } from '../classifier-corpora.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
// every labeled text there is (scripts/classifier-corpora.mjs), as the eval reads them
const texts = corpusFiles(root).flatMap((f) => parseAnyCorpus(readFileSync(f, 'utf8')).map((t) => t.text));

const catalog = createCatalog();
const patterns = catalog.causes.reduce(
  (n, c) =>
    n +
    (c.signals.exact?.length ?? 0) +
    (c.signals.phrases?.length ?? 0) +
    (c.signals.keywords?.length ?? 0) +
    (c.signals.fallbacks?.length ?? 0),
  0,
);
// patterns the literal index cannot file (no literal every match has): they run on every new shape
const unfiled = catalog.causes.flatMap((c) =>
  ['exact', 'phrases', 'keywords', 'fallbacks'].flatMap((f) =>
    (c.signals[f] ?? []).filter((p) => requiredAnyOf(p).length === 0).map((p) => `${c.id} ${f}: ${p.slice(0, 60)}`),
  ),
);
const ROUNDS = 60;
function run(label, make) {
  const classifier = createClassifier(catalog, { maxCachedTexts: 0 });
  // warm the regular expressions once, as a long analysis has them
  for (const t of texts) classifier.classify(`${t} warm-up`);
  const started = process.hrtime.bigint();
  let n = 0;
  for (let r = 0; r < ROUNDS; r++)
    for (const t of texts) {
      classifier.classify(make(t, r, n));
      n++;
    }
  const us = Number(process.hrtime.bigint() - started) / 1000 / n;
  console.log(
    `${label.padEnd(44)} ${n.toLocaleString('en-US').padStart(8)} texts  ${us.toFixed(1).padStart(6)} µs per text`,
  );
}
console.log(
  `\nclassifying new distinct texts: ${texts.length} corpus texts × ${ROUNDS}, catalog of ${catalog.causes.length} causes and ${patterns} patterns (target ≤ 20 µs)`,
);
console.log(`patterns without a literal, run on every new shape: ${unfiled.length}`);
if (process.argv.includes('--unfiled')) for (const u of unfiled) console.log(`  ${u}`);
run('new text, known shape (address/IP differ)', (t, r, n) => `${t} <u${n}@contoso.example> [192.0.2.${r % 250}]`);
run('new text, new shape (an unknown word)', (t, r, n) => `${t} zq${n.toString(36)}x`);
