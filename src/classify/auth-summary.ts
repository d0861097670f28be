/** An Authentication-Results value reduced to the per-method results and the verdict. Pure. */
import type { AuthSummary } from '../model/auth.js';
import { authDomain, looksLikeAuthResults, parseAuthResults, resultOf } from './auth-results.js';
import type { Classifier } from './classifier.js';

export function summarizeAuth(value: string, classifier: Classifier): AuthSummary {
  const results = parseAuthResults(value);
  // A column of free text that is not a results value names no verdict.
  const summary: AuthSummary = { verdictId: looksLikeAuthResults(value) ? classifier.classify(value).id : 'unknown' };
  for (const m of ['spf', 'dkim', 'dmarc', 'compauth'] as const) {
    const r = resultOf(results, m);
    if (r) summary[m] = r.result;
  }
  const domain = authDomain(results);
  if (domain) summary.domain = domain;
  return summary;
}
