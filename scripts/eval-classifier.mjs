#!/usr/bin/env node
/**
 * Prints the classifier's accuracy on the labeled corpus, per cause id and overall, and the texts
 * it gets wrong. Run: npm run eval:classifier   (builds first)
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCatalog } from '../dist/catalog/index.js';
import { createClassifier } from '../dist/classify/classifier.js';
import { evaluate, parseCorpus } from '../dist/classify/evaluate.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const corpusPath = process.argv[2] ?? join(root, 'test/fixtures/classifier-corpus.tsv');
const catalog = createCatalog();
const result = evaluate(parseCorpus(readFileSync(corpusPath, 'utf8')), createClassifier(catalog), catalog);

const pct = (n, d) => (d ? ((100 * n) / d).toFixed(1) : '-') + '%';
const width = Math.max(...result.perId.map((s) => s.id.length));
console.log(`${'cause id'.padEnd(width)}  texts  right  accuracy`);
for (const s of result.perId)
  console.log(
    `${s.id.padEnd(width)}  ${String(s.total).padStart(5)}  ${String(s.correct).padStart(5)}  ${pct(s.correct, s.total).padStart(8)}`,
  );
console.log('');
console.log(
  `overall: ${result.correct}/${result.total} = ${pct(result.correct, result.total)} right; owner right for ${pct(result.ownerCorrect, result.total)}; ${result.perId.length} ids in the corpus`,
);
if (result.misses.length) {
  console.log('\nmisses:');
  for (const m of result.misses)
    console.log(
      `  line ${m.line}: expected ${m.expected}, got ${m.got} (${m.evidence}) [${m.origin}] ${m.text.slice(0, 160)}`,
    );
}
