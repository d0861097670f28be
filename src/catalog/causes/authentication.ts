/**
 * Authentication causes. The first group is named by receivers in failure texts; the second is
 * read from Authentication-Results values (src/classify/auth-verdict.ts applies taxonomy §2.11),
 * and some of those also have NDR wordings.
 */
import type { Cause } from '../types.js';
import { ndrPage } from './references.js';

const SPF_DOC = 'https://learn.microsoft.com/defender-office-365/email-authentication-spf-configure';
const DKIM_DOC = 'https://learn.microsoft.com/defender-office-365/email-authentication-dkim-configure';
const DMARC_DOC = 'https://learn.microsoft.com/defender-office-365/email-authentication-dmarc-configure';
const HEADERS_DOC = 'https://learn.microsoft.com/defender-office-365/message-headers-eop-mdo';
const ALIGN_FIX =
  'Make every service that sends as the domain pass SPF or DKIM aligned with the From domain: add it to the SPF record of the From domain, or have it sign with DKIM using the From domain (d=).';

export const authenticationCauses: readonly Cause[] = [
  {
    id: 'auth.bulk-sender-requirements',
    title: 'Sender does not meet bulk-sender authentication rules',
    owner: 'sender',
    explanation:
      'Outlook.com, Gmail and Yahoo require senders of large volumes to pass SPF and DKIM with an aligned DMARC record (and to offer one-click unsubscribe); this sender does not.',
    fix: [
      'Make every stream pass SPF and DKIM, publish DMARC (at least p=none) aligned with the From domain, and add one-click unsubscribe to bulk mail.',
    ],
    references: ['https://support.google.com/a/answer/81126'],
    signals: {
      exact: ['doesn.t meet the required authentication level'],
      phrases: [
        'bulk sender',
        'sender requirements',
        'does not meet .{0,40}authentication requirements',
        'one-click unsubscribe',
      ],
      keywords: ['\\bbulk\\b(?:[^.;!?]|\\.(?=\\S)){0,20}?\\b(?:sender|requirements?)\\b', '\\bunsubscribe\\b'],
      codes: ['5.7.515', '4.7.32'],
    },
  },
  {
    id: 'auth.dmarc.reject',
    title: "Failed the sender domain's DMARC reject policy",
    owner: 'sender',
    explanation:
      'The message failed DMARC (neither SPF nor DKIM passed aligned with the From domain) and the domain publishes p=reject, so the receiver refused it.',
    fix: [
      ALIGN_FIX,
      "Check forwarding paths (mailing lists, forwarders: ARC, SRS) before keeping p=reject; read the domain's DMARC aggregate reports to find unaligned sources.",
    ],
    references: [DMARC_DOC],
    signals: {
      exact: ['does not pass dmarc verification'],
      phrases: [
        'dmarc (policy|verification|check|validation)',
        'due to (the )?(sending )?domain.s dmarc',
        'dmarc (fail|reject)',
        'failed dmarc',
        'dmarc.{0,40}reject',
        'dmarc(\\s+\\w+){0,2}\\s*[=:]?\\s*(fail(ed|ure)?|invalid|reject(ed)?)\\b',
      ],
      fallbacks: ['\\bdmarc\\b'],
      codes: ['5.7.509'],
    },
  },
  {
    id: 'auth.spf.permerror',
    title: "Sender domain's SPF record is broken",
    owner: 'sender',
    explanation:
      'The SPF record of the sending domain cannot be evaluated: more than 10 DNS lookups, two SPF records, or a syntax error. Receivers then treat SPF as failed.',
    fix: [
      'Repair the SPF TXT record: a single record, at most 10 DNS-querying mechanisms (include, a, mx, ptr, exists, redirect), valid syntax. Flatten or remove unused includes.',
    ],
    references: [SPF_DOC],
    signals: {
      phrases: [
        'spf permanent error',
        'spf permerror',
        'bad spf record',
        'invalid spf (record|mechanism)',
        'too many (dns|spf) lookups',
        'spf.{0,20}(syntax error|multiple records)',
        'used an invalid spf mechanism',
      ],
      keywords: [
        '\\bspf\\b(?:[^.;!?]|\\.(?=\\S)){0,20}?\\b(?:perm\\w*|bad|invalid|syntax|too many|lookups?|malformed|broken|error)\\b',
        '\\b(?:bad|invalid|broken|malformed|multiple) spf\\b',
      ],
      codes: ['5.7.24'],
    },
  },
  {
    id: 'auth.temperror',
    title: 'Authentication check failed temporarily',
    owner: 'transient',
    explanation:
      "The receiver could not look up the sender's SPF or DMARC record just now (a DNS timeout) and deferred the message.",
    fix: [
      'Nothing while it retries. If it keeps happening, the sender checks its DNS servers and nested SPF includes for timeouts.',
    ],
    references: [SPF_DOC],
    signals: {
      phrases: [
        'unable to verify spf',
        'spf (temporary|temp) ?error',
        'temperror',
        'spf check temporarily (failed|deferred)',
        'dns timeout.{0,40}spf',
      ],
      keywords: [
        '\\bspf\\b(?:[^.;!?]|\\.(?=\\S)){0,20}?\\btemp\\w*|\\btemp\\w*\\b(?:[^.;!?]|\\.(?=\\S)){0,20}?\\bspf\\b',
      ],
      codes: ['4.7.24'],
    },
  },
  {
    id: 'auth.spf.fail',
    title: 'Rejected for failing SPF',
    owner: 'sender',
    explanation:
      "The sending server is not listed in the SPF record of the envelope sender's domain, and the receiver rejects SPF failures.",
    fix: [
      "Add the sending IP or the provider's include to the SPF record of the MAIL FROM domain (Exchange Online: include:spf.protection.outlook.com), keeping it under 10 DNS lookups.",
      'For mail leaving Exchange Online: check it was not routed through the high-risk delivery pool and that every sending domain is an accepted domain.',
    ],
    references: [ndrPage('fix-error-code-5-7-23-in-exchange-online'), SPF_DOC],
    signals: {
      exact: ['sender policy framework violation'],
      phrases: [
        'per it.s spf record',
        'reject(ed)? due to spf',
        'fails to pass spf',
        '\\bspf\\b(?!=)(?:(?!dkim|dmarc)[^.;!?]){0,30}?\\b(hard ?)?fail',
        'failed (the )?spf',
        'not (authorized|permitted|allowed) to send .{0,60}spf',
        'spf record.{0,40}(does not|doesn.t) (allow|authorize)',
        'is not allowed to send (mail )?(from|for) ( domain)?',
        'sender id \\(pra\\) not permitted',
        '\\bspf\\b[^.;!?]{0,40}?\\b(not (authorized|permitted|allowed)|sender invalid|rejected)\\b',
      ],
      keywords: ['\\bsender id\\b|\\(pra\\)'],
      fallbacks: ['\\bspf\\b|\\bsender policy framework\\b'],
      codes: ['5.7.23'],
    },
  },
  {
    id: 'auth.unauthenticated',
    title: 'Mail is not authenticated (no SPF or DKIM pass)',
    owner: 'sender',
    explanation:
      'Neither SPF nor DKIM passed (often: no SPF record, unsigned mail). Gmail and Exchange Online over IPv6 reject such mail; others send it to junk.',
    fix: [
      'Publish an SPF record that covers every server that sends for the domain, and sign outgoing mail with DKIM.',
    ],
    references: [SPF_DOC, DKIM_DOC],
    signals: {
      exact: ['must pass either spf or dkim'],
      phrases: [
        'sender is unauthenticated',
        'authenticate with either spf or dkim',
        'unauthenticated (email|mail|message)',
        'not authenticated.{0,40}(spf|dkim)',
        'message is not signed',
        'requires? (spf|dkim) (or|and) (spf|dkim)',
      ],
      keywords: ['\\b(?:not|isn.t|un)\\s?signed\\b', '\\bunauthenticated\\b(?! commands?\\b)'],
      codes: ['5.7.26', '4.7.26', '4.7.27'],
    },
  },
  {
    id: 'auth.dkim.fail',
    title: 'DKIM signature failed',
    owner: 'sender',
    explanation:
      'The DKIM signature did not verify: the message was changed after signing (a footer or gateway), or the key in DNS does not match.',
    fix: [
      'Sign after every modification (let the last system that changes the message sign), or stop modifying signed mail in transit.',
      "Check that the selector's public key in DNS matches the signing key; for intermediaries, use ARC and trusted ARC sealers.",
    ],
    references: [DKIM_DOC],
    signals: {
      phrases: [
        'dkim(\\s+\\w+){0,2}\\s*[=:]?\\s*(fail(ed|ure)?|invalid|did not verify|not verified|bad signature)',
        'body hash did not verify',
        'signature did not verify',
      ],
      fallbacks: ['\\bdkim\\b'],
      codes: ['5.7.20', '5.7.21', '5.7.22'],
    },
  },
  // --- read from Authentication-Results values --------------------------------------------------
  {
    id: 'auth.spoof.intra-org',
    title: 'Mail from outside claims to be from your own domain',
    owner: 'tenant-admin',
    explanation:
      "Mail arriving from outside uses one of this tenant's own domains in From without passing authentication: a spoof, or a legitimate third-party sender, mailing list or device that is not set up.",
    fix: [
      'If the sender is legitimate (a SaaS service, a device, a mailing list): add it to SPF or let it sign with DKIM for your domain, or relay devices through an inbound connector.',
      'If not, nothing to allow: keep it blocked. Review the spoof intelligence insight and add a spoofed-sender allow entry only for the exact domain pair that is legitimate.',
    ],
    references: ['https://learn.microsoft.com/defender-office-365/anti-spoofing-protection-about', HEADERS_DOC],
    signals: {},
  },
  {
    id: 'auth.spoof.blocked-by-policy',
    title: 'Spoofed sender blocked by an admin',
    owner: 'tenant-admin',
    explanation:
      'An admin explicitly blocked this spoofed sender/domain pair (spoof intelligence or the Tenant Allow/Block List).',
    fix: [
      'If the pair is legitimate, remove the block in Tenant Allow/Block Lists > Spoofed senders; otherwise nothing to do.',
    ],
    references: ['https://learn.microsoft.com/defender-office-365/anti-spoofing-spoof-intelligence'],
    signals: {},
  },
  {
    id: 'auth.dmarc.quarantine',
    title: 'Failed DMARC with a quarantine policy',
    owner: 'sender',
    explanation:
      'The message failed DMARC and the From domain publishes p=quarantine, so receivers send it to junk or quarantine.',
    fix: [ALIGN_FIX],
    references: [DMARC_DOC],
    signals: {},
  },
  {
    id: 'auth.compauth.fail-implicit',
    title: 'Failed composite authentication (implicit)',
    owner: 'sender',
    explanation:
      "Microsoft's composite authentication failed: the From domain has no SPF/DKIM/DMARC that passes, or only weak policies, so the message is treated as possibly spoofed.",
    fix: [ALIGN_FIX, 'Publish DMARC for the domain once SPF and DKIM pass aligned.'],
    references: [HEADERS_DOC],
    signals: {},
  },
  {
    id: 'auth.dmarc.fail-monitor',
    title: 'Failing DMARC, policy only monitors (p=none)',
    owner: 'sender',
    explanation:
      'The message failed DMARC but the domain publishes p=none, so receivers only report it. Legitimate mail failing DMARC will be lost as soon as the policy is tightened.',
    fix: [
      ALIGN_FIX,
      'Read the DMARC aggregate reports until every legitimate source passes, then move to p=quarantine and p=reject.',
    ],
    references: [DMARC_DOC],
    signals: {},
  },
  {
    id: 'auth.spf.softfail',
    title: 'SPF soft fail',
    owner: 'sender',
    explanation:
      'The sending server is not in the SPF record and the record ends in ~all (soft fail): receivers treat the mail as suspicious.',
    fix: [
      'Add the sending server or service to the SPF record of the MAIL FROM domain; once every sender is listed, consider -all.',
    ],
    references: [SPF_DOC],
    signals: { phrases: ['spf soft ?fail', 'softfail'] },
  },
];
