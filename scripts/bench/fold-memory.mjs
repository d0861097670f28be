#!/usr/bin/env node
/**
 * What the analysis keeps per delivery: reads a file through the real pipeline in-process and
 * measures the heap it still holds afterwards (run with --expose-gc).
 * Usage: node --expose-gc scripts/bench/fold-memory.mjs FILE
 */
import { createAuthHealth } from '../../dist/aggregate/auth-health.js';
import { createCatalog } from '../../dist/catalog/index.js';
import { summarizeAuth } from '../../dist/classify/auth-summary.js';
import { createClassifier } from '../../dist/classify/classifier.js';
import { defaultLimits } from '../../dist/model/limits.js';
import { ANALYZE_CLASSIFIER } from '../../dist/pipeline/analyze.js';
import { createFoldingSink } from '../../dist/pipeline/fold-events.js';
import { readExportFile } from '../../dist/sources/read-export.js';

const gc = globalThis.gc ?? (() => {});
gc();
const before = process.memoryUsage().heapUsed;
const classifier = createClassifier(createCatalog(), ANALYZE_CLASSIFIER);
const health = createAuthHealth((v) => summarizeAuth(v, classifier));
// The fold, and the verdict of each distinct text, as analyze keeps them.
const { fold, onEvent, onDeliverySpan } = createFoldingSink(classifier, (e) => health.add(e));
let issues = 0;
await readExportFile(process.argv[2], {
  limits: defaultLimits,
  onEvent,
  onDeliverySpan,
  onIssue: () => issues++,
});
gc();
const held = process.memoryUsage().heapUsed - before;
console.log(
  JSON.stringify({
    messages: fold.messages,
    deliveries: fold.deliveries,
    distinctTexts: fold.distinctTexts,
    heapHeldBytes: held,
    bytesPerDelivery: Math.round(held / Math.max(1, fold.deliveries)),
    issues,
  }),
);
