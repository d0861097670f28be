/**
 * The classifier's reach over every labeled corpus (ours, the standards' own replies, and the
 * shared corpus of other MTAs' real replies with our label corrections): the numbers
 * `npm run eval:classifier` prints, held as floors so that a change that loses reach fails.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCatalog } from '../src/catalog/index.js';
import type { Cause } from '../src/catalog/types.js';
import { createClassifier } from '../src/classify/classifier.js';
import { alternatives } from '../src/classify/required-literal.js';
import {
  applyCorrections,
  evaluate,
  leaveOneSourceOut,
  parseAnyCorpus,
  parseCorpus,
  parseCorrections,
} from '../src/classify/evaluate.js';
import { corpusFiles } from '../scripts/classifier-corpora.mjs';
import { repoRoot } from './helpers/files.js';

const read = (path: string) => readFileSync(join(repoRoot, path), 'utf8');
const shared = parseAnyCorpus(read('../shared/research/real-replies-extra.tsv'));
const corrections = parseCorrections(read('test/fixtures/classifier-label-corrections.tsv'));
const standards = parseCorpus(read('test/fixtures/classifier-standards.tsv'));
// the eval's and the bench's own list: a new corpus file is scored here as soon as it is listed there
const { corpus } = applyCorrections(
  corpusFiles(repoRoot).flatMap((path) => parseAnyCorpus(readFileSync(path, 'utf8'))),
  corrections,
);
const catalog = createCatalog();
const build = (causes: readonly Cause[]) => {
  const c = createCatalog(causes);
  return { catalog: c, classifier: createClassifier(c) };
};

describe('label corrections to the shared corpus', () => {
  it('each names a text the shared corpus has, a label it does not give, a known cause and a reason', () => {
    expect(corrections.length).toBeGreaterThan(0);
    for (const c of corrections) {
      const there = shared.find((t) => t.text === c.text);
      expect(there, c.text).toBeDefined();
      expect(there!.expected).not.toBe(c.expected);
      expect(catalog.byId(c.expected).id).toBe(c.expected);
      expect(c.why.length).toBeGreaterThan(30);
    }
  });

  it('are what the classifier says of those texts', () => {
    const classifier = createClassifier(catalog);
    for (const c of corrections) expect(classifier.classify(c.text).id, c.text).toBe(c.expected);
  });
});

describe("the standards' own reply texts (RFC 5321, 7372, 7505)", () => {
  it('are all classified as labeled, and those that name no cause stay unknown', () => {
    const r = evaluate(standards, createClassifier(catalog), catalog);
    expect(standards.filter((t) => t.expected === 'unknown').length).toBeGreaterThanOrEqual(6);
    expect(r.misses.map((m) => `line ${m.line}: ${m.expected}, got ${m.got} (${m.evidence})`)).toEqual([]);
  });
});

describe('reach over every corpus', () => {
  it('has at least 800 texts from at least 40 sources', () => {
    const score = leaveOneSourceOut(corpus, catalog.causes, build);
    expect(score.total).toBeGreaterThanOrEqual(800);
    expect(score.sources).toBeGreaterThanOrEqual(40);
  });

  it('is right for 99% of the texts with the whole catalog, owner right for 98%', () => {
    const r = evaluate(corpus, createClassifier(catalog), catalog);
    const misses = r.misses.map((m) => `${m.origin} line ${m.line}: ${m.expected}, got ${m.got} (${m.evidence})`);
    expect(r.correct / r.total, misses.join('\n')).toBeGreaterThanOrEqual(0.99);
    expect(r.ownerCorrect / r.total).toBeGreaterThanOrEqual(0.98);
  });

  it('left out, each source is still mostly right, and no cause is invented for a text that names none', () => {
    const score = leaveOneSourceOut(corpus, catalog.causes, build);
    // a floor under today's 87.6%, not the goal (97%): it fails when a change loses reach
    expect(score.looCorrect / score.total).toBeGreaterThanOrEqual(0.87);
    expect(score.labeledUnknown).toBeGreaterThanOrEqual(40);
    expect(score.invented).toBe(0);
  });

  it('hides no alternatives inside one group: the left-out score needs each to stand on its own', () => {
    // `(?:A|B)` would be one alternative to the left-out score, and A could borrow B's support
    const wrapsAlternatives = (alt: string): boolean => {
      if (!alt.startsWith('(') || /^\(\?<?[=!]/.test(alt)) return false;
      let depth = 0;
      for (let i = 0; i < alt.length; i++) {
        const c = alt[i];
        if (c === '\\') i++;
        else if (c === '[') while (i < alt.length && alt[i] !== ']') i += alt[i] === '\\' ? 2 : 1;
        else if (c === '(') depth++;
        else if (c === ')' && --depth === 0)
          return i === alt.length - 1 && alternatives(alt.slice(alt.startsWith('(?:') ? 3 : 1, -1)).length > 1;
      }
      return false;
    };
    const wrapped = catalog.causes.flatMap((c) =>
      (['exact', 'phrases', 'keywords', 'fallbacks'] as const).flatMap((tier) =>
        (c.signals[tier] ?? [])
          .flatMap(alternatives)
          .filter(wrapsAlternatives)
          .map((a) => `${c.id} ${tier}: ${a}`),
      ),
    );
    expect(wrapped).toEqual([]);
    expect(wrapsAlternatives('(?:valid|invalid) header\\b|(?:date|from) header')).toBe(false);
    expect(wrapsAlternatives('(?:\\bvalid from\\b|\\bfrom header\\b)')).toBe(true);
  });
});
