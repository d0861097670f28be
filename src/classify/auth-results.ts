/**
 * Authentication-Results values (RFC 8601) as Microsoft writes them, and the forms around them:
 * X-MS-Exchange-Authentication-Results, ARC-Authentication-Results (`i=1; mx.microsoft.com 1;
 * …`), the legacy Outlook.com form, and results built from trace custom_data.
 *
 * Microsoft's own quirks (shared/research/auth-headers.md §1, §6): no authserv-id up front, the
 * receiving tenant's domain as a bare token between methods (`smtp.mailfrom=fabrikam.com;
 * contoso.com; dkim=…`), no space after `;`, folded lines, comments in parentheses.
 */

export type AuthMethod = 'spf' | 'dkim' | 'dmarc' | 'compauth' | 'arc';

export interface AuthResult {
  method: AuthMethod;
  /** lower-cased: pass, fail, softfail, neutral, none, temperror, permerror, bestguesspass, softpass… */
  result: string;
  /** `reason=` of compauth, `action=` of dmarc, and ptype.property pairs (smtp.mailfrom, header.from, header.d…) */
  props: Record<string, string>;
  /** parenthesized comments, e.g. `sender IP is 192.0.2.1`, `p=reject sp=reject pct=100` */
  comment: string;
}

const METHODS = new Set<AuthMethod>(['spf', 'dkim', 'dmarc', 'compauth', 'arc']);
const HEADER_NAME = /^\s*(?:x-ms-exchange-)?(?:arc-)?authentication-results(?:-original)?\s*:\s*/i;
const METHOD_TOKEN =
  /(?:^|[\s;])(spf|dkim|dmarc|compauth)\s*=\s*(pass|fail|softfail|hardfail|neutral|none|temperror|permerror|bestguesspass|softpass|policy)\b/i;

/** Is this text an Authentication-Results value rather than an SMTP failure text? */
export function looksLikeAuthResults(text: string): boolean {
  const t = text.replace(HEADER_NAME, '');
  if (/^\s*[#<]*\s*[245]\d\d[\s-]/.test(t) || /(?<![\d.])[245]\.\d{1,3}\.\d{1,3}(?![\d.]*\d)/.test(t)) return false;
  return METHOD_TOKEN.test(t);
}

/** Splits on `;` outside parentheses, after unfolding header continuation lines. */
function tokens(value: string): string[] {
  const s = value.replace(HEADER_NAME, '').replace(/\r?\n[ \t]+/g, ' ');
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '(') depth++;
    else if (c === ')' && depth > 0) depth--;
    else if (c === ';' && depth === 0) {
      out.push(s.slice(start, i));
      start = i + 1;
    }
  }
  out.push(s.slice(start));
  return out.map((t) => t.trim()).filter(Boolean);
}

export function parseAuthResults(value: string): AuthResult[] {
  const results: AuthResult[] = [];
  for (const token of tokens(value)) {
    // A token can hold one method result (the RFC form) or several when `;` is missing.
    const comments: string[] = [];
    const bare = token.replace(/\(([^()]*(?:\([^()]*\)[^()]*)*)\)/g, (_m, c: string) => {
      comments.push(c.trim());
      return ' ';
    });
    const words = bare.split(/\s+/).filter(Boolean);
    let current: AuthResult | undefined;
    for (const word of words) {
      const eq = word.indexOf('=');
      if (eq <= 0) continue; // authserv-id, tenant domain, ARC instance count
      const key = word.slice(0, eq).toLowerCase();
      const val = word.slice(eq + 1).replace(/^"|"$/g, '');
      if (METHODS.has(key as AuthMethod)) {
        current = {
          method: key as AuthMethod,
          result: val.toLowerCase(),
          props: Object.create(null) as Record<string, string>,
          comment: '',
        };
        results.push(current);
      } else if (current) {
        current.props[key] = val;
      }
    }
    if (current && comments.length) current.comment = comments.join('; ');
  }
  return results;
}

/** The first result of a method, preferring a pass when the method appears more than once (two DKIM signatures). */
export function resultOf(results: readonly AuthResult[], method: AuthMethod): AuthResult | undefined {
  const all = results.filter((r) => r.method === method);
  return all.find((r) => r.result === 'pass') ?? all[0];
}

/** The From domain the results speak for: header.from, else the DKIM or SPF domain. */
export function authDomain(results: readonly AuthResult[]): string | undefined {
  for (const [method, prop] of [
    ['dmarc', 'header.from'],
    ['compauth', 'header.from'],
    ['dkim', 'header.d'],
    ['spf', 'smtp.mailfrom'],
  ] as const) {
    const v = resultOf(results, method)?.props[prop];
    if (v && v.toLowerCase() !== 'none') return v.replace(/^.*@/, '').toLowerCase();
  }
  return undefined;
}
