/**
 * The classifier: failure text in, cause out. Pure: no I/O, no clock; the only state is a
 * per-instance cache of verdicts by text, because exports repeat a few hundred distinct texts
 * over millions of rows.
 */
import type { Catalog } from '../catalog/index.js';
import { parseDetailText } from './detail-text.js';

export interface Verdict {
  id: string;
  /** what decided: `phrase:<pattern>`, `code:<x.y.z>`, `no-text`, `no-match` */
  evidence: string;
  basicCode?: string;
  enhancedCode?: string;
  /** the reply without Exchange's wrappers, for display */
  reply?: string;
  /** the remote server that gave the reply, when the text names it */
  remoteHost?: string;
}

export interface Classifier {
  classify(text: string | undefined): Verdict;
  /** distinct texts seen (size of the cache) */
  readonly distinctTexts: number;
}

interface CompiledPhrase {
  id: string;
  source: string;
  re: RegExp;
}

export interface ClassifierOptions {
  /** Verdicts cached per distinct text, at most this many (the rest are computed each time). */
  maxCachedTexts?: number;
}

export function createClassifier(catalog: Catalog, options: ClassifierOptions = {}): Classifier {
  const phrases: CompiledPhrase[] = [];
  const codes = new Map<string, string>();
  for (const cause of catalog.causes) {
    for (const p of cause.signals.phrases ?? []) phrases.push({ id: cause.id, source: p, re: new RegExp(p, 'i') });
    for (const c of cause.signals.codes ?? []) if (!codes.has(c)) codes.set(c, cause.id);
  }
  const maxCached = options.maxCachedTexts ?? 100_000;
  const cache = new Map<string, Verdict>();

  function decide(text: string): Verdict {
    const detail = parseDetailText(text);
    const base: Omit<Verdict, 'id' | 'evidence'> = { reply: detail.core };
    if (detail.basicCode) base.basicCode = detail.basicCode;
    if (detail.enhancedCode) base.enhancedCode = detail.enhancedCode;
    if (detail.remoteHost) base.remoteHost = detail.remoteHost;

    // A success reply is not a failure reason, whatever words follow it.
    if (detail.basicCode?.startsWith('2') || detail.enhancedCode?.startsWith('2.')) {
      return { id: 'unknown', evidence: 'success-code', ...base };
    }
    for (const p of phrases) {
      if (p.re.test(detail.core)) return { id: p.id, evidence: `phrase:${p.source}`, ...base };
    }
    if (detail.enhancedCode) {
      const id = codes.get(detail.enhancedCode);
      if (id) return { id, evidence: `code:${detail.enhancedCode}`, ...base };
    }
    return { id: 'unknown', evidence: 'no-match', ...base };
  }

  return {
    classify(text) {
      if (!text || !text.trim()) return { id: 'unknown', evidence: 'no-text' };
      const hit = cache.get(text);
      if (hit) return hit;
      const verdict = decide(text);
      if (cache.size < maxCached) cache.set(text, verdict);
      return verdict;
    },
    get distinctTexts() {
      return cache.size;
    },
  };
}
