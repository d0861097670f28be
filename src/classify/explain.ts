/**
 * One text explained: the verdict joined with its catalog entry, and for an
 * Authentication-Results value the results that were read. What `exotrace explain` prints.
 */
import type { Catalog } from '../catalog/index.js';
import type { Owner } from '../catalog/types.js';
import { authDomain, looksLikeAuthResults, parseAuthResults, resultOf, type AuthMethod } from './auth-results.js';
import type { Classifier } from './classifier.js';
import { visibleText } from './rule-mark.js';

export interface Explanation {
  text: string;
  kind: 'detail' | 'auth';
  id: string;
  title: string;
  owner: Owner;
  explanation: string;
  fix: string[];
  references: string[];
  /** what decided: the pattern, code or authentication results */
  evidence: string;
  codes: { basic?: string; enhanced?: string; tags?: string[] };
  reply?: string;
  remoteHost?: string;
  /** for Authentication-Results: each method's result, and the domain they speak for */
  auth?: Partial<Record<AuthMethod, string>> & { domain?: string; compauthReason?: string; dmarcAction?: string };
}

/** `marked`: the text, or the text marked for a delivery by Classifier.forDelivery */
export function explainText(marked: string, classifier: Classifier, catalog: Catalog): Explanation {
  const v = classifier.classify(marked);
  const text = visibleText(marked);
  const cause = catalog.byId(v.id);
  const out: Explanation = {
    text,
    kind: v.kind,
    id: cause.id,
    title: cause.title,
    owner: cause.owner,
    explanation: cause.explanation,
    fix: [...cause.fix],
    references: [...cause.references],
    evidence: v.evidence,
    codes: {},
  };
  if (v.basicCode) out.codes.basic = v.basicCode;
  if (v.enhancedCode) out.codes.enhanced = v.enhancedCode;
  if (v.tags) out.codes.tags = v.tags;
  if (v.reply && v.reply !== text) out.reply = v.reply;
  if (v.remoteHost) out.remoteHost = v.remoteHost;
  if (v.kind === 'auth' && looksLikeAuthResults(text)) {
    const results = parseAuthResults(text);
    const auth: NonNullable<Explanation['auth']> = {};
    for (const m of ['spf', 'dkim', 'dmarc', 'compauth', 'arc'] as const) {
      const r = resultOf(results, m);
      if (r) auth[m] = r.result;
    }
    const reason = resultOf(results, 'compauth')?.props['reason'];
    if (reason) auth.compauthReason = reason;
    const action = resultOf(results, 'dmarc')?.props['action'];
    if (action) auth.dmarcAction = action;
    const domain = authDomain(results);
    if (domain) auth.domain = domain;
    out.auth = auth;
  }
  return out;
}
