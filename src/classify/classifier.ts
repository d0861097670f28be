/**
 * The classifier: a failure text or an Authentication-Results value in, a cause out. Pure: no
 * I/O, no clock. Its state is two bounded caches per instance (ClassifierOptions): verdicts by
 * text, and decisions by reply shape (the reply with its addresses, ids and numbers masked),
 * because exports repeat texts, and repeat shapes far more, over millions of rows.
 *
 * Procedure (shared/research/taxonomy.md §1): unwrap the reply, extract codes, mask addresses and
 * IPs, then try the catalog's signal tiers in order (Microsoft's exact wordings and codes, provider
 * phrases, concept keywords, bare family words) and only then the generic enhanced code
 * (CauseSignals). A success reply is never a failure cause, and a text that matches nothing stays
 * `unknown`.
 */
import type { Catalog } from '../catalog/index.js';
import type { LocalRule } from '../catalog/local-rules.js';
import type { CauseSignals } from '../catalog/types.js';
import { MAX_TEXT_CHARS } from '../model/limits.js';
import { looksLikeAuthResults, parseAuthResults } from './auth-results.js';
import { authVerdict } from './auth-verdict.js';
import { parseDetailText, type DetailText } from './detail-text.js';
import { requiredAnyOf } from './required-literal.js';
import { createLiteralIndex } from './literal-index.js';
import { splitMark } from './rule-mark.js';
import { createRuleMatcher } from './rule-matcher.js';

export interface Verdict {
  id: string;
  /** what was read: an SMTP failure text, or an Authentication-Results value */
  kind: 'detail' | 'auth';
  /**
   * what decided: `exact:<pattern>`, `phrase:<pattern>`, `keyword:<pattern>`, `fallback:<pattern>`, `code:<x.y.z>`,
   * `auth:<results>`,
   * `rule:<name>` (a local rule), `no-text`, `no-match`, `success-code`
   */
  evidence: string;
  basicCode?: string;
  enhancedCode?: string;
  /** rule tags found in the text (AS16012609, S3150, ATTR36…) */
  tags?: string[];
  /** the reply without wrappers, for display */
  reply?: string;
  /** the remote server that gave the reply, when the text names it */
  remoteHost?: string;
  /** the reply with addresses and IPs masked: texts of one shape read the same to a person */
  shape?: string;
}

/** What the report keeps of a verdict per distinct text: the cause, how it was decided, its shape and status code. */
export type VerdictSummary = Pick<Verdict, 'id' | 'evidence' | 'shape' | 'enhancedCode'>;

export interface Classifier {
  /** a text marked by forDelivery gets its rule's cause */
  classify(text: string | undefined): Verdict;
  /**
   * The failure text as the fold keeps it for one delivery: marked with the first local rule
   * whose sender or recipient domain condition holds and whose pattern and code match, else the
   * text itself. Only rules with a domain condition are tried here; without any, it is the text.
   */
  forDelivery(text: string, sender: string | undefined, recipient: string): string;
  /** whether any local rule has a domain condition (else forDelivery never marks) */
  readonly hasDomainRules: boolean;
  /** distinct texts classified so far (size of the cache) */
  readonly distinctTexts: number;
  /** distinct reply shapes decided so far (size of the decision cache) */
  readonly distinctShapes: number;
}

export interface ClassifierOptions {
  /** Verdicts cached per distinct text, at most this many (the rest are computed each time). */
  maxCachedTexts?: number;
  /**
   * Decisions cached per reply shape (the reply with addresses and IPs masked), at most this many.
   * Apart from the text cache: a caller that sees each text once turns that one off, never this.
   */
  maxCachedShapes?: number;
  /** local rules (--rules), tried before the catalog, in order */
  rules?: readonly LocalRule[];
}

interface Pattern {
  id: string;
  tier: 'exact' | 'phrase' | 'keyword' | 'fallback';
  source: string;
  re: RegExp;
}

interface CodeRange {
  prefix: string;
  low: number;
  high: number;
  id: string;
}

const TIERS: Array<[keyof CauseSignals, Pattern['tier']]> = [
  ['exact', 'exact'],
  ['phrases', 'phrase'],
  ['keywords', 'keyword'],
  ['fallbacks', 'fallback'],
];

/**
 * How much an enhanced code alone says, by its detail number. RFC 3463 defines them up to the
 * teens (x.7.19): generic, and Microsoft reuses them for unrelated causes. RFC 7372 adds
 * 5.7.20–5.7.27 (one authentication outcome each, though Gmail's 5.7.26 covers SPF and DMARC
 * alike). Microsoft's own codes start at x.y.50 and each names one condition of its NDR
 * reference, whatever words the reply around it uses ("authentication required" in 5.7.133).
 */
function codeWeight(code: string): 'generic' | 'specific' | 'microsoft' {
  const n = Number(code.slice(code.lastIndexOf('.') + 1));
  return n >= 50 ? 'microsoft' : n >= 20 ? 'specific' : 'generic';
}

// starts only where a run of address characters starts: tried from inside every word, the scan
// cost grew with the square of the words' lengths
const ADDRESS = /(?<![\w.+'-])[\w.+'-]+@(?!(?:messaging\.)?microsoft\.com\b)[\w-]+(?:\.[\w-]+)+/g;
const IPV4 = /(?<![\d.])\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}(?![\d.]*\d)/g;

/** The reply with addresses and IPv4 addresses masked: the cache key of a decision. */
function maskVarying(core: string): string {
  return core.indexOf('@') === -1 && !/\d\.\d+\.\d+\.\d/.test(core)
    ? core
    : core.replace(ADDRESS, '@').replace(IPV4, '#ip');
}

/**
 * The time an Exchange wrapper stamps on each reply (`{LRT=11/1/2026 3:04:05 AM}`), in the date
 * shapes exports use. Only such values are taken out: a crafted `{LRT=5.7.1}` stays, since a
 * code there could decide a verdict.
 */
const REPLY_TIME =
  /\{LRT=\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}[ T]\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,7})?(?: ?[AaPp]\.?[Mm]\.?)?Z?\}/g;

/**
 * Texts with the same key get the same verdict, so a caller that sees many distinct texts can
 * classify one per key. The key is the text without its reply time: nearly every failure text
 * of an export is distinct only by it (about six texts per key in the benchmark's exports).
 */
export function verdictKey(text: string): string {
  return text.indexOf('{LRT=') === -1 ? text : text.replace(REPLY_TIME, '{LRT=}');
}

/** `SendAsDeniedException` as `Send As Denied Exception`; the text itself when it has no such word. */
export function splitCamelCase(text: string): string {
  return /[a-z][A-Z]/.test(text) ? text.replace(/([a-z])(?=[A-Z])/g, '$1 ') : text;
}

interface Tier {
  tier: Pattern['tier'];
  patterns: Pattern[];
  /** places of the patterns without literals: they always run */
  always: number[];
  /** per literal number, the places of the patterns that need it (or one of their alternatives' literals) */
  byLiteral: Map<number, number[]>;
}

/** The places of a tier's patterns a text with literals `found` can match, in catalog order. */
function candidates(t: Tier, found: readonly number[]): number[] {
  const out = t.always.slice();
  for (const id of found) {
    const list = t.byLiteral.get(id);
    if (list) for (const i of list) out.push(i);
  }
  return out.sort((a, b) => a - b);
}

/** A 4xx reply, or without a basic code a 4.x.x one: the receiver says to try again. */
function isTemporary(detail: DetailText): boolean {
  return detail.basicCode ? detail.basicCode.startsWith('4') : (detail.enhancedCode?.startsWith('4.') ?? false);
}

/** The catalog's signals, compiled once: the tiers of patterns, their literal index, and codes to causes. */
function compileSignals(catalog: Catalog) {
  const tiers: Tier[] = [];
  const literals: string[] = [];
  const literalIds = new Map<string, number>();
  for (const [field, tier] of TIERS) {
    const patterns: Pattern[] = [];
    const always: number[] = [];
    const byLiteral = new Map<number, number[]>();
    for (const cause of catalog.causes) {
      for (const source of (cause.signals[field] as readonly string[] | undefined) ?? []) {
        // filed under the literals one of which every text it matches has; without any, it always runs
        const place = patterns.push({ id: cause.id, tier, source, re: new RegExp(source, 'i') }) - 1;
        const anyOf = requiredAnyOf(source);
        if (anyOf.length === 0) always.push(place);
        for (const literal of anyOf) {
          let literalId = literalIds.get(literal);
          if (literalId === undefined) {
            literalIds.set(literal, (literalId = literals.length));
            literals.push(literal);
          }
          byLiteral.set(literalId, [...(byLiteral.get(literalId) ?? []), place]);
        }
      }
    }
    tiers.push({ tier, patterns, always, byLiteral });
  }
  // which literals a reply has, in one pass: a pattern whose literal is missing cannot match
  const index = createLiteralIndex(literals);
  const exactCodes = new Map<string, string>();
  const ranges: CodeRange[] = [];
  for (const cause of catalog.causes) {
    for (const code of cause.signals.codes ?? []) {
      const range = /^(\d\.\d{1,3})\.(\d{1,3})-(\d{1,3})$/.exec(code);
      if (range) ranges.push({ prefix: range[1]!, low: +range[2]!, high: +range[3]!, id: cause.id });
      else if (!exactCodes.has(code)) exactCodes.set(code, cause.id);
    }
  }
  function byCode(code: string): string | undefined {
    const exact = exactCodes.get(code);
    if (exact) return exact;
    const dot = code.lastIndexOf('.');
    const prefix = code.slice(0, dot);
    const n = Number(code.slice(dot + 1));
    return ranges.find((r) => r.prefix === prefix && n >= r.low && n <= r.high)?.id;
  }

  return { tiers, index, byCode };
}

export function createClassifier(catalog: Catalog, options: ClassifierOptions = {}): Classifier {
  const { tiers, index, byCode } = compileSignals(catalog);
  const temporaryOf = new Map(catalog.causes.flatMap((c) => (c.whenTemporary ? [[c.id, c.whenTemporary]] : [])));
  const matcher = createRuleMatcher(options.rules ?? []);
  const maxCached = options.maxCachedTexts ?? 100_000;
  const maxShapes = options.maxCachedShapes ?? 100_000;
  const cache = new Map<string, Verdict>();
  // Texts that differ only in their wrappers (the LRT time, the remote IP of a [{LED=…}]) or in
  // the addresses and IPs inside the reply decide alike: the signals read the reply with those
  // masked (but delist@microsoft.com, kept). Decide once per such shape.
  const byReply = new Map<string, { id: string; evidence: string }>();

  function decideDetail(text: string): Verdict {
    const detail = parseDetailText(text);
    const shape = maskVarying(detail.core);
    const key = `${detail.enhancedCode ?? ''}|${detail.basicCode ?? ''}|${shape}`;
    let decision = byReply.get(key);
    if (!decision) {
      decision = decideReply(detail, shape);
      if (byReply.size < maxShapes) byReply.set(key, decision);
    }
    // built field by field, not spread from the decision: spreading cost a third of a known shape's time
    const verdict: Verdict = { id: decision.id, evidence: decision.evidence, kind: 'detail', reply: detail.core };
    if (detail.basicCode) verdict.basicCode = detail.basicCode;
    if (detail.enhancedCode) verdict.enhancedCode = detail.enhancedCode;
    if (detail.tags.length) verdict.tags = detail.tags;
    if (detail.remoteHost) verdict.remoteHost = detail.remoteHost;
    verdict.shape = shape;
    return verdict;
  }

  /** `shape`: the reply with addresses and IPs masked, which the catalog's signals read (none reads an address) */
  function decideReply(detail: DetailText, shape: string): { id: string; evidence: string } {
    if (detail.basicCode?.startsWith('2') || (!detail.basicCode && detail.enhancedCode?.startsWith('2.'))) {
      return { id: 'unknown', evidence: 'success-code' };
    }
    const rule = matcher.forText(detail);
    if (rule) return { id: rule.cause, evidence: `rule:${rule.name}` };
    const decided = decideByCatalog(detail, shape);
    const passing = temporaryOf.get(decided.id);
    return passing && isTemporary(detail)
      ? { id: passing, evidence: `${decided.evidence} (temporary reply)` }
      : decided;
  }

  function decideByCatalog(detail: DetailText, shape: string): { id: string; evidence: string } {
    const code = detail.enhancedCode;
    const codeId = code ? byCode(code) : undefined;
    let text = shape;
    let found = index.found(shape.toLowerCase());
    for (const t of tiers) {
      // Microsoft's own codes (5.7.133, 5.7.509…) outrank other providers' phrases; RFC 7372's
      // outrank generic keywords only.
      const weight = codeId ? codeWeight(code!) : 'generic';
      if ((t.tier === 'phrase' && weight === 'microsoft') || (t.tier === 'keyword' && weight !== 'generic'))
        return { id: codeId!, evidence: `code:${code}` };
      if (t.tier === 'keyword') {
        // concept words hide in exception names: SubmissionQuotaExceededException
        const words = splitCamelCase(shape);
        if (words !== shape) [text, found] = [words, index.found(words.toLowerCase())];
      }
      // the first pattern in catalog order that matches decides; most are ruled out by their literals
      let last = -1;
      for (const i of candidates(t, found)) {
        if (i === last) continue; // a pattern filed under two of the text's literals
        last = i;
        const p = t.patterns[i]!;
        if (p.re.test(text)) return { id: p.id, evidence: `${p.tier}:${p.source}` };
      }
    }
    if (codeId) return { id: codeId, evidence: `code:${code}` };
    return { id: 'unknown', evidence: 'no-match' };
  }

  /**
   * A text forDelivery marked gets its rule's cause, if that rule has a domain condition and
   * matches the text: a mark forged inside a reply can only select what its rule would.
   */
  function decideMarked(text: string): Verdict {
    const { text: whole, rule } = splitMark(text);
    const reply = whole.length > MAX_TEXT_CHARS ? whole.slice(0, MAX_TEXT_CHARS) : whole;
    const verdict = decideDetail(reply);
    const r = rule >= 0 ? matcher.ofMark(rule, parseDetailText(reply)) : undefined;
    return r ? { ...verdict, id: r.cause, evidence: `rule:${r.name}` } : verdict;
  }

  function decideAuth(text: string): Verdict {
    const v = authVerdict(parseAuthResults(text));
    return { id: v.id, kind: 'auth', evidence: `auth:${v.evidence}` };
  }

  return {
    classify(text) {
      if (!text || !text.trim()) return { id: 'unknown', kind: 'detail', evidence: 'no-text' };
      const hit = cache.get(text);
      if (hit) return hit;
      // on its first part only, so that no input (a 10 MB cell) can make classification slow
      const bounded = text.length > MAX_TEXT_CHARS ? text.slice(0, MAX_TEXT_CHARS) : text;
      const verdict = looksLikeAuthResults(bounded) ? decideAuth(bounded) : decideMarked(text);
      if (cache.size < maxCached) cache.set(text, verdict);
      return verdict;
    },
    forDelivery: matcher.forDelivery,
    hasDomainRules: matcher.hasDomainRules,
    get distinctTexts() {
      return cache.size;
    },
    get distinctShapes() {
      return byReply.size;
    },
  };
}
