/**
 * Scoring the classifier against a labeled corpus (test/fixtures/classifier-corpus.tsv):
 * used by `npm run eval:classifier` and by the corpus test. Pure.
 */
import { createCatalog, type Catalog } from '../catalog/index.js';
import type { Cause } from '../catalog/types.js';
import { createClassifier, splitCamelCase, type Classifier } from './classifier.js';
import { alternatives } from './required-literal.js';

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

/**
 * Reads the shared corpus layout (`text<TAB>expected<TAB>owner<TAB>source`, a header line first):
 * ../shared/research/real-replies-extra.tsv.
 */
export function parseSharedCorpus(tsv: string): LabeledText[] {
  return tsv
    .split(/\r?\n/)
    .slice(1)
    .flatMap((line, i) => {
      const [text, expected, , source] = line.split('\t');
      return text && expected && source ? [{ expected, origin: source, text, line: i + 2 }] : [];
    });
}

/** Either layout, told apart by the shared one's header. */
export function parseAnyCorpus(tsv: string): LabeledText[] {
  return tsv.startsWith('text\texpected') ? parseSharedCorpus(tsv) : parseCorpus(tsv);
}

export interface LabelCorrection {
  text: string;
  expected: string;
  why: string;
}

/**
 * Our corrections to labels of a corpus we do not own (`expected<TAB>why<TAB>text` per line, `#`
 * comments): test/fixtures/classifier-label-corrections.tsv, each saying why we disagree.
 */
export function parseCorrections(tsv: string): LabelCorrection[] {
  const out: LabelCorrection[] = [];
  tsv.split(/\r?\n/).forEach((line, i) => {
    if (!line.trim() || line.startsWith('#')) return;
    const [expected, why, ...rest] = line.split('\t');
    if (!expected || !why || rest.length === 0)
      throw new Error(`corrections line ${i + 1}: expected id<TAB>why<TAB>text`);
    out.push({ expected, why, text: rest.join('\t') });
  });
  return out;
}

/** The corpus with the corrected labels; `applied` counts the corrections that found their text. */
export function applyCorrections(
  corpus: readonly LabeledText[],
  corrections: readonly LabelCorrection[],
): { corpus: LabeledText[]; applied: number } {
  const byText = new Map(corrections.map((c) => [c.text, c.expected]));
  let applied = 0;
  const out = corpus.map((t) => {
    const expected = byText.get(t.text);
    if (expected === undefined || expected === t.expected) return t;
    applied++;
    return { ...t, expected };
  });
  return { corpus: out, applied };
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

/**
 * One provider under several names in the corpora: Microsoft's Exchange (Online and Server share
 * their code and wordings, whether a text came from our own corpus, Microsoft's documentation or
 * its docs repository), Outlook.com, Google, Yahoo (AOL's mail is Yahoo's), Apple, Postfix. Left
 * out together, so that no provider's wording supports itself under another name.
 */
const PROVIDERS: ReadonlyArray<[RegExp, string]> = [
  [
    /^(exo|exo-ndr|exo-onprem|exchange(-\d+|-onprem)?|microsoft|microsoftdocs\/.*|microsoftgraph\/.*|learn\.microsoft\.com|techcommunity\.microsoft\.com)$/i,
    'Microsoft Exchange',
  ],
  [/^(outlook\.com|outlook-legacy|hotmail|sendersupport\.olc\.protection\.outlook\.com)$/i, 'Outlook.com'],
  [/^(gmail|google-groups|support\.google\.com)$/i, 'Google'],
  [/^(yahoo|aol|senders\.yahooinc\.com)$/i, 'Yahoo'],
  [/^(icloud|apple)$/i, 'Apple'],
  [/^(postfix|postfix-dsn)$/i, 'Postfix'],
];

/**
 * The provider or project a corpus origin names: `rjbs/Mail-…:t/corpus/x.msg` → `rjbs/Mail-…`, a URL
 * → its host, and the names of one provider (PROVIDERS) → that provider.
 */
export function sourceOf(origin: string): string {
  let name = origin.split(/[:\s]/)[0]!;
  if (/^https?:\/\//i.test(origin)) {
    try {
      name = new URL(origin).hostname.replace(/^www\./, '');
    } catch {
      name = origin;
    }
  }
  return PROVIDERS.find(([re]) => re.test(name))?.[1] ?? name;
}

export interface HonestScore {
  /** each source's texts classified by a catalog without the signals only that source's texts match */
  looCorrect: number;
  looOwnerCorrect: number;
  total: number;
  sources: number;
  /** texts labeled unknown (no cause can be named), and how many of them got a cause anyway */
  labeledUnknown: number;
  invented: number;
  /** per source: texts and right answers left out */
  perSource: Array<{ source: string; total: number; correct: number }>;
  misses: Miss[];
}

type SignalField = 'exact' | 'phrases' | 'keywords' | 'fallbacks';
const FIELDS: readonly SignalField[] = ['exact', 'phrases', 'keywords', 'fallbacks'];

/**
 * Leave-one-source-out: a rule-based catalog has no training step to repeat, so the score asks
 * instead which of its signals only one source's wording supports. A text supports a signal when
 * it matches it and is labeled with the signal's cause (a text that has the words but names another
 * cause vouches for nothing). For each source, the signals only its texts support are taken out
 * (the ones other sources' texts support stay, and so do the ones no corpus text supports: they
 * come from documentation), and the source's texts are classified by what is left. A signal
 * written for one provider's sentence shows up as a miss there.
 */
export function leaveOneSourceOut(
  corpus: readonly LabeledText[],
  causes: readonly Cause[],
  build: (causes: readonly Cause[]) => { classifier: Classifier; catalog: Catalog },
  /** signal tiers kept whole (`exact`: the tokens providers document, which no corpus taught) */
  keep: readonly SignalField[] = [],
): HonestScore {
  const bySource = new Map<string, LabeledText[]>();
  for (const t of corpus) {
    const s = sourceOf(t.origin);
    bySource.set(s, [...(bySource.get(s) ?? []), t]);
  }
  // What the classifier reads of each text: the reply with addresses and IPs masked, and its
  // exception names split into words (keywords read those too), so that a word inside an address
  // supports nothing.
  const reader = createClassifier(createCatalog([]), { maxCachedTexts: 0 });
  const readings = new Map<LabeledText, string[]>();
  for (const t of corpus) {
    const shape = reader.classify(t.text).shape ?? t.text;
    readings.set(t, [shape, splitCamelCase(shape)]);
  }
  // per alternative of each pattern (split at its top-level |, since one pattern's alternatives
  // may each come from another source), the sources whose texts of its cause it matches
  const support = new Map<string, Set<string>>();
  for (const cause of causes)
    for (const field of FIELDS)
      for (const pattern of cause.signals[field] ?? [])
        for (const alt of alternatives(pattern)) {
          const re = new RegExp(alt, 'i');
          const sources = new Set<string>();
          for (const [source, texts] of bySource)
            if (texts.some((t) => t.expected === cause.id && readings.get(t)!.some((r) => re.test(r))))
              sources.add(source);
          support.set(`${cause.id}\u0000${field}\u0000${alt}`, sources);
        }
  const out: HonestScore = {
    looCorrect: 0,
    looOwnerCorrect: 0,
    total: corpus.length,
    sources: bySource.size,
    labeledUnknown: 0,
    invented: 0,
    perSource: [],
    misses: [],
  };
  for (const [source, texts] of bySource) {
    const onlyHere = (id: string, field: SignalField, alt: string) => {
      if (keep.includes(field)) return false;
      const s = support.get(`${id}\u0000${field}\u0000${alt}`);
      return s !== undefined && s.size === 1 && s.has(source);
    };
    // each pattern without its alternatives only this source supports (none left: the pattern goes)
    const kept = (id: string, field: SignalField, pattern: string) =>
      alternatives(pattern)
        .filter((alt) => !onlyHere(id, field, alt))
        .join('|');
    const without = causes.map((c) => ({
      ...c,
      signals: Object.fromEntries(
        Object.entries(c.signals).map(([field, list]) => [
          field,
          FIELDS.includes(field as SignalField)
            ? (list as readonly string[]).map((p) => kept(c.id, field as SignalField, p)).filter((p) => p !== '')
            : list,
        ]),
      ) as Cause['signals'],
    }));
    const { classifier, catalog } = build(without);
    let correct = 0;
    for (const t of texts) {
      const v = classifier.classify(t.text);
      if (v.id === t.expected) correct++;
      else out.misses.push({ ...t, got: v.id, evidence: v.evidence });
      if (catalog.byId(v.id).owner === catalog.byId(t.expected).owner) out.looOwnerCorrect++;
      if (t.expected === 'unknown') {
        out.labeledUnknown++;
        if (v.id !== 'unknown') out.invented++;
      }
    }
    out.looCorrect += correct;
    out.perSource.push({ source, total: texts.length, correct });
  }
  out.perSource.sort((a, b) => b.total - a.total || a.source.localeCompare(b.source));
  return out;
}
