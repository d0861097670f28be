/**
 * First version of the classifier (issue #2): real failure texts, as Exchange Online and the
 * servers it talks to write them, each with the cause an experienced admin would name.
 * The full labeled corpus and per-id evaluation come with issue #3.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createCatalog } from '../src/catalog/index.js';
import { createClassifier, verdictKey } from '../src/classify/classifier.js';
import { ANALYZE_CLASSIFIER } from '../src/pipeline/fold-events.js';
import { parseDetailText } from '../src/classify/detail-text.js';

const classifier = createClassifier(createCatalog());

const labeled: Array<[string, string]> = [
  [
    'Reason: [{LED=554 5.2.2 mailbox full; STOREDRV.Deliver.Exception:QuotaExceededException.MapiExceptionNamedPropsQuotaExceeded; Failed to process message due to a permanent exception with message',
    'recipient.mailbox-full',
  ],
  [
    '{[{LED=550 5.7.1 TRANSPORT.RULES.RejectMessage; the message was rejected by organization policy};{MSG=};{FQDN=};{IP=};{LRT=}]}',
    'policy.transport-rule',
  ],
  [
    '[{LED=550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient ******@xxx.com not found by SMTP address lookup};{MSG=};{FQDN=};{IP=};{LRT=}]',
    'recipient.not-found',
  ],
  [
    '{[{LRT=};{LED=550 5.7.1 RESOLVER.RST.AuthRequired; authentication required};{FQDN=};{IP=}]}',
    'recipient.restricted-external',
  ],
  [
    "Remote Server returned '<xxxxxxxx> #5.7.1 smtp;550 5.7.1 RESOLVER.RST.AuthRequired; authentication required [Stage: CreateMessage]'",
    'recipient.restricted-external',
  ],
  ['550 5.7.64 TenantAttribution: Relay Access Denied', 'relay.tenant-attribution'],
  [
    "550 5.7.1 Unfortunately, messages from [203.0.113.1] weren't sent. Please contact your Internet service provider since part of their network is on our block list (AS3150). You can also refer your provider to http://mail.live.com/mail/troubleshooting.aspx#errors.",
    'reputation.consumer-blocklist',
  ],
  [
    '451 4.7.500 Server busy. Please try again later from [192.0.2.7]. (AS77712344) [AM6PEPF0000A1B2.prod.protection.outlook.com]',
    'reputation.ip-throttled',
  ],
  [
    '451 4.4.62 Mail sent to the wrong Office 365 region. ATTR35. For more information please go to https://go.microsoft.com/fwlink/?linkid=865268',
    'relay.tenant-attribution',
  ],
  ['550 5.4.1 [email@example.com]: Recipient address rejected: Access denied [example.com]', 'recipient.not-found'],
  [
    '550 5.7.1 Service unavailable, Client host [192.0.2.7] blocked using Spamhaus. (AS16012611)',
    'reputation.ip-blocklisted',
  ],
  [
    '550 5.7.1 Service unavailable, Helo domain is listed in Spamhaus. (S8001) [x.prod.protection.outlook.com]',
    'reputation.domain-blocklisted',
  ],
  [
    '421 4.3.2 The maximum number of concurrent connections per resource forest has exceeded a limit, closing transmission channel. example.com. PRX8',
    'transient.throttled',
  ],
  [
    '451 4.7.0 Temporary server error. Please try again later. PRX4 NextHop: example.com [example.com]',
    'transient.remote-error',
  ],
  [
    'smtp;550 5.7.606 Access denied, banned sending IP [192.0.2.7]. To request removal from this list please visit and follow the directions. (AS16012609)',
    'reputation.ip-banned',
  ],
  ['#550 4.4.7 QUEUE.Expired; message expired ##', 'delivery.expired'],
  ['#550 5.4.1 Relay Access Denied ##', 'routing.domain-not-accepted'],
  [
    '5.7.1 Service unavailable; Client host [192.0.2.7] blocked using Blocklist 1; To request removal from this list please forward this message to delist@messaging.microsoft.com',
    'reputation.ip-banned',
  ],
  ['554 5.4.6 Hop count exceeded - possible mail loop', 'routing.loop'],
  ['5.7.705 Access denied, tenant has exceeded threshold', 'tenant.outbound-blocked'],
  ['550 5.1.8 Access denied, bad outbound sender', 'sender.restricted'],
  ['550 5.7.23 The message was rejected because of Sender Policy Framework violation', 'auth.spf.fail'],
  [
    '530 5.7.57 Client was not authenticated to send anonymous mail during MAIL FROM',
    'submission.client-not-authenticated',
  ],
  [
    '550 5.7.509 Access denied, sending domain contoso.com does not pass DMARC verification and has a DMARC policy of reject',
    'auth.dmarc.reject',
  ],
  [
    'Access denied, a message sent over IPv6 [2001:db8::25] must pass either SPF or DKIM validation, this message is not signed',
    'auth.unauthenticated',
  ],
  [
    'Service unavailable, Client host [192.0.2.7] blocked by fabrikam.com using Customer Block list (AS16012607)',
    'policy.recipient-blocklist',
  ],
  ['STOREDRV.Deliver; recipient thread limit exceeded', 'transient.throttled'],
  [
    '5.7.57 Client not authenticated to send mail. Error: 535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Mailbox. Visit https://aka.ms/smtp_auth_disabled for more information.',
    'submission.smtp-auth-disabled',
  ],
  [
    'Reason: [{LED=451-4.7.23 Message deferred - unable to verify SPF policy for 451 4.7.23 contoso.com.au. IB305 i{2b0c499b-c839-43d2-9c76-dda19649fe67}};{MSG=};{FQDN=extmail.example.net};{IP=203.0.113.10};{LRT=1/21/2025 3:45:12 AM}]. OutboundProxyTargetIP: 203.0.113.10. OutboundProxyTargetHostName: extmail.example.net',
    'auth.temperror',
  ],
  ['Reason: [{LED=450 4.4.316 Connection refused [Message=Socket error code 10061].', 'network.remote-unreachable'],
  [
    'LED=450 4.4.317 Cannot connect to remote server [Message=451 5.7.3 STARTTLS is required to send mail]',
    'tls.failed',
  ],
  [
    'Reason: [{LED=450 4.4.317 Cannot connect to remote server [Message=451 4.4.0 TLS negotiation failed with error SocketError] [LastAttemptedServerName=xxx] [LastAttemptedIP=xxx] [SmtpSecurity=-2;-2]};{MSG=4. OutboundProxyTargetIP: xxx',
    'tls.failed',
  ],
  [
    '550-5.7.26 Your email has been blocked because the sender is unauthenticated. 550-5.7.26 Gmail requires all senders to authenticate with either SPF or DKIM. 550 5.7.26 Authentication results: dkim=none spf=fail',
    'auth.unauthenticated',
  ],
  [
    '451 4.7.1 <p.mueller@example.net>: Recipient address rejected: Greylisted, please try again in 300 seconds',
    'transient.greylisted',
  ],
  [
    "550 5.7.515 Access denied, sending domain contoso.com doesn't meet the required authentication level. Spf= Fail , Dkim= Pass , DMARC= Pass",
    'auth.bulk-sender-requirements',
  ],
  ['554 5.2.252 SendAsDenied; scanner@contoso.com not allowed to send as ceo@contoso.com', 'submission.send-as-denied'],
  ['550 5.7.124 Sender not in allowed-senders list', 'recipient.not-authorized'],
  [
    '550 5.1.1 <jo@fabrikam.com>: Recipient address rejected: User unknown in virtual mailbox table',
    'recipient.not-found',
  ],
  ['553 5.1.8 <news@contoso.com>: Sender address rejected: Domain not found', 'sender.address-rejected'],
  ['550 5.7.1 Unable to relay for orders@northwindtraders.com', 'relay.denied'],
  ['552 5.3.4 Message size exceeds fixed maximum message size', 'size.exceeded'],
];

describe('classifier, first version', () => {
  it.each(labeled)('%s → %s', (text, id) => {
    expect(classifier.classify(text).id).toBe(id);
  });

  it('never forces a non-failure or an unknown text into a cause', () => {
    expect(
      classifier.classify(
        'Reason: [{LED=250 2.1.5 RESOLVER.OOF.IntToExt; handled internal OOF addressed to external recipient};{MSG=};{FQDN=};{IP=};{LRT=}]',
      ).id,
    ).toBe('unknown');
    expect(classifier.classify('554 5.7.0 Message could not be processed, reference 8F2C-11A')).toMatchObject({
      id: 'unknown',
      evidence: 'no-match',
      enhancedCode: '5.7.0',
    });
    expect(classifier.classify(undefined)).toEqual({ id: 'unknown', kind: 'detail', evidence: 'no-text' });
  });

  it('says what decided: a phrase, or a code when no phrase matched', () => {
    expect(classifier.classify('550 5.1.8 Access denied, bad outbound sender').evidence).toBe(
      'exact:bad outbound sender',
    );
    expect(classifier.classify('550 5.1.1 nope').evidence).toBe('code:5.1.1');
  });

  it('reads no word inside an address or an IP: the words of a local part name no cause', () => {
    // "spam", "blocked" and "full" inside the addresses must not decide; the reply's own words do
    expect(classifier.classify('550 <spam.blocked@contoso.com> recipient rejected')).toMatchObject({
      id: 'recipient.not-found',
      evidence: expect.stringMatching(/^fallback:/),
    });
    expect(
      classifier.classify('550 permanent failure for one or more recipients (user.full@example.com:blocked)').id,
    ).toBe('unknown');
  });

  it('reads the common families in other languages and scripts', () => {
    const cases: Array<[string, string]> = [
      ['550 Benutzer unbekannt', 'recipient.not-found'],
      ['550 5.1.1 Destinatario desconocido', 'recipient.not-found'],
      ["550 5.1.1 Adresse inconnue, l'utilisateur n'existe pas", 'recipient.not-found'],
      ['550 5.1.1 用户不存在', 'recipient.not-found'],
      ['550 宛先不明のため送信できませんでした', 'recipient.not-found'],
      ['550 Пользователь не найден', 'recipient.not-found'],
      ['452 4.2.2 Postfach voll', 'recipient.mailbox-full'],
      ['552 5.2.2 邮箱已满', 'recipient.mailbox-full'],
      ['552 メールボックスの容量オーバーです', 'recipient.mailbox-full'],
      ['552 Почтовый ящик переполнен', 'recipient.mailbox-full'],
      ['550 5.2.1 Konto gesperrt', 'recipient.mailbox-disabled'],
      ['554 5.7.1 被识别为垃圾邮件', 'content.spam'],
    ];
    expect(cases.map(([t]) => `${t} → ${classifier.classify(t).id}`)).toEqual(cases.map(([t, id]) => `${t} → ${id}`));
  });

  it('tries bare family words last: a reason the reply gives decides first', () => {
    expect(classifier.classify('452 4.2.2 recipient storage full, try again later').id).toBe('recipient.mailbox-full');
    expect(classifier.classify('421 4.7.0 Rate limit reached. Please try again later').id).toBe('transient.throttled');
    expect(classifier.classify('451 4.3.0 Please try again later').evidence).toMatch(/^fallback:try/);
    // a final give-up is not a passing error
    expect(classifier.classify("I'm not going to try again; the server said nothing useful.").id).toBe('unknown');
  });

  it('keeps a concept within what its words mean', () => {
    // a recipient limit is not a delivery time limit
    expect(classifier.classify('552 5.5.3 Maximum limit of 50 recipients reached').id).toBe(
      'limits.too-many-recipients',
    );
    expect(classifier.classify('Retry time exceeded').id).toBe('delivery.expired');
    // SPF named beside DKIM, or as an auth-results token, is no SPF verdict
    expect(
      classifier.classify('550 Authenticate with either SPF or DKIM. dkim=fail header.d=fabrikam.example').id,
    ).not.toBe('auth.spf.fail');
    expect(classifier.classify('550 5.7.1 SPF record with a hard fail policy').id).toBe('auth.spf.fail');
    // a list's or group's moderator is the recipient's restriction; only the agent's own error is the tenant's
    expect(classifier.classify('Your message was rejected because a moderator rejected it.').id).toBe(
      'recipient.not-authorized',
    );
    expect(classifier.classify('550 5.6.0 APPROVAL.InvalidExpiry; Cannot read expiry policy.').id).toBe(
      'policy.moderation',
    );
  });

  it("gives a receiver's own fault its passing cause when the reply is temporary", () => {
    expect(classifier.classify('451 Error: internal server error')).toMatchObject({
      id: 'transient.remote-error',
      evidence: 'phrase:internal (server )?error (temporary reply)',
    });
    expect(classifier.classify('4.3.0 internal server error').id).toBe('transient.remote-error');
    expect(classifier.classify('500 Internal Server Error').id).toBe('remote.system-error');
    // RFC 4954's temporary authentication failure is the server's, not wrong credentials
    expect(classifier.classify('454 4.7.0 Temporary authentication failure: generic failure').id).toBe(
      'transient.remote-error',
    );
    expect(classifier.classify('535 5.7.8 Error: authentication failed: authentication failure').id).toBe(
      'submission.auth-failed',
    );
    // the basic code decides over an enhanced one quoted later in the reply
    expect(classifier.classify('554 5.3.5 Internal System Error [451 4.3.0 earlier try]').id).toBe(
      'remote.system-error',
    );
  });

  it('classifies each distinct text once', () => {
    const c = createClassifier(createCatalog());
    for (let i = 0; i < 100; i++) c.classify('550 5.1.1 nope');
    expect(c.distinctTexts).toBe(1);
  });

  it('decides once per reply shape even when it keeps no verdict per text, as analyze runs it', () => {
    const c = createClassifier(createCatalog(), ANALYZE_CLASSIFIER);
    for (let i = 0; i < 50; i++) {
      const v = c.classify(
        `[{LED=550 5.1.1 <user${i}@fabrikam.com>: Recipient address rejected: User unknown};{MSG=};{FQDN=mx.fabrikam.com};{IP=192.0.2.25};{LRT=11/${(i % 28) + 1}/2026 3:04:05 AM}]`,
      );
      expect(v.id).toBe('recipient.not-found');
    }
    expect(c.distinctTexts).toBe(0);
    expect(c.distinctShapes).toBe(1);
  });
});

describe('verdict key', () => {
  const wrapped = (reply: string, time: string) =>
    `Reason: [{LED=${reply}};{MSG=};{FQDN=mx.fabrikam.com};{IP=192.0.2.25};{LRT=${time}}]. OutboundProxyTargetIP: 192.0.2.25.`;
  // the corpus's bare replies (its wrapped texts already carry an LRT of their own)
  const replies = labeled.map(([text]) => text).filter((text) => !text.includes('LED='));
  const times = fc.oneof(
    fc
      .date({ min: new Date('2000-01-01'), max: new Date('2099-12-31'), noInvalidDate: true })
      .map((d) => d.toISOString()),
    fc
      .tuple(
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 31 }),
        fc.integer({ min: 2000, max: 2099 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 0, max: 59 }),
        fc.constantFrom('AM', 'PM'),
      )
      .map(([mo, d, y, h, mi, ap]) => `${mo}/${d}/${y} ${h}:${String(mi).padStart(2, '0')}:07 ${ap}`),
    fc
      .tuple(fc.integer({ min: 1, max: 31 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 2000, max: 2099 }))
      .map(([d, mo, y]) => `${d}.${mo}.${y} 15:45:12`),
  );

  it('drops only the reply time, and texts with one key get one verdict', () => {
    fc.assert(
      fc.property(fc.constantFrom(...replies), times, times, (reply, a, b) => {
        const first = wrapped(reply, a);
        expect(verdictKey(first)).toBe(verdictKey(wrapped(reply, b)));
        expect(verdictKey(first)).toBe(wrapped(reply, ''));
        expect(createClassifier(createCatalog()).classify(first)).toEqual(
          createClassifier(createCatalog()).classify(wrapped(reply, b)),
        );
      }),
      { numRuns: 200 },
    );
  });

  it('keeps an LRT value that is not a time: a code there could decide', () => {
    const crafted = '[{LED=rejected};{MSG=};{FQDN=};{IP=};{LRT=5.7.1}]';
    expect(verdictKey(crafted)).toBe(crafted);
    expect(verdictKey('550 5.1.1 no wrapper here')).toBe('550 5.1.1 no wrapper here');
  });
});

describe('detail text unwrapping', () => {
  it('reads the LED reply, its codes and the remote host', () => {
    expect(
      parseDetailText(
        'Reason: [{LED=550 5.1.10 RESOLVER.ADR.RecipientNotFound; not found};{MSG=};{FQDN=mx.fabrikam.com};{IP=198.51.100.2};{LRT=}]. OutboundProxyTargetIP: 198.51.100.2',
      ),
    ).toEqual({
      core: '550 5.1.10 RESOLVER.ADR.RecipientNotFound; not found',
      basicCode: '550',
      enhancedCode: '5.1.10',
      enhancedCodes: ['5.1.10'],
      tags: [],
      remoteHost: 'mx.fabrikam.com',
    });
  });

  it('takes the remote reply nested inside an NDR wrapper', () => {
    const d = parseDetailText(
      "Remote Server returned '554 5.7.0 < #5.7.133 smtp;550 5.7.133 RESOLVER.RST.SenderNotAuthenticatedForGroup; authentication required>'",
    );
    expect(d.core).toBe('550 5.7.133 RESOLVER.RST.SenderNotAuthenticatedForGroup; authentication required');
    expect(d.enhancedCode).toBe('5.7.133');
    expect(d.enhancedCodes).toEqual(['5.7.0', '5.7.133', '5.7.133']);
  });

  it('does not take IP addresses or versions for codes', () => {
    expect(parseDetailText('connection to 52.101.194.15 failed, build 15.20.8722.000').enhancedCodes).toEqual([]);
  });
});
