/** Authentication-Results values as Microsoft and others write them, and their verdicts (taxonomy §2.11). */
import { describe, expect, it } from 'vitest';
import { authDomain, looksLikeAuthResults, parseAuthResults, resultOf } from '../src/classify/auth-results.js';
import { authVerdict } from '../src/classify/auth-verdict.js';

const verdictOf = (v: string) => authVerdict(parseAuthResults(v)).id;

describe('Authentication-Results parsing', () => {
  it('reads the EXO form with the tenant domain between methods, folded lines and no spaces after ;', () => {
    const v =
      'Authentication-Results: spf=none (sender IP is 10.2.3.4)\r\n  smtp.mailfrom=fabrikam.com; contoso.com; dkim=none\r\n  (message not signed) header.d=none; contoso.com; dmarc=none\r\n  action=none header.from=fabrikam.com;compauth=fail reason=001';
    const r = parseAuthResults(v);
    expect(r.map((x) => `${x.method}=${x.result}`)).toEqual(['spf=none', 'dkim=none', 'dmarc=none', 'compauth=fail']);
    expect(resultOf(r, 'spf')).toMatchObject({
      props: { 'smtp.mailfrom': 'fabrikam.com' },
      comment: 'sender IP is 10.2.3.4',
    });
    expect(resultOf(r, 'compauth')!.props['reason']).toBe('001');
    expect(authDomain(r)).toBe('fabrikam.com');
  });

  it('reads the ARC form with the DMARC policy in a comment', () => {
    const r = parseAuthResults(
      'i=1; mx.microsoft.com 1; spf=fail (sender ip is 192.0.2.7) smtp.rcpttodomain=fabrikam.com smtp.mailfrom=contoso.com; dmarc=fail (p=reject sp=reject pct=100) action=oreject header.from=contoso.com; dkim=none (message not signed); arc=none (0)',
    );
    expect(r.map((x) => x.method)).toEqual(['spf', 'dmarc', 'dkim', 'arc']);
    expect(resultOf(r, 'dmarc')).toMatchObject({
      result: 'fail',
      comment: 'p=reject sp=reject pct=100',
      props: { action: 'oreject', 'header.from': 'contoso.com' },
    });
  });

  it('prefers a passing signature when DKIM appears twice', () => {
    const r = parseAuthResults(
      'dkim=fail (body hash did not verify) header.d=mailer.example.com; dkim=pass (signature was verified) header.d=contoso.com; dmarc=pass action=none header.from=contoso.com',
    );
    expect(resultOf(r, 'dkim')!.props['header.d']).toBe('contoso.com');
  });

  it('tells an Authentication-Results value from a failure text that quotes one', () => {
    expect(looksLikeAuthResults('spf=pass (sender IP is 10.2.3.4) smtp.mailfrom=contoso.com; dkim=pass')).toBe(true);
    expect(looksLikeAuthResults('X-MS-Exchange-Authentication-Results: spf=fail smtp.mailfrom=contoso.com')).toBe(true);
    expect(looksLikeAuthResults('550 5.7.26 Authentication results: dkim=none spf=fail')).toBe(false);
    expect(looksLikeAuthResults('550-5.7.26 Unauthenticated email, spf=fail')).toBe(false);
    expect(looksLikeAuthResults('The message was successfully delivered.')).toBe(false);
  });

  it('survives junk without throwing', () => {
    for (const junk of ['', ';;;', '((((', 'spf=', '=pass', 'dmarc=fail (p=reject', 'a'.repeat(10000)])
      expect(() => authVerdict(parseAuthResults(junk))).not.toThrow();
  });
});

describe('verdict precedence', () => {
  it.each([
    [
      'compauth=fail reason=601 wins over a DMARC reject',
      'spf=fail smtp.mailfrom=contoso.com; dmarc=fail action=oreject header.from=contoso.com;compauth=fail reason=601',
      'auth.spoof.intra-org',
    ],
    [
      'compauth reason 010 is intra-org',
      'dmarc=fail action=quarantine header.from=contoso.com; compauth=fail reason=010',
      'auth.spoof.intra-org',
    ],
    [
      'compauth reason 002 is an admin block',
      'spf=none; dmarc=none action=none; compauth=fail reason=002',
      'auth.spoof.blocked-by-policy',
    ],
    [
      'DMARC oreject',
      'spf=softfail smtp.mailfrom=x.com; dmarc=fail action=oreject header.from=x.com',
      'auth.dmarc.reject',
    ],
    ['DMARC pct.reject', 'dmarc=fail action=pct.reject header.from=x.com', 'auth.dmarc.reject'],
    [
      'DMARC reject policy from the ARC comment',
      'dmarc=fail (p=reject sp=none pct=100) header.from=x.com',
      'auth.dmarc.reject',
    ],
    ['DMARC pct.quarantine', 'dmarc=fail action=pct.quarantine header.from=x.com', 'auth.dmarc.quarantine'],
    [
      'SPF permerror even when DMARC passes',
      'spf=permerror smtp.mailfrom=x.com; dkim=pass header.d=x.com; dmarc=pass action=none header.from=x.com',
      'auth.spf.permerror',
    ],
    ['DMARC permerror', 'spf=pass; dmarc=permerror action=permerror header.from=x.com', 'auth.spf.permerror'],
    ['temperror', 'spf=temperror; dmarc=temperror action=none', 'auth.temperror'],
    [
      'authenticated by compauth (ARC override 130)',
      'spf=fail; dkim=fail (body hash did not verify); dmarc=fail action=none; compauth=pass reason=130',
      'unknown',
    ],
    [
      'bestguesspass',
      'spf=none; dkim=pass header.d=x.com; dmarc=bestguesspass action=none header.from=x.com',
      'unknown',
    ],
    [
      'implicit composite failure',
      'spf=none; dkim=none; dmarc=none action=none; compauth=fail reason=001',
      'auth.compauth.fail-implicit',
    ],
    [
      'DMARC failing at p=none',
      'spf=fail; dkim=none; dmarc=fail action=none header.from=x.com',
      'auth.dmarc.fail-monitor',
    ],
    ['SPF fail without DMARC', 'spf=fail smtp.mailfrom=x.com; dkim=none', 'auth.spf.fail'],
    ['DKIM fail without DMARC', 'spf=none; dkim=fail (body hash did not verify) header.d=x.com', 'auth.dkim.fail'],
    ['SPF soft fail alone', 'spf=softfail smtp.mailfrom=x.com', 'auth.spf.softfail'],
    ['nothing passes, no compauth', 'spf=none; dkim=none; dmarc=none action=none', 'auth.unauthenticated'],
    ['bypassed compauth', 'spf=none; dkim=none; dmarc=none action=none; compauth=none reason=405', 'unknown'],
    ['all pass', 'spf=pass; dkim=pass; dmarc=pass action=none; compauth=pass reason=100', 'unknown'],
  ])('%s', (_name, value, id) => {
    expect(verdictOf(value)).toBe(id);
  });
});
