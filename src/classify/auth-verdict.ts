/**
 * The cause an Authentication-Results value points to, by the precedence of taxonomy.md §2.11
 * (first rule that matches wins). Pure.
 */
import { resultOf, type AuthResult } from './auth-results.js';

export interface AuthVerdict {
  id: string;
  /** the results that decided, e.g. `dmarc=fail action=oreject` */
  evidence: string;
}

const REJECT_ACTIONS = new Set(['oreject', 'o.reject', 'reject', 'pct.reject']);
const QUARANTINE_ACTIONS = new Set(['quarantine', 'pct.quarantine', 'oquarantine', 'o.quarantine']);

function describe(r: AuthResult, ...props: string[]): string {
  const extra = props.map((p) => (r.props[p] ? ` ${p}=${r.props[p]}` : '')).join('');
  return `${r.method}=${r.result}${extra}`;
}

/** DMARC's policy when `action=` is missing: ARC results carry it as a comment `(p=reject sp=… pct=…)`. */
function dmarcPolicy(r: AuthResult): string | undefined {
  const action = r.props['action']?.toLowerCase();
  if (action) return action;
  return /\bp=(reject|quarantine|none)\b/i.exec(r.comment)?.[1]?.toLowerCase();
}

export function authVerdict(results: readonly AuthResult[]): AuthVerdict {
  const spf = resultOf(results, 'spf');
  const dkim = resultOf(results, 'dkim');
  const dmarc = resultOf(results, 'dmarc');
  const compauth = resultOf(results, 'compauth');
  const reason = compauth?.props['reason'] ?? '';

  if (compauth?.result === 'fail' && (/^6\d\d$/.test(reason) || reason === '010'))
    return { id: 'auth.spoof.intra-org', evidence: describe(compauth, 'reason') };
  if (compauth?.result === 'fail' && reason === '002')
    return { id: 'auth.spoof.blocked-by-policy', evidence: describe(compauth, 'reason') };
  if (dmarc?.result === 'fail') {
    const policy = dmarcPolicy(dmarc);
    if (policy && REJECT_ACTIONS.has(policy))
      return { id: 'auth.dmarc.reject', evidence: `dmarc=fail action=${policy}` };
    if (policy && QUARANTINE_ACTIONS.has(policy))
      return { id: 'auth.dmarc.quarantine', evidence: `dmarc=fail action=${policy}` };
  }
  if (spf?.result === 'permerror') return { id: 'auth.spf.permerror', evidence: 'spf=permerror' };
  if (dmarc?.result === 'permerror') return { id: 'auth.spf.permerror', evidence: 'dmarc=permerror' };
  if (spf?.result === 'temperror' || dmarc?.result === 'temperror')
    return { id: 'auth.temperror', evidence: spf?.result === 'temperror' ? 'spf=temperror' : 'dmarc=temperror' };
  if (compauth?.result === 'pass' || dmarc?.result === 'pass' || dmarc?.result === 'bestguesspass') {
    return { id: 'unknown', evidence: compauth?.result === 'pass' ? describe(compauth, 'reason') : describe(dmarc!) };
  }
  if (compauth?.result === 'fail' && (reason === '000' || reason === '001'))
    return { id: 'auth.compauth.fail-implicit', evidence: describe(compauth, 'reason') };
  if (dmarc?.result === 'fail' && (dmarcPolicy(dmarc) ?? 'none') === 'none')
    return { id: 'auth.dmarc.fail-monitor', evidence: 'dmarc=fail action=none' };
  if (spf?.result === 'fail' || spf?.result === 'hardfail') return { id: 'auth.spf.fail', evidence: 'spf=fail' };
  if (dkim?.result === 'fail') return { id: 'auth.dkim.fail', evidence: 'dkim=fail' };
  if (spf?.result === 'softfail') return { id: 'auth.spf.softfail', evidence: 'spf=softfail' };
  const anyPass = results.some((r) => r.method !== 'arc' && r.result === 'pass');
  if (!compauth && !anyPass && (spf || dkim || dmarc))
    return {
      id: 'auth.unauthenticated',
      evidence: [spf, dkim, dmarc]
        .filter(Boolean)
        .map((r) => describe(r!))
        .join(' '),
    };
  return { id: 'unknown', evidence: results.length ? results.map((r) => describe(r)).join(' ') : 'no-results' };
}
