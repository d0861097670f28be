/** `exotrace explain`, run as a process: one text, or a stream answered line for line. */
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';

describe('exotrace explain', () => {
  it('explains one failure text: cause, owner, codes, fix', () => {
    const r = runCli([
      'explain',
      "Remote Server returned '554 5.7.0 < #5.7.133 smtp;550 5.7.133 RESOLVER.RST.SenderNotAuthenticatedForGroup; authentication required>'",
    ]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^recipient\.restricted-external: /);
    expect(r.stdout).toContain("who fixes it: the recipient's organization");
    expect(r.stdout).toContain('codes: 550 5.7.133');
    expect(r.stdout).toContain('Fix:');
  });

  it('explains one Authentication-Results value, detected by its content', () => {
    const r = runCli([
      'explain',
      '--format',
      'json',
      'Authentication-Results: spf=none (sender IP is 192.0.2.7) smtp.mailfrom=lists.example.org; dkim=none (message not signed) header.d=none;dmarc=fail action=none header.from=contoso.com;compauth=fail reason=601',
    ]);
    expect(r.status).toBe(0);
    const answer = JSON.parse(r.stdout);
    expect(answer).toMatchObject({
      kind: 'auth',
      id: 'auth.spoof.intra-org',
      owner: 'tenant-admin',
      auth: { spf: 'none', dmarc: 'fail', compauth: 'fail', compauthReason: '601', domain: 'contoso.com' },
    });
    expect(answer.fix.length).toBeGreaterThan(0);
  });

  it('answers standard input line for line as JSON Lines, blank lines included', () => {
    const input =
      [
        '550 5.1.8 Access denied, bad outbound sender',
        '',
        'dkim=fail (body hash did not verify) header.d=fabrikam.com',
        '554 5.7.0 something nobody has seen',
        '421 4.7.0 Try again later, closing connection.',
      ].join('\n') + '\n';
    const r = runCli(['explain', '--format', 'json'], { input });
    expect(r.status).toBe(0);
    const answers = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(answers.map((a) => a.id)).toEqual([
      'sender.restricted',
      'unknown',
      'auth.dkim.fail',
      'unknown',
      'transient.throttled',
    ]);
    for (const a of answers)
      expect(Object.keys(a)).toEqual(expect.arrayContaining(['id', 'title', 'owner', 'fix', 'codes', 'evidence']));
    expect(answers[0].codes).toEqual({ basic: '550', enhanced: '5.1.8' });
    expect(answers[0].evidence).toBe('exact:bad outbound sender');
  });

  it('answers standard input with one tab-separated line per text in text format', () => {
    const r = runCli(['explain'], { input: '550 5.4.1 Relay Access Denied\r\n452 4.5.3 Too many recipients\r\n' });
    expect(r.stdout).toBe(
      'routing.domain-not-accepted\trecipient\tRecipient domain is not hosted where its MX record points\nlimits.too-many-recipients\tsender\tToo many recipients in one message\n',
    );
  });
});
