#!/usr/bin/env node
/**
 * Writes the bundled samples in samples/: realistic exports of every supported layout and
 * encoding, written from the documented formats (shared/research/formats.md). Names are
 * contoso/fabrikam/example-style, IPs come from the documentation ranges (192.0.2.0/24,
 * 198.51.100.0/24, 203.0.113.0/24), failure texts follow real Exchange Online replies.
 *
 * Deterministic: running it again gives the same bytes. Run: node scripts/make-samples.mjs
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { encodeText } from './text-encodings.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'samples');
mkdirSync(out, { recursive: true });

const TENANT = '5b2c8e1d-4f3a-4c6e-9a1b-7d0e2f3a4b5c';
const HOSTILE = {
  quotes: 'Invoice 4471, "final" version, please sign',
  multiline: 'Board pack\nDraft 2 – confidential',
  script: '<script>alert("x")</script> Your parcel is waiting',
  formula: '=HYPERLINK("http://203.0.113.66/pay","Click to pay")',
  emoji: 'Quarterly results 📈🚀 ready',
  accents: 'Résumé für Müller – Überweisung €',
  cyrillic: 'Приглашение на встречу',
  bidi: 'Payment advice \u202Efdp.exe',
  plus: '+SUM(1,2) budget',
};

// ---------------------------------------------------------------------------------------------
// Extended report: one row per event, 27 columns (formats.md §1.3).
const EXT_COLUMNS = [
  'date_time_utc',
  'client_ip',
  'client_hostname',
  'server_ip',
  'server_hostname',
  'source_context',
  'connector_id',
  'source',
  'event_id',
  'internal_message_id',
  'message_id',
  'network_message_id',
  'recipient_address',
  'recipient_status',
  'total_bytes',
  'recipient_count',
  'related_recipient_address',
  'reference',
  'message_subject',
  'sender_address',
  'return_path',
  'message_info',
  'directionality',
  'tenant_id',
  'original_client_ip',
  'original_server_ip',
  'custom_data',
];

let seq = 0;
function guid(n) {
  const h = ((n * 2654435761) >>> 0).toString(16).padStart(8, '0');
  const g = (((n + 7) * 40503) >>> 0).toString(16).padStart(8, '0');
  return `${h}-${g.slice(0, 4)}-4${g.slice(5, 8)}-a${h.slice(1, 4)}-${g}${h.slice(0, 4)}`;
}
function iso(base, minutes, fraction = 3) {
  const d = new Date(Date.parse(base) + minutes * 60_000 + (seq++ % 997));
  const s = d.toISOString();
  return fraction === 7 ? s.replace(/\.(\d{3})Z$/, '.$10000Z') : s;
}
function lrt(base, minutes) {
  const d = new Date(Date.parse(base) + minutes * 60_000);
  let h = d.getUTCHours();
  const ampm = h >= 12 ? 'PM' : 'AM';
  h = h % 12 || 12;
  const p = (x) => String(x).padStart(2, '0');
  return `${d.getUTCMonth() + 1}/${d.getUTCDate()}/${d.getUTCFullYear()} ${h}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} ${ampm}`;
}
function led(text, fqdn = '', ip = '', lrtValue = '') {
  return `[{LED=${text}};{MSG=};{FQDN=${fqdn}};{IP=${ip}};{LRT=${lrtValue}}]`;
}
const SFA_CLEAN = (cip, ctry = 'US') =>
  `S:SFA=SUM|SFV=NSPM|IPV=CAL|SRV=|SFS=|SCL=1|SCORE=-1|LIST=0|DI=SN|CIP=${cip}|CTRY=${ctry}|LANG=en|LAT=0|LAT=1|LAT=3;S:DeliveryPriority=Normal`;
const SFA_SPAM = (cip) =>
  `S:SFA=SUM|SFV=SPM|IPV=NLI|SRV=BULK|SFS=470454002|SFS=349001|SCL=9|SCORE=-1|LIST=0|DI=SN|CIP=${cip}|CTRY=NL|LANG=en|LAT=287|LAT=260|LAT=18;S:DeliveryPriority=Normal`;

/**
 * A message and its events. Each event: [minutesAfterStart, source, event_id, recipients[], statuses[], extra]
 */
function extendedMessage(m) {
  const rows = [];
  const nmid = guid(m.n);
  const mid = `<${m.local ?? 'msg'}${m.n}.${(m.n * 7919).toString(36)}@${m.senderDomain ?? m.sender.split('@')[1]}>`;
  const direction = m.direction;
  for (const [minutes, source, eventId, recipients, statuses, extra = {}] of m.events) {
    const row = {
      date_time_utc: iso(m.start, minutes, m.n % 3 === 0 ? 7 : 3),
      client_ip: extra.clientIp ?? (eventId === 'RECEIVE' ? (m.clientIp ?? '') : ''),
      client_hostname: eventId === 'RECEIVE' ? (m.clientHost ?? '') : '',
      server_ip: extra.serverIp ?? '',
      server_hostname:
        extra.serverHost ??
        (eventId === 'RECEIVE' || eventId === 'DELIVER' ? 'AM6PR04MB5511.eurprd04.prod.outlook.com' : ''),
      source_context: extra.sourceContext ?? '',
      connector_id: extra.connector ?? m.connector ?? '',
      source,
      event_id: eventId,
      internal_message_id: String(2199023255552 + m.n * 31),
      message_id: mid,
      network_message_id: nmid,
      recipient_address: recipients.join(';'),
      recipient_status: statuses.join(';'),
      total_bytes: String(m.bytes ?? 18000 + m.n * 173),
      recipient_count: String(recipients.length),
      related_recipient_address: extra.related ?? '',
      reference: extra.reference ?? '',
      message_subject: m.subject,
      sender_address: m.sender,
      return_path: m.returnPath ?? m.sender,
      message_info:
        eventId === 'DELIVER' || eventId === 'SEND' ? `${iso(m.start, 0)};SRV=${m.n % 2 ? 'EUR' : 'NAM'}` : '',
      directionality: direction,
      tenant_id: TENANT,
      original_client_ip: m.originalClientIp ?? m.clientIp ?? '',
      original_server_ip: '',
      custom_data: extra.customData ?? '',
    };
    rows.push(row);
  }
  return rows;
}

const W1 = '2026-11-16T07:12:00Z';
const messages = [
  // 1. outbound, delivered to two external recipients
  {
    n: 1,
    start: W1,
    direction: 'Originating',
    sender: 'megan.bowen@contoso.com',
    subject: 'Project Falcon kickoff',
    clientIp: '2001:db8:1::15',
    events: [
      [0, 'STOREDRIVER', 'RECEIVE', ['pat@fabrikam.com', 'lee@adatum.com'], ['To', 'Cc']],
      [
        0.1,
        'AGENT',
        'AGENTINFO',
        ['pat@fabrikam.com', 'lee@adatum.com'],
        [],
        { customData: 'S:DeliveryPriority=Normal;S:AccountForest=EURPR04A001.prod.outlook.com' },
      ],
      [
        0.3,
        'SMTP',
        'SEND',
        ['pat@fabrikam.com'],
        ['250 2.6.0 <msg1@contoso.com> [InternalId=1] Queued mail for delivery'],
        { serverIp: '198.51.100.20', serverHost: 'fabrikam-com.mail.protection.outlook.com' },
      ],
      [
        0.4,
        'SMTP',
        'SEND',
        ['lee@adatum.com'],
        ['250 2.0.0 OK 1700000000 a1si2 - gsmtp'],
        { serverIp: '198.51.100.44', serverHost: 'aspmx.l.google.com' },
      ],
    ],
  },
  // 2. outbound, recipient does not exist
  {
    n: 2,
    start: '2026-11-16T08:03:00Z',
    direction: 'Originating',
    sender: 'alex.wilber@contoso.com',
    subject: HOSTILE.quotes,
    events: [
      [0, 'STOREDRIVER', 'RECEIVE', ['jon.doe@fabrikam.com'], ['To']],
      [
        0.2,
        'SMTP',
        'FAIL',
        ['jon.doe@fabrikam.com'],
        [
          led(
            '550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient jon.doe@fabrikam.com not found by SMTP address lookup',
            'fabrikam-com.mail.protection.outlook.com',
            '198.51.100.20',
            lrt('2026-11-16T08:03:00Z', 0.2),
          ),
        ],
      ],
      [0.3, 'DSN', 'DSN', ['jon.doe@fabrikam.com'], [''], { reference: '<dsn2@contoso.com>' }],
    ],
  },
  // 3. internal, to three recipients: two delivered, one mailbox full (multi-recipient rows)
  {
    n: 3,
    start: '2026-11-16T09:30:00Z',
    direction: 'Originating',
    sender: 'nestor.wilke@contoso.com',
    subject: HOSTILE.multiline,
    events: [
      [
        0,
        'STOREDRIVER',
        'RECEIVE',
        ['diego.siciliani@contoso.com', 'isaiah.langer@contoso.com', 'lynne.robbins@contoso.com'],
        ['To', 'To', 'Cc'],
      ],
      [
        0.2,
        'STOREDRIVER',
        'DELIVER',
        ['diego.siciliani@contoso.com', 'isaiah.langer@contoso.com'],
        ['250 2.1.5 Recipient OK', '250 2.1.5 Recipient OK'],
      ],
      [
        0.2,
        'STOREDRIVER',
        'FAIL',
        ['lynne.robbins@contoso.com'],
        [
          led(
            '554 5.2.2 mailbox full; STOREDRV.Deliver.Exception:QuotaExceededException.MapiExceptionShutoffQuotaExceeded; Failed to process message due to a permanent exception with message [BeginDiagnosticData]Cannot open mailbox.[EndDiagnosticData]',
          ),
        ],
      ],
    ],
  },
  // 4. outbound to two recipients at a DMARC p=reject-checking Microsoft 365 tenant, one FAIL row with both
  {
    n: 4,
    start: '2026-11-16T10:05:00Z',
    direction: 'Originating',
    sender: 'news@contoso.com',
    subject: HOSTILE.emoji,
    clientIp: '203.0.113.77',
    events: [
      [
        0,
        'SMTP',
        'RECEIVE',
        ['ap@woodgrovebank.com', 'treasury@woodgrovebank.com'],
        ['To', 'To'],
        { connector: 'Inbound from NewsletterService' },
      ],
      [
        0.1,
        'AGENT',
        'AGENTINFO',
        ['ap@woodgrovebank.com', 'treasury@woodgrovebank.com'],
        [],
        { customData: SFA_CLEAN('203.0.113.77') },
      ],
      [
        0.5,
        'SMTP',
        'FAIL',
        ['ap@woodgrovebank.com', 'treasury@woodgrovebank.com'],
        [
          led(
            '550 5.7.509 Access denied, sending domain contoso.com does not pass DMARC verification and has a DMARC policy of reject. [DB5PEPF00014B9F.eurprd04.prod.outlook.com 2026-11-16T10:05:31.000Z 08DE1F0A2B3C4D5E]',
            'woodgrovebank-com.mail.protection.outlook.com',
            '198.51.100.61',
            lrt('2026-11-16T10:05:00Z', 0.5),
          ),
          led(
            '550 5.7.509 Access denied, sending domain contoso.com does not pass DMARC verification and has a DMARC policy of reject. [DB5PEPF00014B9F.eurprd04.prod.outlook.com 2026-11-16T10:05:31.000Z 08DE1F0A2B3C4D5E]',
            'woodgrovebank-com.mail.protection.outlook.com',
            '198.51.100.61',
            lrt('2026-11-16T10:05:00Z', 0.5),
          ),
        ],
      ],
    ],
  },
  // 5. scanner relaying through an inbound connector whose IP changed
  {
    n: 5,
    start: '2026-11-16T11:42:00Z',
    direction: 'Originating',
    sender: 'scanner@contoso.com',
    subject: 'Scanned from MFP-2F-East',
    clientIp: '192.0.2.50',
    local: 'scan',
    events: [
      [0, 'SMTP', 'RECEIVE', ['orders@northwindtraders.com'], ['To']],
      [
        0.1,
        'SMTP',
        'FAIL',
        ['orders@northwindtraders.com'],
        [
          '550 5.7.64 TenantAttribution; Relay Access Denied [AM6PEPF0000A1B2.eurprd04.prod.outlook.com 2026-11-16T11:42:06.000Z 08DE1F0A2B3C4D60]',
        ],
      ],
    ],
  },
  // 6. outbound: deferred (connection refused) for a day, then expired
  {
    n: 6,
    start: '2026-11-16T12:00:00Z',
    direction: 'Originating',
    sender: 'billing@contoso.com',
    subject: 'Statement November',
    events: [
      [0, 'STOREDRIVER', 'RECEIVE', ['accounts@tailspintoys.com'], ['To']],
      [
        1,
        'SMTP',
        'DEFER',
        ['accounts@tailspintoys.com'],
        [
          led(
            '450 4.4.316 Connection refused [Message=Socket error code 10061] [LastAttemptedServerName=mail.tailspintoys.com] [LastAttemptedIP=203.0.113.140:25] [AM6PR04MB5511.eurprd04.prod.outlook.com 2026-11-16T12:01:02.000Z 08DE1F0A2B3C4D61]',
            'mail.tailspintoys.com',
            '203.0.113.140',
            lrt('2026-11-16T12:00:00Z', 1),
          ),
        ],
      ],
      [
        361,
        'SMTP',
        'DEFER',
        ['accounts@tailspintoys.com'],
        [
          led(
            '450 4.4.316 Connection refused [Message=Socket error code 10061] [LastAttemptedServerName=mail.tailspintoys.com] [LastAttemptedIP=203.0.113.140:25] [AM6PR04MB5511.eurprd04.prod.outlook.com 2026-11-16T18:01:02.000Z 08DE1F0A2B3C4D62]',
            'mail.tailspintoys.com',
            '203.0.113.140',
            lrt('2026-11-16T12:00:00Z', 361),
          ),
        ],
      ],
      [
        1441,
        'SMTP',
        'FAIL',
        ['accounts@tailspintoys.com'],
        [
          led(
            '550 4.4.7 QUEUE.Expired; message expired',
            'mail.tailspintoys.com',
            '203.0.113.140',
            lrt('2026-11-16T12:00:00Z', 1441),
          ),
        ],
      ],
    ],
  },
  // 7. outbound: greylisted once, then sent
  {
    n: 7,
    start: '2026-11-16T13:10:00Z',
    direction: 'Originating',
    sender: 'lidia.holloway@contoso.com',
    subject: HOSTILE.accents,
    events: [
      [0, 'STOREDRIVER', 'RECEIVE', ['p.mueller@example.net'], ['To']],
      [
        0.2,
        'SMTP',
        'DEFER',
        ['p.mueller@example.net'],
        [
          led(
            '451 4.7.1 <p.mueller@example.net>: Recipient address rejected: Greylisted, please try again in 300 seconds',
            'mx.example.net',
            '198.51.100.90',
            lrt('2026-11-16T13:10:00Z', 0.2),
          ),
        ],
      ],
      [6, 'SMTP', 'SEND', ['p.mueller@example.net'], ['250 2.0.0 Ok: queued as 4Q1xYz2Kp8z']],
    ],
  },
  // 8. restricted user: every recipient fails
  {
    n: 8,
    start: '2026-11-16T14:20:00Z',
    direction: 'Originating',
    sender: 'joni.sherman@contoso.com',
    subject: HOSTILE.script,
    events: [
      [0, 'STOREDRIVER', 'RECEIVE', ['a1@example.org', 'a2@example.org', 'a3@example.com'], ['Bcc', 'Bcc', 'Bcc']],
      [
        0.1,
        'AGENT',
        'FAIL',
        ['a1@example.org', 'a2@example.org', 'a3@example.com'],
        [
          '550 5.1.8 Access denied, bad outbound sender',
          '550 5.1.8 Access denied, bad outbound sender',
          '550 5.1.8 Access denied, bad outbound sender',
        ],
      ],
    ],
  },
  // 9. hybrid: inbound to a mailbox still on-premises, TLS to on-prem failing, still pending
  {
    n: 9,
    start: '2026-11-17T06:45:00Z',
    direction: 'Incoming',
    sender: 'service@wingtiptoys.com',
    subject: 'Your order has shipped',
    clientIp: '198.51.100.150',
    connector: 'Outbound to OnPrem',
    events: [
      [0, 'SMTP', 'RECEIVE', ['adele.vance@contoso.com'], ['To']],
      [0.1, 'AGENT', 'AGENTINFO', ['adele.vance@contoso.com'], [], { customData: SFA_CLEAN('198.51.100.150') }],
      [
        0.3,
        'SMTP',
        'DEFER',
        ['adele.vance@contoso.com'],
        [
          led(
            '450 4.4.317 Cannot connect to remote server [Message=UntrustedRoot] [LastAttemptedServerName=mail.contoso.com] [LastAttemptedIP=192.0.2.10:25] [AM6PR04MB5511.eurprd04.prod.outlook.com 2026-11-17T06:45:18.000Z 08DE1F0A2B3C4D70]',
            'mail.contoso.com',
            '192.0.2.10',
            lrt('2026-11-17T06:45:00Z', 0.3),
          ),
        ],
      ],
    ],
  },
  // 10. inbound to a distribution group: expanded, delivered to members
  {
    n: 10,
    start: '2026-11-17T07:30:00Z',
    direction: 'Incoming',
    sender: 'events@litwareinc.com',
    subject: HOSTILE.cyrillic,
    clientIp: '198.51.100.171',
    events: [
      [0, 'SMTP', 'RECEIVE', ['sales@contoso.com'], ['To']],
      [0.1, 'AGENT', 'AGENTINFO', ['sales@contoso.com'], [], { customData: SFA_CLEAN('198.51.100.171', 'RU') }],
      [
        0.2,
        'ROUTING',
        'EXPAND',
        ['pradeep.gupta@contoso.com', 'grady.archie@contoso.com'],
        [],
        { related: 'sales@contoso.com' },
      ],
      [
        0.3,
        'STOREDRIVER',
        'DELIVER',
        ['pradeep.gupta@contoso.com', 'grady.archie@contoso.com'],
        ['250 2.1.5 Recipient OK', '250 2.1.5 Recipient OK'],
      ],
    ],
  },
  // 11. internal OOF to an external sender, dropped by design
  {
    n: 11,
    start: '2026-11-17T08:00:00Z',
    direction: 'Originating',
    sender: 'miriam.graham@contoso.com',
    subject: 'Automatic reply: Partnership',
    local: 'oof',
    events: [
      [0, 'STOREDRIVER', 'RECEIVE', ['partner@fabrikam.com'], ['To']],
      [
        0.1,
        'AGENT',
        'DROP',
        ['partner@fabrikam.com'],
        [led('250 2.1.5 RESOLVER.OOF.IntToExt; handled internal OOF addressed to external recipient')],
      ],
    ],
  },
  // 12. mail flow rule rejects outbound with a forbidden attachment
  {
    n: 12,
    start: '2026-11-17T09:15:00Z',
    direction: 'Originating',
    sender: 'johanna.lorenz@contoso.com',
    subject: HOSTILE.formula,
    events: [
      [0, 'STOREDRIVER', 'RECEIVE', ['payments@example.com'], ['To']],
      [
        0.1,
        'AGENT',
        'AGENTINFO',
        ['payments@example.com'],
        [],
        {
          customData:
            'S:TRA=ETR|ruleId=19a25eb2-3e43-4896-ad9e-47b6c359779d|st=11/17/2026 9:15:06 AM|action=RejectMessage|sev=1|mode=Enforce;S:DeliveryPriority=Normal',
        },
      ],
      [
        0.1,
        'AGENT',
        'FAIL',
        ['payments@example.com'],
        [led('550 5.7.1 TRANSPORT.RULES.RejectMessage; the message was rejected by organization policy')],
        { sourceContext: 'Transport Rule Agent' },
      ],
    ],
  },
  // 13. outbound: remote rejects for SPF (sent from an unlisted relay)
  {
    n: 13,
    start: '2026-11-17T10:40:00Z',
    direction: 'Originating',
    sender: 'crm@contoso.com',
    subject: HOSTILE.plus,
    clientIp: '203.0.113.12',
    events: [
      [0, 'SMTP', 'RECEIVE', ['info@adatum.com'], ['To'], { connector: 'Inbound from CRM' }],
      [
        0.4,
        'SMTP',
        'FAIL',
        ['info@adatum.com'],
        [
          led(
            '550 5.7.23 The message was rejected because of Sender Policy Framework violation',
            'mx1.adatum.com',
            '198.51.100.33',
            lrt('2026-11-17T10:40:00Z', 0.4),
          ),
        ],
      ],
    ],
  },
  // 14. outbound: a reply exotrace does not know yet
  {
    n: 14,
    start: '2026-11-17T11:05:00Z',
    direction: 'Originating',
    sender: 'megan.bowen@contoso.com',
    subject: 'Re: contract',
    events: [
      [0, 'STOREDRIVER', 'RECEIVE', ['legal@example.org'], ['To']],
      [
        0.4,
        'SMTP',
        'FAIL',
        ['legal@example.org'],
        [
          led(
            '554 5.7.0 Message could not be processed, reference 8F2C-11A',
            'mx.example.org',
            '198.51.100.201',
            lrt('2026-11-17T11:05:00Z', 0.4),
          ),
        ],
      ],
    ],
  },
  // 15. inbound bulk mail, filtered to Junk: delivered (spam verdict in custom_data)
  {
    n: 15,
    start: '2026-11-17T12:00:00Z',
    direction: 'Incoming',
    sender: 'offers@example.com',
    subject: HOSTILE.bidi,
    clientIp: '203.0.113.200',
    events: [
      [0, 'SMTP', 'RECEIVE', ['alex.wilber@contoso.com'], ['To']],
      [0.1, 'AGENT', 'AGENTINFO', ['alex.wilber@contoso.com'], [], { customData: SFA_SPAM('203.0.113.200') }],
      [0.2, 'STOREDRIVER', 'DELIVER', ['alex.wilber@contoso.com'], ['250 2.1.5 Recipient OK']],
    ],
  },
  // 16. hybrid relay to outlook.com, refused: on-prem IP range on Outlook.com's block list
  {
    n: 16,
    start: '2026-11-17T13:30:00Z',
    direction: 'Originating',
    sender: 'frontdesk@contoso.com',
    subject: 'Visitor badge',
    clientIp: '192.0.2.10',
    connector: 'Inbound from OnPrem',
    events: [
      [0, 'SMTP', 'RECEIVE', ['guest.visitor@outlook.com'], ['To']],
      [
        0.2,
        'SMTP',
        'FAIL',
        ['guest.visitor@outlook.com'],
        [
          led(
            "550 5.7.1 Unfortunately, messages from [192.0.2.10] weren't sent. Please contact your Internet service provider since part of their network is on our block list (S3150). You can also refer your provider to http://mail.live.com/mail/troubleshooting.aspx#errors. [CO1NAM11FT011.eop-nam11.prod.protection.outlook.com 2026-11-17T13:30:12.000Z 08DE1F0A2B3C4D80]",
            'outlook-com.olc.protection.outlook.com',
            '198.51.100.5',
            lrt('2026-11-17T13:30:00Z', 0.2),
          ),
        ],
      ],
    ],
  },
  // 17. outbound to two recipients at the same domain: one unknown, one delivered
  {
    n: 17,
    start: '2026-11-17T15:00:00Z',
    direction: 'Originating',
    sender: 'alex.wilber@contoso.com',
    subject: 'Minutes 17 Nov',
    events: [
      [0, 'STOREDRIVER', 'RECEIVE', ['kim@fabrikam.com', 'kym@fabrikam.com'], ['To', 'To']],
      [0.3, 'SMTP', 'SEND', ['kim@fabrikam.com'], ['250 2.6.0 Queued mail for delivery']],
      [
        0.3,
        'SMTP',
        'FAIL',
        ['kym@fabrikam.com'],
        [
          led(
            '550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient kym@fabrikam.com not found by SMTP address lookup',
            'fabrikam-com.mail.protection.outlook.com',
            '198.51.100.20',
            lrt('2026-11-17T15:00:00Z', 0.3),
          ),
        ],
      ],
    ],
  },
];
// More ordinary traffic, so the failure share looks like a real week.
const people = [
  'megan.bowen',
  'alex.wilber',
  'nestor.wilke',
  'lidia.holloway',
  'diego.siciliani',
  'isaiah.langer',
  'adele.vance',
  'pradeep.gupta',
];
const partners = [
  'fabrikam.com',
  'adatum.com',
  'northwindtraders.com',
  'woodgrovebank.com',
  'litwareinc.com',
  'example.net',
];
for (let i = 0; i < 24; i++) {
  const inbound = i % 3 === 0;
  const person = people[i % people.length];
  const partner = partners[i % partners.length];
  const start = new Date(Date.parse('2026-11-18T07:00:00Z') + i * 97 * 60_000).toISOString();
  messages.push(
    inbound
      ? {
          n: 100 + i,
          start,
          direction: 'Incoming',
          sender: `contact@${partner}`,
          subject: `Weekly update #${i + 1}`,
          clientIp: `198.51.100.${10 + i}`,
          events: [
            [0, 'SMTP', 'RECEIVE', [`${person}@contoso.com`], ['To']],
            [
              0.1,
              'AGENT',
              'AGENTINFO',
              [`${person}@contoso.com`],
              [],
              { customData: SFA_CLEAN(`198.51.100.${10 + i}`) },
            ],
            [0.2, 'STOREDRIVER', 'DELIVER', [`${person}@contoso.com`], ['250 2.1.5 Recipient OK']],
          ],
        }
      : {
          n: 100 + i,
          start,
          direction: 'Originating',
          sender: `${person}@contoso.com`,
          subject: `Follow-up ${i + 1}`,
          events: [
            [0, 'STOREDRIVER', 'RECEIVE', [`buyer${i}@${partner}`], ['To']],
            [0.3, 'SMTP', 'SEND', [`buyer${i}@${partner}`], ['250 2.0.0 OK']],
          ],
        },
  );
}

const extRows = messages.flatMap(extendedMessage);
// Newest first, as the admin center lists them: the fold must not depend on order.
extRows.sort((a, b) => b.date_time_utc.localeCompare(a.date_time_utc));

function csvLine(values, delimiter, quoteAll) {
  return values
    .map((v) => {
      const s = String(v ?? '');
      const needs = quoteAll || s.includes(delimiter) || s.includes('"') || s.includes('\n') || s.includes('\r');
      return needs ? `"${s.replace(/"/g, '""')}"` : s;
    })
    .join(delimiter);
}
function csv(columns, rows, { delimiter = ',', quoteAll = false, preamble = [] } = {}) {
  const lines = [...preamble, csvLine(columns, delimiter, quoteAll)];
  for (const r of rows)
    lines.push(
      csvLine(
        columns.map((c) => r[c]),
        delimiter,
        quoteAll,
      ),
    );
  return lines.join('\r\n') + '\r\n';
}
function write(name, text, encoding) {
  writeFileSync(join(out, name), encodeText(text, encoding));
  console.log(`samples/${name} (${encoding})`);
}

const extendedText = csv(EXT_COLUMNS, extRows, { quoteAll: true });
write('extended-report-utf16le-bom.csv', extendedText, 'utf-16le-bom');
// The same week as a re-save in Excel's "Unicode Text": UTF-16LE, tab-separated, quoted only where needed.
write('extended-report-unicode-text-tab.csv', csv(EXT_COLUMNS, extRows, { delimiter: '\t' }), 'utf-16le-bom');

// A second, smaller extended export without BOM and with on-prem trailing columns, one row damaged.
const extra = ['transport_traffic_type', 'log_id', 'schema_version'];
const smallRows = messages
  .filter((m) => [6, 9, 17].includes(m.n))
  .flatMap(extendedMessage)
  .map((r) => ({
    ...r,
    transport_traffic_type: 'Email',
    log_id: '08DE1F0A2B3C4D00',
    schema_version: '15.20.8722.000',
  }));
let damaged = csv([...EXT_COLUMNS, ...extra], smallRows);
// An unbalanced quote in one subject, as a hand-edit in a text editor leaves it.
damaged = damaged.replace('Minutes 17 Nov', '"Minutes 17 Nov');
write('extended-report-utf16le-nobom-damaged.csv', damaged, 'utf-16le');

// ---------------------------------------------------------------------------------------------
// Enhanced summary: one row per message, recipient_status as addr##events;addr##events.
const SUMMARY_COLUMNS = [
  'origin_timestamp_utc',
  'sender_address',
  'recipient_status',
  'message_subject',
  'total_bytes',
  'message_id',
  'network_message_id',
  'original_client_ip',
  'directionality',
  'connector_id',
  'delivery_priority',
];
function summaryStatus(m) {
  const final = new Map();
  for (const [, , eventId, eventRecipients, , extra = {}] of m.events) {
    const recipients = eventId === 'EXPAND' ? [extra.related] : eventRecipients;
    for (const r of recipients) {
      const word = { SEND: 'Send', DELIVER: 'Deliver', FAIL: 'Fail', DEFER: 'Defer', DROP: 'Drop', EXPAND: 'Expand' }[
        eventId
      ];
      const list = final.get(r) ?? ['Receive'];
      if (word) list.push(word);
      final.set(r, list);
    }
  }
  return [...final].map(([r, ev]) => `${r}##${[...new Set(ev)].join(', ')}`).join(';');
}
const summaryRows = messages.map((m) => ({
  origin_timestamp_utc: iso(m.start, 0),
  sender_address: m.sender,
  recipient_status: summaryStatus(m),
  message_subject: m.subject,
  total_bytes: String(18000 + m.n * 173),
  message_id: `<${m.local ?? 'msg'}${m.n}.${(m.n * 7919).toString(36)}@${m.sender.split('@')[1]}>`,
  network_message_id: guid(m.n),
  original_client_ip: m.clientIp ?? '',
  directionality: m.direction === 'Incoming' ? '1' : '2',
  connector_id: m.connector ?? '',
  delivery_priority: 'Normal',
}));
write('enhanced-summary-utf16le-bom.csv', csv(SUMMARY_COLUMNS, summaryRows, { quoteAll: true }), 'utf-16le-bom');
// The plain Summary report variant: origin_timestamp, no delivery_priority, UTF-16BE.
const plainSummary = SUMMARY_COLUMNS.filter((c) => c !== 'delivery_priority').map((c) =>
  c === 'origin_timestamp_utc' ? 'origin_timestamp' : c,
);
write(
  'summary-report-utf16be.csv',
  csv(
    plainSummary,
    summaryRows.slice(0, 20).map((r) => ({ ...r, origin_timestamp: r.origin_timestamp_utc })),
  ),
  'utf-16be-bom',
);

// ---------------------------------------------------------------------------------------------
// Get-MessageTraceV2 | Export-Csv (PowerShell 7: UTF-8 without BOM, every field quoted).
const MT_COLUMNS = [
  'Received',
  'SenderAddress',
  'RecipientAddress',
  'Subject',
  'Status',
  'ToIP',
  'FromIP',
  'Size',
  'MessageId',
  'MessageTraceId',
  'StartDate',
  'EndDate',
];
const statusOf = {
  Send: 'Delivered',
  Deliver: 'Delivered',
  Fail: 'Failed',
  Defer: 'Pending',
  Drop: 'None',
  Expand: 'Expanded',
};
const mtRows = messages.flatMap((m) =>
  summaryStatus(m)
    .split(';')
    .map((entry) => {
      const [recipient, events] = entry.split('##');
      const last = events.split(', ').pop();
      return {
        Received: iso(m.start, 0, 7).replace('Z', ''),
        SenderAddress: m.sender,
        RecipientAddress: recipient,
        Subject: m.subject,
        Status: statusOf[last] ?? 'GettingStatus',
        ToIP: m.direction === 'Originating' && !recipient.endsWith('@contoso.com') ? '198.51.100.20' : '',
        FromIP: m.clientIp ?? '',
        Size: String(18000 + m.n * 173),
        MessageId: `<msg${m.n}@${m.sender.split('@')[1]}>`,
        MessageTraceId: guid(m.n),
        StartDate: '2026-11-16T00:00:00.0000000Z',
        EndDate: '2026-11-19T00:00:00.0000000Z',
      };
    }),
);
write('get-messagetracev2-utf8.csv', csv(MT_COLUMNS, mtRows, { quoteAll: true }), 'utf-8');

// Windows PowerShell 5.1 Get-MessageTrace | Export-Csv -Encoding Default: #TYPE line, remoting
// columns, the ANSI code page, dates in the machine's en-US format.
const PS51_COLUMNS = [
  'PSComputerName',
  'RunspaceId',
  'PSShowComputerName',
  'Organization',
  'MessageId',
  'Received',
  'SenderAddress',
  'RecipientAddress',
  'Subject',
  'Status',
  'ToIP',
  'FromIP',
  'Size',
  'MessageTraceId',
  'StartDate',
  'EndDate',
  'Index',
];
const ps51Rows = mtRows.slice(0, 30).map((r, i) => ({
  ...r,
  PSComputerName: 'outlook.office365.com',
  RunspaceId: 'd3b07384-d9a0-4c9b-8f2e-1c2d3e4f5a6b',
  PSShowComputerName: 'False',
  Organization: 'contoso.onmicrosoft.com',
  Received: lrt(r.Received + 'Z', 0),
  StartDate: '11/16/2026 12:00:00 AM',
  EndDate: '11/19/2026 12:00:00 AM',
  Index: String(i),
}));
write(
  'get-messagetrace-ps51-windows1252.csv',
  csv(PS51_COLUMNS, ps51Rows, {
    quoteAll: true,
    preamble: ['#TYPE Deserialized.Microsoft.Exchange.Management.FfoReporting.MessageTrace'],
  }),
  'windows-1252',
);

// ---------------------------------------------------------------------------------------------
// Get-MessageTraceDetailV2 | Export-Csv -Encoding utf8BOM: one row per event, reason in Detail.
const DETAIL_COLUMNS = [
  'Date',
  'Event',
  'Action',
  'Detail',
  'Data',
  'MessageId',
  'MessageTraceId',
  'RecipientAddress',
  'SenderAddress',
];
const detailWords = {
  RECEIVE: 'Receive',
  SEND: 'Send',
  DELIVER: 'Deliver',
  FAIL: 'Fail',
  DEFER: 'Defer',
  DROP: 'Drop',
  EXPAND: 'Expand',
  AGENTINFO: 'Spam Diagnostics',
  DSN: 'Send',
};
const detailRows = [];
for (const m of messages.filter((x) => x.n < 100)) {
  for (const [minutes, , eventId, eventRecipients, statuses, extra = {}] of m.events) {
    if (eventId === 'DSN') continue;
    const recipients = eventId === 'EXPAND' ? [extra.related] : eventRecipients;
    recipients.forEach((r, i) => {
      const status = statuses[i] ?? statuses[0] ?? '';
      const isReason = ['FAIL', 'DEFER', 'DROP'].includes(eventId);
      detailRows.push({
        Date: iso(m.start, minutes, 7),
        Event: detailWords[eventId] ?? eventId,
        Action: eventId === 'FAIL' && status.includes('TRANSPORT.RULES') ? 'RejectMessage' : '',
        Detail: isReason
          ? `Reason: ${status}`
          : eventId === 'RECEIVE'
            ? 'Message received by: AM6PR04MB5511.eurprd04.prod.outlook.com using TLS1.2 with AES256'
            : eventId === 'DELIVER' || eventId === 'SEND'
              ? 'The message was successfully delivered.'
              : '',
        Data: '<root><MEP Name="ConnectorId" String="Default AM6PR04MB5511"/></root>',
        MessageId: `<msg${m.n}@${m.sender.split('@')[1]}>`,
        MessageTraceId: guid(m.n),
        RecipientAddress: r,
        SenderAddress: m.sender,
      });
    });
  }
}
write('get-messagetracedetailv2-utf8-bom.csv', csv(DETAIL_COLUMNS, detailRows, { quoteAll: true }), 'utf-8-bom');

// ---------------------------------------------------------------------------------------------
// An extended report to which the admin added an Authentication-Results column (UTF-8 with BOM,
// as Excel's "CSV UTF-8" writes it), and message headers saved as .eml and pasted as text.
const AUTH_BY_SENDER = {
  'service@wingtiptoys.com':
    'spf=pass (sender IP is 198.51.100.150) smtp.mailfrom=wingtiptoys.com; dkim=pass (signature was verified) header.d=wingtiptoys.com;dmarc=pass action=none header.from=wingtiptoys.com;compauth=pass reason=100',
  'events@litwareinc.com':
    'spf=softfail (sender IP is 198.51.100.171) smtp.mailfrom=litwareinc.com; dkim=none (message not signed) header.d=none;dmarc=fail action=none header.from=litwareinc.com;compauth=fail reason=001',
  'offers@example.com':
    'spf=fail (sender IP is 203.0.113.200) smtp.mailfrom=example.com; dkim=none (message not signed) header.d=none;dmarc=fail action=oreject header.from=example.com;compauth=fail reason=000',
};
const authFor = (m) =>
  AUTH_BY_SENDER[m.sender] ??
  (m.direction === 'Incoming'
    ? `spf=pass (sender IP is ${m.clientIp}) smtp.mailfrom=${m.sender.split('@')[1]}; dkim=pass (signature was verified) header.d=${m.sender.split('@')[1]};dmarc=pass action=none header.from=${m.sender.split('@')[1]};compauth=pass reason=100`
    : '');
const authRows = messages.flatMap((m) =>
  extendedMessage(m).map((r) => ({ ...r, 'Authentication-Results': r.event_id === 'RECEIVE' ? authFor(m) : '' })),
);
write(
  'extended-report-with-auth-column-utf8-bom.csv',
  csv([...EXT_COLUMNS, 'Authentication-Results'], authRows),
  'utf-8-bom',
);

const spoofHeaders = [
  'Received: from AM6PR04MB5511.eurprd04.prod.outlook.com (2603:10a6:20b:12::15) by DB9PR04MB8410.eurprd04.prod.outlook.com with HTTPS; Mon, 16 Nov 2026 09:12:44 +0000',
  'Authentication-Results: spf=none (sender IP is 203.0.113.45)',
  ' smtp.mailfrom=mailer.example.net; dkim=none (message not signed)',
  ' header.d=none;dmarc=fail action=none header.from=contoso.com;compauth=fail',
  ' reason=601',
  'Received-SPF: None (protection.outlook.com: mailer.example.net does not designate permitted sender hosts)',
  'X-Forefront-Antispam-Report: CIP:203.0.113.45;CTRY:NL;LANG:en;SCL:5;SRV:;IPV:NLI;SFV:SPM;H:mailer.example.net;PTR:InfoDomainNonexistent;CAT:SPOOF;SFTY:9.11;DIR:INB;',
  'X-MS-Exchange-Organization-Network-Message-Id: 7c1e9a52-3b4d-4e8f-9a10-2b3c4d5e6f70',
  'X-MS-Exchange-Organization-MessageDirectionality: Incoming',
  'From: "Megan Bowen (CEO)" <megan.bowen@contoso.com>',
  'To: Alex Wilber <alex.wilber@contoso.com>',
  'Subject: =?utf-8?B?VXJnZW50OiB3aXJlIHRyYW5zZmVyIOKAkyB0b2RheQ==?=',
  'Date: Mon, 16 Nov 2026 09:12:40 +0000',
  'Message-ID: <4f2a9c0e.1a2b@mailer.example.net>',
  'MIME-Version: 1.0',
  'Content-Type: text/plain; charset="utf-8"',
  '',
  'Please process the attached wire transfer today.',
  '',
].join('\r\n');
write('message-headers-spoof.eml', spoofHeaders, 'utf-8');

// Headers as copied from Outlook's message details: no body, a DMARC reject override.
const pasted = [
  'Authentication-Results: spf=fail (sender IP is 198.51.100.66)',
  ' smtp.mailfrom=fabrikam.com; dkim=fail (body hash did not verify)',
  ' header.d=fabrikam.com;dmarc=fail action=oreject',
  ' header.from=fabrikam.com;compauth=fail reason=000',
  'From: Fabrikam Billing <billing@fabrikam.com>',
  'To: <ap@contoso.com>',
  'Subject: Invoice 2026-1187',
  'Date: Tue, 17 Nov 2026 14:03:11 +0100',
  'Message-ID: <20261117130311.55AB@fabrikam.com>',
  '',
].join('\n');
write('pasted-headers-dmarc-fail.txt', pasted, 'utf-16le-bom');
