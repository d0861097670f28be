/** Unwrapping failure texts as the many programs that relay them write them. */
import { describe, expect, it } from 'vitest';
import { parseAntispamReport, filteringFromAgents } from '../src/classify/antispam-report.js';
import { clusterKey } from '../src/classify/cluster.js';
import { parseDetailText } from '../src/classify/detail-text.js';
import { parseCustomData } from '../src/normalize/fields.js';

describe('parseDetailText', () => {
  it('takes the latest attempt of an Exchange retry history', () => {
    const d = parseDetailText(
      "6/19/2018 7:26:11 AM - Server at mail.fabrikam.com (198.51.100.7) returned '450 4.4.316 Connection refused [Message=Socket error code 10061]' 6/20/2018 7:31:12 AM - Server at mail.fabrikam.com (198.51.100.7) returned '550 4.4.7 QUEUE.Expired; message expired'",
    );
    expect(d).toMatchObject({
      core: '550 4.4.7 QUEUE.Expired; message expired',
      enhancedCode: '4.4.7',
      remoteHost: 'mail.fabrikam.com',
    });
  });

  it("keeps apostrophes inside a returned reply (weren't)", () => {
    const d = parseDetailText(
      "Remote Server returned '550 5.7.1 Unfortunately, messages from [192.0.2.10] weren't sent. (S3150)'",
    );
    expect(d.core).toBe("550 5.7.1 Unfortunately, messages from [192.0.2.10] weren't sent. (S3150)");
    expect(d.tags).toEqual(['S3150']);
  });

  it('reads Postfix, Exim and .NET wrappers', () => {
    expect(
      parseDetailText(
        'host mx.fabrikam.com[198.51.100.7] said: 550 5.1.1 <kim@fabrikam.com>: Recipient address rejected: User unknown (in reply to RCPT TO command)',
      ),
    ).toMatchObject({
      core: '550 5.1.1 <kim@fabrikam.com>: Recipient address rejected: User unknown',
      remoteHost: 'mx.fabrikam.com',
      basicCode: '550',
    });
    expect(
      parseDetailText('SMTP error from remote mail server after RCPT TO:<info@litwareinc.com>: 550 No such user here')
        .core,
    ).toBe('550 No such user here');
    expect(
      parseDetailText(
        'The SMTP server requires a secure connection or the client was not authenticated. The server response was: 5.7.57 Client not authenticated',
      ).enhancedCode,
    ).toBe('5.7.57');
  });

  it('folds a flattened multi-line reply into one', () => {
    expect(
      parseDetailText(
        '550-5.7.26 Your email has been blocked 550-5.7.26 because the sender 550 5.7.26 is unauthenticated.',
      ).core,
    ).toBe('550 5.7.26 Your email has been blocked because the sender is unauthenticated.');
  });

  it('reads the older on-premises LED order and a truncated tail', () => {
    expect(
      parseDetailText('{[{LRT=};{LED=550 5.7.1 RESOLVER.RST.AuthRequired; authentication required};{FQDN=};{IP=}]}')
        .core,
    ).toBe('550 5.7.1 RESOLVER.RST.AuthRequired; authentication required');
    expect(
      parseDetailText('Reason: [{LED=450 4.4.316 Connection refused [Message=Socket error code 10061].').core,
    ).toBe('450 4.4.316 Connection refused [Message=Socket error code 10061].');
  });

  it('extracts rule tags', () => {
    expect(parseDetailText('550 5.7.606 Access denied, banned sending IP [192.0.2.8]. (AS16012609)').tags).toEqual([
      'AS16012609',
    ]);
    expect(parseDetailText('451 4.7.0 Temporary server error. Please try again later. PRX4 NextHop').tags).toEqual([
      'PRX4',
    ]);
    // each tag once, however often and however written
    expect(parseDetailText('5.1.8 Access denied, bad outbound sender AS(42004) [AS42004] S3150 S3150').tags).toEqual([
      'AS42004',
      'S3150',
    ]);
  });

  it('reads a reply the same whatever its runs of spaces, tabs and line breaks, and a parse leaves no state', () => {
    const one = parseDetailText('550 5.1.1 <a@example.com>: Recipient address rejected: User unknown');
    const spaced = parseDetailText('  550  5.1.1\t<a@example.com>:\r\n Recipient address rejected:   User unknown\n');
    expect(spaced).toEqual(one);
    // the code scans run to their end: the next text is read from its start, not from where the last stopped
    expect(parseDetailText('4.4.7 expired; 5.4.7 later').enhancedCodes).toEqual(['4.4.7', '5.4.7']);
    expect(parseDetailText('5.4.7 alone').enhancedCodes).toEqual(['5.4.7']);
  });
});

describe('clusterKey', () => {
  it('masks what varies per message and keeps the codes and the words', () => {
    expect(
      clusterKey(
        'Reason: [{LED=554 5.7.0 Message 4F1-22A refused for jo@fabrikam.com from [198.51.100.7] at mx2.fabrikam.com 2026-11-17T11:05:24.000Z};{MSG=};{FQDN=x};{IP=198.51.100.7};{LRT=}]',
      ),
    ).toBe('554 5.7.0 Message <id> refused for <address> from <ip> at <host> <time>');
  });
});

describe('filtering verdicts', () => {
  it('reads X-Forefront-Antispam-Report', () => {
    expect(
      parseAntispamReport(
        'X-Forefront-Antispam-Report: CIP:203.0.113.45;CTRY:NL;LANG:en;SCL:5;SRV:;IPV:NLI;SFV:SPM;H:mailer.example.net;PTR:InfoDomainNonexistent;CAT:SPOOF;SFTY:9.11;DIR:INB;',
      ),
    ).toEqual({
      cip: '203.0.113.45',
      ctry: 'NL',
      scl: 5,
      sfv: 'SPM',
      cat: 'SPOOF',
      sfty: '9.11',
    });
  });
  it('reads the S:SFA entry of custom_data', () => {
    expect(
      filteringFromAgents(
        parseCustomData('S:SFA=SUM|SFV=SPM|IPV=NLI|SRV=BULK|SCL=9|CIP=198.51.100.74|CTRY=US;S:DeliveryPriority=Normal'),
      ),
    ).toEqual({ sfv: 'SPM', scl: 9, cip: '198.51.100.74', ctry: 'US' });
  });
});
