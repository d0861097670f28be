#!/usr/bin/env node
/**
 * Writes test/fixtures/ndr/: bounce messages (non-delivery reports, delay and relay notices) of
 * the generations and MTAs admins receive them from, written from their documented and widely
 * quoted shapes: Exchange Online (current and older layouts, English, German, French), Outlook.com,
 * Exchange Server 2003, 2010 and 2013+, Gmail, Postfix, Exim (plain and multipart), Sendmail, qmail,
 * Yahoo and HCL Domino. MIME as they write it: multipart/report with message/delivery-status
 * (RFC 3464), text/rfc822-headers or message/rfc822, quoted-printable and base64 parts, encoded
 * words; some with no report part at all (qmail, Yahoo, old Exim, a stripped Exchange bounce).
 * Names are contoso/fabrikam/example-style, IPs from the documentation ranges.
 *
 * Also writes one .mbox holding several of them, and Outlook .msg files (OLE compound files built
 * with the cfb package, MAPI properties as Outlook stores a saved report).
 *
 * manifest.json lists, per file, what a reader must find: each recipient, its state and cause.
 * Deterministic. Run: node scripts/make-ndr-fixtures.mjs
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import CFB from 'cfb';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'test', 'fixtures', 'ndr');
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

const CRLF = '\r\n';

// ---------------------------------------------------------------------------------------------
// MIME helpers

function fold(name, value) {
  // fold long header lines at a space, as MTAs do (RFC 5322 §2.2.3)
  const line = `${name}: ${value}`;
  if (line.length <= 78) return line;
  const words = line.split(' ');
  const lines = [];
  let current = '';
  for (const w of words) {
    if (current && current.length + 1 + w.length > 76) {
      lines.push(current);
      current = `\t${w}`;
    } else current = current ? `${current} ${w}` : w;
  }
  lines.push(current);
  return lines.join(CRLF);
}

function headers(fields) {
  return fields
    .filter(([, v]) => v !== undefined)
    .map(([n, v]) => fold(n, v))
    .join(CRLF);
}

function base64(text, charset = 'utf-8') {
  const bytes = charset === 'utf-8' ? Buffer.from(text, 'utf8') : Buffer.from(text, 'latin1');
  return bytes.toString('base64').replace(/.{76}/g, (m) => m + CRLF);
}

function quotedPrintable(text, charset = 'utf-8') {
  const bytes =
    charset === 'utf-8'
      ? Buffer.from(text.replace(/\r?\n/g, '\n'), 'utf8')
      : Buffer.from(text.replace(/\r?\n/g, '\n'), 'latin1');
  const lines = [];
  let line = '';
  for (const b of bytes) {
    if (b === 10) {
      lines.push(line);
      line = '';
      continue;
    }
    const ch =
      b >= 33 && b <= 126 && b !== 61
        ? String.fromCharCode(b)
        : b === 32
          ? ' '
          : `=${b.toString(16).toUpperCase().padStart(2, '0')}`;
    if (line.length + ch.length > 75) {
      lines.push(line + '=');
      line = '';
    }
    line += ch;
  }
  lines.push(line);
  return lines.map((l) => l.replace(/ $/, '=20')).join(CRLF);
}

function encodedWord(text) {
  return `=?utf-8?B?${Buffer.from(text, 'utf8').toString('base64')}?=`;
}

function part(fields, body) {
  return `${headers(fields)}${CRLF}${CRLF}${body}`;
}

function multipart(boundary, parts) {
  return parts.map((p) => `--${boundary}${CRLF}${p}${CRLF}`).join('') + `--${boundary}--${CRLF}`;
}

function message(fields, body) {
  return `${headers(fields)}${CRLF}${CRLF}${body.replace(/\r?\n/g, CRLF)}`;
}

function rfcDate(iso) {
  return new Date(iso).toUTCString().replace('GMT', '+0000');
}

// ---------------------------------------------------------------------------------------------
// The returned message

let n = 0;
function guid() {
  n++;
  const h = ((n * 2654435761) >>> 0).toString(16).padStart(8, '0');
  const g = (((n + 7) * 40503) >>> 0).toString(16).padStart(8, '0');
  return `${h}-${g.slice(0, 4)}-4${g.slice(5, 8)}-a${h.slice(1, 4)}-${g}${h.slice(0, 4)}`;
}

function originalHeaders(s) {
  return headers(
    [
      [
        'Received',
        `from AM0PR04MB5678.eurprd04.prod.outlook.com (2603:10a6:208:1d::11) by AM0PR04MB1234.eurprd04.prod.outlook.com with HTTPS; ${rfcDate(s.sent)}`,
      ],
      s.auth ? ['Authentication-Results', s.auth] : undefined,
      ['From', s.senderName ? `${s.senderName} <${s.sender}>` : s.sender],
      ['To', s.recipients.map((r) => r.addr).join(', ')],
      ['Subject', /^[\x20-\x7e]*$/.test(s.subject) ? s.subject : encodedWord(s.subject)],
      ['Date', rfcDate(s.sent)],
      ['Message-ID', s.messageId],
      s.networkId ? ['X-MS-Exchange-Organization-Network-Message-Id', s.networkId] : undefined,
      ['MIME-Version', '1.0'],
      ['Content-Type', 'text/plain; charset="utf-8"'],
    ].filter(Boolean),
  );
}

function originalMessage(s) {
  return `${originalHeaders(s)}${CRLF}${CRLF}Hello,${CRLF}${CRLF}please find the figures attached.${CRLF}`;
}

/** RFC 3464 report: per-message fields, then a group per recipient. */
function deliveryStatus(s, reporting, extra = {}) {
  const groups = [
    headers(
      [
        ['Reporting-MTA', `dns;${reporting}`],
        extra.receivedFrom ? ['Received-From-MTA', `dns;${extra.receivedFrom}`] : undefined,
        extra.queueId ? ['X-Postfix-Queue-ID', extra.queueId] : undefined,
        extra.postfixSender ? ['X-Postfix-Sender', `rfc822; ${s.sender}`] : undefined,
        ['Arrival-Date', rfcDate(s.sent)],
      ].filter(Boolean),
    ),
  ];
  for (const r of s.recipients) {
    groups.push(
      headers(
        [
          ['Final-Recipient', `rfc822;${r.addr}`],
          r.original ? ['Original-Recipient', `rfc822;${r.addr}`] : undefined,
          ['Action', r.action],
          ['Status', r.status],
          r.remote ? ['Remote-MTA', `dns;${r.remote}`] : undefined,
          r.diag
            ? ['Diagnostic-Code', `${r.diagType ?? 'smtp'};${extra.spaceAfterType ? ' ' : ''}${r.diag}`]
            : undefined,
          ['Last-Attempt-Date', rfcDate(r.at ?? s.bounced)],
          r.action === 'delayed'
            ? ['Will-Retry-Until', rfcDate(new Date(Date.parse(s.bounced) + 4 * 86400_000).toISOString())]
            : undefined,
          extra.displayName ? ['X-Display-Name', r.addr.split('@')[0]] : undefined,
        ].filter(Boolean),
      ),
    );
  }
  return groups.join(CRLF + CRLF) + CRLF;
}

// ---------------------------------------------------------------------------------------------
// Generations and MTAs

const EXO_HOST = 'AM0PR04MB1234.eurprd04.prod.outlook.com';

/** Exchange Online today: text and HTML alternatives, the report, the original attached. */
function exchangeOnline(s, lang = 'en') {
  const r = s.recipients[0];
  const words = {
    en: {
      subject: 'Undeliverable: ',
      intro: `Your message to ${r.addr} couldn't be delivered.`,
      more: 'More Info for Email Admins',
      status: 'Status code',
      reported: 'Reported error',
      generated: 'DSN generated by',
      remote: 'Remote server',
    },
    de: {
      subject: 'Unzustellbar: ',
      intro: `Ihre Nachricht an ${r.addr} konnte nicht zugestellt werden.`,
      more: 'Weitere Informationen für E-Mail-Administratoren',
      status: 'Statuscode',
      reported: 'Gemeldeter Fehler',
      generated: 'DSN erstellt von',
      remote: 'Remoteserver',
    },
    fr: {
      subject: 'Non remis : ',
      intro: `Votre message à ${r.addr} n'a pas pu être remis.`,
      more: 'Informations supplémentaires pour les administrateurs de messagerie',
      status: 'Code d’état',
      reported: 'Erreur signalée',
      generated: 'DSN généré par',
      remote: 'Serveur distant',
    },
  }[lang];
  const text = [
    words.intro,
    '',
    s.recipients.map((x) => `${x.addr.split('@')[0]} wasn't delivered.`).join('\n'),
    '',
    words.more,
    `${words.status}: ${r.status}`,
    '',
    'Original Message Details',
    `Created Date:    ${new Date(s.sent).toUTCString()}`,
    `Sender Address:  ${s.sender}`,
    `Recipient Address:  ${r.addr}`,
    `Subject:         ${s.subject}`,
    '',
    'Error Details',
    `${words.reported}: ${r.diag}`,
    `${words.generated}: ${EXO_HOST}`,
    r.remote ? `${words.remote}: ${r.remote}` : undefined,
    '',
  ]
    .filter((l) => l !== undefined)
    .join('\n');
  const html = `<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"></head><body><p><b><font color="#000000" size="3">${words.intro.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</font></b></p><p>${words.status}: ${r.status}</p><table><tr><td>${words.reported}:</td><td>${r.diag.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')}</td></tr></table></body></html>`;
  const charset = lang === 'fr' ? 'iso-8859-1' : 'utf-8';
  const textPart =
    lang === 'de'
      ? part(
          [
            ['Content-Type', 'text/plain; charset="utf-8"'],
            ['Content-Transfer-Encoding', 'base64'],
          ],
          base64(text),
        )
      : part(
          [
            ['Content-Type', `text/plain; charset="${charset}"`],
            ['Content-Transfer-Encoding', 'quoted-printable'],
          ],
          quotedPrintable(text, charset),
        );
  const body = multipart('_000_report_', [
    part(
      [['Content-Type', 'multipart/alternative; boundary="_002_alt_"']],
      multipart('_002_alt_', [
        textPart,
        part(
          [
            ['Content-Type', 'text/html; charset="utf-8"'],
            ['Content-Transfer-Encoding', 'quoted-printable'],
          ],
          quotedPrintable(html),
        ),
      ]),
    ),
    part(
      [['Content-Type', 'message/delivery-status']],
      deliveryStatus(s, EXO_HOST, { receivedFrom: 'AM0PR04MB5678.eurprd04.prod.outlook.com', displayName: true }),
    ),
    part([['Content-Type', 'message/rfc822']], originalMessage(s)),
  ]);
  return message(
    [
      ['Received', `from ${EXO_HOST} (::1) by ${EXO_HOST} with Microsoft SMTP Server; ${rfcDate(s.bounced)}`],
      ['From', s.postmaster ?? 'Microsoft Outlook <MicrosoftExchange329e71ec88ae4615bbc36ab6ce41109e@contoso.com>'],
      ['To', s.sender],
      ['Date', rfcDate(s.bounced)],
      ['Subject', lang === 'en' ? `${words.subject}${s.subject}` : encodedWord(`${words.subject}${s.subject}`)],
      ['Message-ID', `<${guid()}@${EXO_HOST}>`],
      ['In-Reply-To', s.messageId],
      ['References', s.messageId],
      ['MIME-Version', '1.0'],
      ['Content-Type', 'multipart/report; report-type=delivery-status; boundary="_000_report_"'],
      ['X-MS-Exchange-Message-Is-Ndr', ''],
      ['Auto-Submitted', 'auto-replied'],
    ],
    body,
  );
}

/** An Exchange Online bounce whose report part a gateway stripped: only the HTML text is left. */
function exchangeOnlineHtmlOnly(s) {
  const r = s.recipients[0];
  const html = `<html><body><p>Your message to ${r.addr} couldn't be delivered.</p><p><b>More Info for Email Admins</b><br>Status code: ${r.status}</p><p><b>Original Message Details</b></p><table><tr><td>Created Date:</td><td>${new Date(s.sent).toUTCString()}</td></tr><tr><td>Sender Address:</td><td>${s.sender}</td></tr><tr><td>Recipient Address:</td><td>${r.addr}</td></tr><tr><td>Subject:</td><td>${s.subject}</td></tr></table><p><b>Error Details</b></p><table><tr><td>Reported error:</td><td>${r.diag.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')}</td></tr><tr><td>DSN generated by:</td><td>${EXO_HOST}</td></tr></table></body></html>`;
  return message(
    [
      ['From', 'Microsoft Outlook <MicrosoftExchange329e71ec88ae4615bbc36ab6ce41109e@contoso.com>'],
      ['To', s.sender],
      ['Date', rfcDate(s.bounced)],
      ['Subject', `Undeliverable: ${s.subject}`],
      ['Message-ID', `<${guid()}@${EXO_HOST}>`],
      ['In-Reply-To', s.messageId],
      ['MIME-Version', '1.0'],
      ['Content-Type', 'text/html; charset="utf-8"'],
      ['Content-Transfer-Encoding', 'quoted-printable'],
    ],
    quotedPrintable(html),
  );
}

/** Exchange 2007/2010: "Delivery has failed…", the administrators' section with #code … ##. */
function exchange2010(s, { remoteStyle = false } = {}) {
  const lines = ['Delivery has failed to these recipients or groups:', ''];
  for (const r of s.recipients)
    lines.push(
      r.addr,
      "The e-mail address you entered couldn't be found. Please check the recipient's e-mail address and try to resend the message. If the problem continues, please contact your helpdesk.",
      '',
    );
  lines.push('', '', 'Diagnostic information for administrators:', '', 'Generating server: EX01.contoso.local', '');
  for (const r of s.recipients) {
    lines.push(r.addr);
    lines.push(remoteStyle ? `Remote Server returned '${r.diag}'` : `${r.remote ? `${r.remote} ` : ''}#${r.diag} ##`);
    lines.push('');
  }
  lines.push('Original message headers:', '', originalHeaders(s).replace(/\r\n/g, '\n'), '');
  const body = multipart('_report_2010_', [
    part(
      [
        ['Content-Type', 'text/plain; charset="us-ascii"'],
        ['Content-Transfer-Encoding', '7bit'],
      ],
      lines.join(CRLF),
    ),
    part([['Content-Type', 'message/delivery-status']], deliveryStatus(s, 'EX01.contoso.local', { displayName: true })),
    part([['Content-Type', 'text/rfc822-headers']], originalHeaders(s) + CRLF),
  ]);
  return message(
    [
      ['From', 'postmaster@contoso.com'],
      ['To', s.sender],
      ['Date', rfcDate(s.bounced)],
      ['Subject', `Undeliverable: ${s.subject}`],
      ['Message-ID', `<${guid()}@EX01.contoso.local>`],
      ['In-Reply-To', s.messageId],
      ['MIME-Version', '1.0'],
      ['Content-Type', 'multipart/report; report-type=delivery-status; boundary="_report_2010_"'],
      ['X-MS-Exchange-Organization-SCL', '-1'],
    ],
    body,
  );
}

/** Exchange 2000/2003: "did not reach", a generic sentence, <server #code smtp;reply>. */
function exchange2003(s, { report = true } = {}) {
  const r = s.recipients[0];
  const lines = [
    'Your message did not reach some or all of the intended recipients.',
    '',
    `      Subject:\t${s.subject}`,
    `      Sent:\t${new Date(s.sent).toLocaleString('en-US', { timeZone: 'UTC' })}`,
    '',
    'The following recipient(s) cannot be reached:',
    '',
  ];
  for (const x of s.recipients) {
    lines.push(`      ${x.addr} on ${new Date(s.bounced).toLocaleString('en-US', { timeZone: 'UTC' })}`);
    lines.push(
      '            The e-mail address could not be found.  Perhaps the recipient moved to a different e-mail organization, or there was a mistake in the address.  Check the address and try again.',
    );
    lines.push(`            <mail.contoso.com #${x.status}${x.diag ? ` smtp;${x.diag}` : ''}>`);
    lines.push('');
  }
  const text = lines.join(CRLF);
  const fields = [
    ['From', 'System Administrator <postmaster@contoso.com>'],
    ['To', s.sender],
    ['Date', rfcDate(s.bounced)],
    ['Subject', `Undeliverable: ${s.subject}`],
    ['Message-ID', `<${guid()}@mail.contoso.com>`],
    ['MIME-Version', '1.0'],
  ];
  if (!report) return message([...fields, ['Content-Type', 'text/plain; charset="us-ascii"']], text);
  void r;
  const body = multipart('----_=_NextPart_001_01C52893.5C8E2C50', [
    part([['Content-Type', 'text/plain; charset="us-ascii"']], text),
    part([['Content-Type', 'message/delivery-status']], deliveryStatus(s, 'mail.contoso.com')),
    part([['Content-Type', 'message/rfc822']], originalMessage(s)),
  ]);
  return message(
    [
      ...fields,
      [
        'Content-Type',
        'multipart/report; report-type=delivery-status; boundary="----_=_NextPart_001_01C52893.5C8E2C50"',
      ],
    ],
    body,
  );
}

/** Gmail: "Address not found", the report, X-Failed-Recipients. */
function gmail(s) {
  const r = s.recipients[0];
  const text = [
    '',
    '** Address not found **',
    '',
    `Your message wasn't delivered to ${r.addr} because the address couldn't be found, or is unable to receive mail.`,
    '',
    'Learn more here: https://support.google.com/mail/?p=NoSuchUser',
    '',
    'The response from the remote server was:',
    r.diag,
    '',
  ].join('\n');
  const body = multipart('000000000000a1b2c3', [
    part(
      [['Content-Type', 'multipart/related; boundary="000000000000a1b2c4"']],
      multipart('000000000000a1b2c4', [
        part(
          [['Content-Type', 'multipart/alternative; boundary="000000000000a1b2c5"']],
          multipart('000000000000a1b2c5', [
            part([['Content-Type', 'text/plain; charset="UTF-8"']], text.replace(/\n/g, CRLF)),
          ]),
        ),
      ]),
    ),
    part([['Content-Type', 'message/delivery-status']], deliveryStatus(s, 'googlemail.com', { spaceAfterType: true })),
    part([['Content-Type', 'message/rfc822']], originalMessage(s)),
  ]);
  return message(
    [
      ['Return-Path', '<>'],
      ['From', 'Mail Delivery Subsystem <mailer-daemon@googlemail.com>'],
      ['To', s.sender],
      ['X-Failed-Recipients', s.recipients.map((x) => x.addr).join(', ')],
      [
        'Subject',
        s.recipients[0].action === 'delayed'
          ? 'Delivery Status Notification (Delay)'
          : 'Delivery Status Notification (Failure)',
      ],
      ['References', s.messageId],
      ['In-Reply-To', s.messageId],
      ['Message-ID', `<${guid()}@mx.google.com>`],
      ['Date', rfcDate(s.bounced)],
      ['MIME-Version', '1.0'],
      ['Content-Type', 'multipart/report; boundary="000000000000a1b2c3"; report-type=delivery-status'],
    ],
    body,
  );
}

/** Postfix: "This is the mail system at host …", the report, the headers. */
function postfix(s) {
  const delayed = s.recipients[0].action === 'delayed';
  const lines = [
    'This is the mail system at host mail.example.org.',
    '',
    delayed
      ? '####################################################################'
      : "I'm sorry to have to inform you that your message could not",
    delayed
      ? '# THIS IS A WARNING ONLY.  YOU DO NOT NEED TO RESEND YOUR MESSAGE. #'
      : "be delivered to one or more recipients. It's attached below.",
    delayed ? '####################################################################' : '',
    '',
    delayed
      ? 'Your message could not be delivered for more than 4 hour(s).'
      : 'For further assistance, please send mail to postmaster.',
    delayed ? 'It will be retried until it is 5 day(s) old.' : '',
    '',
    '                   The mail system',
    '',
  ];
  for (const r of s.recipients) {
    const said = r.remote ? `host ${r.remote}[198.51.100.25] said: ${r.diag} (in reply to RCPT TO command)` : r.diag;
    // Postfix wraps its lines at about 72 characters, indenting the continuation
    const words = `<${r.addr}>: ${said}`.split(' ');
    let line = '';
    for (const w of words) {
      if (line && line.length + w.length > 72) {
        lines.push(line);
        line = `    ${w}`;
      } else line = line ? `${line} ${w}` : w;
    }
    lines.push(line, '');
  }
  const body = multipart('3B2C81A0C5.1731744192/mail.example.org', [
    part(
      [
        ['Content-Description', 'Notification'],
        ['Content-Type', 'text/plain; charset=us-ascii'],
      ],
      lines.join(CRLF),
    ),
    part(
      [
        ['Content-Description', 'Delivery report'],
        ['Content-Type', 'message/delivery-status'],
      ],
      deliveryStatus(s, 'mail.example.org', {
        queueId: '3B2C81A0C5',
        postfixSender: true,
        spaceAfterType: true,
      }).replace(/Diagnostic-Code: smtp;/g, 'Diagnostic-Code: smtp;'),
    ),
    part(
      [
        ['Content-Description', delayed ? 'Undelivered Message Headers' : 'Undelivered Message Headers'],
        ['Content-Type', 'text/rfc822-headers'],
      ],
      originalHeaders(s) + CRLF,
    ),
  ]);
  return message(
    [
      ['Return-Path', '<>'],
      ['From', 'MAILER-DAEMON@mail.example.org (Mail Delivery System)'],
      ['To', s.sender],
      ['Subject', delayed ? 'Delayed Mail (still being retried)' : 'Undelivered Mail Returned to Sender'],
      ['Date', rfcDate(s.bounced)],
      ['Message-Id', `<20261116080312.3B2C81A0C5@mail.example.org>`],
      ['Auto-Submitted', 'auto-replied'],
      ['MIME-Version', '1.0'],
      [
        'Content-Type',
        'multipart/report; report-type=delivery-status; boundary="3B2C81A0C5.1731744192/mail.example.org"',
      ],
    ],
    body,
  );
}

/** Exim before it wrote reports: plain text, X-Failed-Recipients, the message after a marker. */
function eximPlain(s) {
  const lines = [
    'This message was created automatically by mail delivery software.',
    '',
    'A message that you sent could not be delivered to one or more of its',
    'recipients. This is a permanent error. The following address(es) failed:',
    '',
  ];
  for (const r of s.recipients) {
    lines.push(`  ${r.addr}`);
    if (r.remote)
      lines.push(
        `    host ${r.remote} [198.51.100.25]`,
        `    SMTP error from remote mail server after RCPT TO:<${r.addr}>:`,
      );
    lines.push(`    ${r.diag}`, '');
  }
  lines.push(
    '------ This is a copy of the message, including all the headers. ------',
    '',
    `Return-path: <${s.sender}>`,
    originalMessage(s).replace(/\r\n/g, '\n'),
  );
  return message(
    [
      ['Return-path', '<>'],
      ['From', 'Mail Delivery System <Mailer-Daemon@mx.example.net>'],
      ['To', s.sender],
      ['X-Failed-Recipients', s.recipients.map((r) => r.addr).join(', ')],
      ['Auto-Submitted', 'auto-replied'],
      ['Subject', 'Mail delivery failed: returning message to sender'],
      ['Message-Id', `<E1vKp2Q-000Abc-1x@mx.example.net>`],
      ['Date', rfcDate(s.bounced)],
    ],
    lines.join('\n'),
  );
}

/** Exim 4.9x: the same text as a multipart/report. */
function eximReport(s) {
  const r = s.recipients[0];
  const text = [
    'This message was created automatically by mail delivery software.',
    '',
    'A message that you sent could not be delivered to one or more of its',
    'recipients. This is a permanent error. The following address(es) failed:',
    '',
    `  ${r.addr}`,
    `    host ${r.remote} [198.51.100.25]`,
    `    SMTP error from remote mail server after RCPT TO:<${r.addr}>:`,
    `    ${r.diag}`,
    '',
  ].join(CRLF);
  const body = multipart('1731744192-eximdsn-1804289383', [
    part([['Content-type', 'text/plain; charset=us-ascii']], text),
    part([['Content-type', 'message/delivery-status']], deliveryStatus(s, 'mx.example.net', { spaceAfterType: true })),
    part([['Content-type', 'message/rfc822']], originalMessage(s)),
  ]);
  return message(
    [
      ['Return-path', '<>'],
      ['From', 'Mail Delivery System <Mailer-Daemon@mx.example.net>'],
      ['To', s.sender],
      ['X-Failed-Recipients', r.addr],
      ['Auto-Submitted', 'auto-replied'],
      ['Subject', 'Mail delivery failed: returning message to sender'],
      ['Message-Id', `<E1vKp2Q-000Abd-2y@mx.example.net>`],
      ['Date', rfcDate(s.bounced)],
      ['MIME-Version', '1.0'],
      ['Content-Type', 'multipart/report; report-type=delivery-status; boundary=1731744192-eximdsn-1804289383'],
    ],
    body,
  );
}

/** Sendmail: the report and the transcript of the session. */
function sendmail(s) {
  const r = s.recipients[0];
  const text = [
    `The original message was received at ${rfcDate(s.sent)}`,
    'from [192.0.2.10]',
    '',
    '   ----- The following addresses had permanent fatal errors -----',
    `<${r.addr}>`,
    `    (reason: ${r.diag})`,
    '',
    '   ----- Transcript of session follows -----',
    `... while talking to ${r.remote}.:`,
    `>>> DATA`,
    `<<< ${r.diag}`,
    `554 5.0.0 Service unavailable`,
    '',
  ].join(CRLF);
  const body = multipart('5AGI3CKd012345.1731744192/mail.example.com', [
    part([], text),
    part(
      [['Content-Type', 'message/delivery-status']],
      deliveryStatus(s, 'mail.example.com', { spaceAfterType: true }),
    ),
    part([['Content-Type', 'text/rfc822-headers']], originalHeaders(s) + CRLF),
  ]);
  return message(
    [
      ['From', 'Mail Delivery Subsystem <MAILER-DAEMON@mail.example.com>'],
      ['To', `<${s.sender}>`],
      ['Subject', 'Returned mail: see transcript for details'],
      ['Auto-Submitted', 'auto-generated (failure)'],
      ['Date', rfcDate(s.bounced)],
      ['Message-Id', `<202611160803.5AGI3CKd012345@mail.example.com>`],
      ['MIME-Version', '1.0'],
      [
        'Content-Type',
        'multipart/report; report-type=delivery-status; boundary="5AGI3CKd012345.1731744192/mail.example.com"',
      ],
    ],
    body,
  );
}

/** qmail: no report part; the reason under the address, the message after a marker. */
function qmail(s, { yahoo = false } = {}) {
  const lines = yahoo
    ? ['Sorry, we were unable to deliver your message to the following address.', '']
    : [
        'Hi. This is the qmail-send program at mail.example.com.',
        "I'm afraid I wasn't able to deliver your message to the following addresses.",
        "This is a permanent error; I've given up. Sorry it didn't work out.",
        '',
      ];
  for (const r of s.recipients) {
    lines.push(`<${r.addr}>:`);
    if (!yahoo && r.remote) lines.push('198.51.100.25 does not like recipient.');
    lines.push(`Remote host said: ${r.diag}`);
    if (!yahoo && r.remote) lines.push('Giving up on 198.51.100.25.');
    lines.push('');
  }
  lines.push(
    '--- Below this line is a copy of the message.',
    '',
    `Return-Path: <${s.sender}>`,
    originalMessage(s).replace(/\r\n/g, '\n'),
  );
  return message(
    [
      ['From', yahoo ? 'MAILER-DAEMON@yahoo.com' : 'MAILER-DAEMON@mail.example.com'],
      ['To', s.sender],
      ['Subject', yahoo ? 'Failure Notice' : 'failure notice'],
      ['Date', rfcDate(s.bounced)],
      ['Message-ID', `<${guid()}@${yahoo ? 'yahoo.com' : 'mail.example.com'}>`],
    ],
    lines.join('\n'),
  );
}

/** HCL (Lotus) Domino: "was not delivered to: … because: …", and a report. */
function domino(s) {
  const r = s.recipients[0];
  const text = [
    'Your message',
    '',
    `  Subject: ${s.subject}`,
    '',
    'was not delivered to:',
    '',
    `  ${r.addr}`,
    '',
    'because:',
    '',
    `  ${r.diag}`,
    '',
  ].join(CRLF);
  const body = multipart('0__=4EBB0875DFD6BF2E8f9e8a93df938690918c4EBB0875DFD6BF2E', [
    part([['Content-type', 'text/plain; charset=US-ASCII']], text),
    part([['Content-type', 'message/delivery-status']], deliveryStatus(s, 'notes01.example.com')),
    part([['Content-type', 'message/rfc822']], originalMessage(s)),
  ]);
  return message(
    [
      ['From', 'Postmaster@example.com'],
      ['To', s.sender],
      ['Subject', `DELIVERY FAILURE: ${r.diag}`],
      ['Date', rfcDate(s.bounced)],
      ['Message-ID', `<OF${guid()}@notes01.example.com>`],
      ['MIME-Version', '1.0'],
      [
        'Content-Type',
        'multipart/report; report-type=delivery-status; boundary="0__=4EBB0875DFD6BF2E8f9e8a93df938690918c4EBB0875DFD6BF2E"',
      ],
    ],
    body,
  );
}

/** Exchange's notices that are not failures: delayed, relayed. */
function exchangeNotice(s, kind) {
  const r = s.recipients[0];
  const text =
    kind === 'delayed'
      ? [
          'Delivery is delayed to these recipients or groups:',
          '',
          r.addr,
          '',
          `Subject: ${s.subject}`,
          '',
          "This message hasn't been delivered yet. Delivery will continue to be attempted.",
          '',
          "The server will keep trying to deliver this message for the next 1 days, 19 hours and 54 minutes. You'll be notified if the message can't be delivered by that time.",
          '',
          'Diagnostic information for administrators:',
          '',
          `Generating server: ${EXO_HOST}`,
          `Receiving server: ${r.remote}`,
          '',
          r.addr,
          `Remote Server at ${r.remote} returned '${r.diag}'`,
          '',
        ]
      : [
          'Delivery to these recipients or groups is complete, but no delivery notification was sent by the destination server:',
          '',
          r.addr,
          '',
          `Subject: ${s.subject}`,
          '',
        ];
  const body = multipart('_000_notice_', [
    part([['Content-Type', 'text/plain; charset="us-ascii"']], text.join(CRLF)),
    part([['Content-Type', 'message/delivery-status']], deliveryStatus(s, EXO_HOST)),
    part([['Content-Type', 'text/rfc822-headers']], originalHeaders(s) + CRLF),
  ]);
  return message(
    [
      ['From', 'Microsoft Outlook <MicrosoftExchange329e71ec88ae4615bbc36ab6ce41109e@contoso.com>'],
      ['To', s.sender],
      ['Date', rfcDate(s.bounced)],
      ['Subject', `${kind === 'delayed' ? 'Delayed' : 'Relayed'}: ${s.subject}`],
      ['Message-ID', `<${guid()}@${EXO_HOST}>`],
      ['MIME-Version', '1.0'],
      ['Content-Type', 'multipart/report; report-type=delivery-status; boundary="_000_notice_"'],
    ],
    body,
  );
}

// ---------------------------------------------------------------------------------------------
// Scenarios: which bounce, for which recipients, and what a reader must find

const T0 = '2026-11-16T08:03:00.000Z';
let minute = 0;
function scenario(subject, recipients, extra = {}) {
  minute += 7;
  const sent = new Date(Date.parse(T0) + minute * 60_000).toISOString();
  const bounced = new Date(Date.parse(sent) + 12_000).toISOString();
  return {
    subject,
    sender: extra.sender ?? 'alex.wilber@contoso.com',
    senderName: 'Alex Wilber',
    sent,
    bounced,
    messageId: `<${guid()}@AM0PR04MB5678.eurprd04.prod.outlook.com>`,
    networkId: extra.networkId,
    auth: extra.auth,
    postmaster: extra.postmaster,
    recipients,
  };
}
const R = (addr, diag, status, cause, more = {}) => ({ addr, diag, status, cause, action: 'failed', ...more });

const EXO_TEXTS = {
  notFound: (a) =>
    R(
      a,
      `550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient ${a} not found by SMTP address lookup`,
      '5.1.10',
      'recipient.not-found',
    ),
  restricted: (a) =>
    R(a, `550 5.1.8 Access denied, bad outbound sender. AS(42004) [${EXO_HOST}]`, '5.1.8', 'sender.restricted'),
  dmarc: (a) =>
    R(
      a,
      `550 5.7.509 Access denied, sending domain CONTOSO.COM does not pass DMARC verification and has a DMARC policy of reject. [${EXO_HOST}]`,
      '5.7.509',
      'auth.dmarc.reject',
      { remote: 'fabrikam-com.mail.protection.outlook.com' },
    ),
  tenantAttribution: (a) =>
    R(a, `550 5.7.64 TenantAttribution; Relay Access Denied [${EXO_HOST}]`, '5.7.64', 'relay.tenant-attribution'),
  outboundBlocked: (a) =>
    R(
      a,
      `550 5.7.708 Service unavailable. Access denied, traffic not accepted from this IP. For more information please go to http://go.microsoft.com/fwlink/?LinkId=526653 AS(2400) [${EXO_HOST}]`,
      '5.7.708',
      'tenant.outbound-blocked',
    ),
  banned: (a) =>
    R(
      a,
      '550 5.7.606 Access denied, banned sending IP [198.51.100.7]. To request removal from this list please visit https://sender.office.com/ and follow the directions.',
      '5.7.606',
      'reputation.ip-banned',
      { remote: 'fabrikam-com.mail.protection.outlook.com' },
    ),
  groupRestricted: (a) =>
    R(
      a,
      `550 5.7.133 RESOLVER.RST.SenderNotAuthenticatedForGroup; authentication required [${EXO_HOST}]`,
      '5.7.133',
      'recipient.restricted-external',
    ),
  tooLarge: (a) =>
    R(
      a,
      `550 5.2.3 RESOLVER.RST.RecipSizeLimit; message too large for this recipient [${EXO_HOST}]`,
      '5.2.3',
      'size.exceeded',
    ),
  expired: (a) =>
    R(a, '550 4.4.7 QUEUE.Expired; message expired', '4.4.7', 'delivery.expired', { remote: 'mx.fabrikam.com' }),
  mailboxFull: (a) =>
    R(a, '552 5.2.2 Quota exceeded (mailbox for user is full)', '5.2.2', 'recipient.mailbox-full', {
      remote: 'mx.fabrikam.com',
    }),
  blocklisted: (a) =>
    R(
      a,
      '550 5.7.1 Service unavailable, Client host [198.51.100.7] blocked using Spamhaus. To request removal from this list see https://www.spamhaus.org/query/ip/198.51.100.7 (AS3130).',
      '5.7.1',
      'reputation.ip-blocklisted',
      { remote: 'mx.fabrikam.com' },
    ),
  dbeb: (a) =>
    R(
      a,
      '550 5.4.1 Recipient address rejected: Access denied. AS(201806281) [DB5PEPF00014B8F.eurprd02.prod.outlook.com]',
      '5.4.1',
      'recipient.not-found',
      { remote: 'fabrikam-com.mail.protection.outlook.com' },
    ),
  spam: (a) =>
    R(
      a,
      '550 5.7.350 Remote server returned message detected as spam -> 554 5.7.1 The message from (<alex.wilber@contoso.com>) with the subject of (Quarterly report) matches a profile the Internet community may consider spam.',
      '5.7.350',
      'content.spam',
      { remote: 'mx.fabrikam.com' },
    ),
  disabled: (a) =>
    R(a, '550 5.2.1 The email account that you tried to reach is disabled.', '5.2.1', 'recipient.mailbox-disabled', {
      remote: 'alt1.aspmx.l.google.com',
    }),
};

const fixtures = [];
/** `returnsMessage`: the bounce quotes the original message (or its id), so its Message-ID can be read. */
function add(file, eml, s, { returnsMessage = true } = {}) {
  writeFileSync(join(out, file), eml);
  fixtures.push({
    file,
    recipients: s.recipients.map((r) => ({
      recipient: r.addr,
      state:
        r.action === 'delayed'
          ? 'pending'
          : r.action === 'relayed' || r.action === 'delivered'
            ? 'delivered'
            : 'failed',
      cause: r.action === 'relayed' || r.action === 'delivered' ? null : r.cause,
    })),
    ...(returnsMessage ? { messageId: s.messageId } : {}),
    subject: s.subject,
    sender: s.sender,
    ...(s.auth ? { auth: true } : {}),
  });
  return eml;
}

const mboxMessages = [];

// Exchange Online, English, one cause each
const exoCases = [
  ['notFound', 'nobody@fabrikam.com'],
  ['restricted', 'megan.bowen@fabrikam.com'],
  ['dmarc', 'lee.gu@fabrikam.com'],
  ['tenantAttribution', 'ops@fabrikam.com'],
  ['outboundBlocked', 'sales@fabrikam.com'],
  ['banned', 'info@fabrikam.com'],
  ['groupRestricted', 'all-staff@fabrikam.com'],
  ['tooLarge', 'archive@fabrikam.com'],
  ['expired', 'it@fabrikam.com'],
  ['mailboxFull', 'full.box@fabrikam.com'],
  ['blocklisted', 'hr@fabrikam.com'],
  ['dbeb', 'former.employee@fabrikam.com'],
  ['spam', 'newsletter@fabrikam.com'],
];
exoCases.forEach(([cause, addr], i) => {
  const s = scenario(`Quarterly report ${i + 1}`, [EXO_TEXTS[cause](addr)], {
    networkId: guid(),
    auth:
      i % 3 === 0
        ? 'spf=pass (sender IP is 192.0.2.10) smtp.mailfrom=contoso.com; dkim=pass (signature was verified) header.d=contoso.com;dmarc=pass action=none header.from=contoso.com;compauth=pass reason=100'
        : undefined,
  });
  const eml = add(`exo-${String(i + 1).padStart(2, '0')}-${cause}.eml`, exchangeOnline(s), s);
  if (i < 4) mboxMessages.push(eml);
});

// Exchange Online in other languages, and with the report part stripped
{
  const s = scenario('Quartalsbericht Q3 – Übersicht', [EXO_TEXTS.notFound('j.mueller@fabrikam.de')], {
    networkId: guid(),
  });
  add('exo-de-notfound.eml', exchangeOnline(s, 'de'), s);
}
{
  const s = scenario('Rapport trimestriel – révisé', [EXO_TEXTS.mailboxFull('c.dupont@fabrikam.fr')], {
    networkId: guid(),
  });
  add('exo-fr-mailbox-full.eml', exchangeOnline(s, 'fr'), s);
}
{
  const s = scenario('Invoice 4471', [EXO_TEXTS.restricted('ap@fabrikam.com')]);
  add('exo-html-only-restricted.eml', exchangeOnlineHtmlOnly(s), s);
}
{
  const s = scenario('Invoice 4472', [EXO_TEXTS.notFound('typo@fabrikm.com')]);
  add('exo-html-only-notfound.eml', exchangeOnlineHtmlOnly(s), s);
}
// Outlook.com (consumer): the same layout from postmaster@outlook.com
{
  const s = scenario(
    'Weekend plans',
    [
      R(
        'friend@example.net',
        '550 5.5.0 Requested action not taken: mailbox unavailable (S2017062302). [CO1NAM11FT012.eop-nam11.prod.protection.outlook.com]',
        '5.5.0',
        'recipient.not-found',
        { remote: 'example-net.olc.protection.outlook.com' },
      ),
    ],
    { sender: 'pat@outlook.com', postmaster: 'postmaster@outlook.com' },
  );
  add('outlookcom-mailbox-unavailable.eml', exchangeOnline(s), s);
}
{
  const s = scenario(
    'Photos',
    [
      R(
        'someone@example.org',
        "550 5.7.1 Unfortunately, messages from [198.51.100.7] weren't sent. Please contact your Internet service provider since part of their network is on our block list (S3150). You can also refer your provider to http://mail.live.com/mail/troubleshooting.aspx#errors.",
        '5.7.1',
        'reputation.consumer-blocklist',
        { remote: 'example-org.olc.protection.outlook.com' },
      ),
    ],
    { sender: 'pat@outlook.com', postmaster: 'postmaster@outlook.com' },
  );
  add('outlookcom-s3150-blocklist.eml', exchangeOnline(s), s);
}

// Exchange 2010 (#code ##), with several recipients of different causes; 2013 (Remote Server returned)
{
  const s = scenario('Project kickoff', [
    R('bob@fabrikam.com', '550 5.1.1 RESOLVER.ADR.RecipNotFound; not found', '5.1.1', 'recipient.not-found'),
    R('carol@fabrikam.com', '550 5.2.2 STOREDRV.Deliver; recipient mailbox is full', '5.2.2', 'recipient.mailbox-full'),
  ]);
  add('exchange2010-two-recipients.eml', exchange2010(s), s);
}
{
  const s = scenario('Budget', [
    R('dan@fabrikam.com', '550 5.1.1 RESOLVER.ADR.RecipNotFound; not found', '5.1.1', 'recipient.not-found'),
  ]);
  add('exchange2010-notfound.eml', exchange2010(s), s);
}
{
  const s = scenario('Minutes', [
    R('erin@example.com', '554 5.7.1 <erin@example.com>: Relay access denied', '5.7.1', 'routing.domain-not-accepted', {
      remote: 'mx.example.com',
    }),
  ]);
  add('exchange2010-remote-relay-denied.eml', exchange2010(s), s);
}
{
  const s = scenario('Agenda', [
    R(
      'frank@fabrikam.com',
      '550 5.7.1 RESOLVER.RST.AuthRequired; authentication required',
      '5.7.1',
      'recipient.restricted-external',
    ),
  ]);
  add('exchange2013-auth-required.eml', exchange2010(s, { remoteStyle: true }), s);
}
{
  const s = scenario('Offer', [
    R(
      'grace@example.com',
      '550 5.1.1 <grace@example.com>: Recipient address rejected: User unknown in virtual mailbox table',
      '5.1.1',
      'recipient.not-found',
      { remote: 'mx.example.com' },
    ),
  ]);
  add('exchange2013-remote-user-unknown.eml', exchange2010(s, { remoteStyle: true }), s);
}

// Exchange 2003: with its report part, and as plain text only
{
  const s = scenario('Status report', [
    R('henry@fabrikam.com', '550 5.1.1 User unknown', '5.1.1', 'recipient.not-found'),
  ]);
  add('exchange2003-report.eml', exchange2003(s), s);
}
{
  const s = scenario('Status report 2', [R('ida@fabrikam.com', undefined, '5.1.1', 'recipient.not-found')]);
  add('exchange2003-text-only.eml', exchange2003(s, { report: false }), s, { returnsMessage: false });
}
{
  const s = scenario('Status report 3', [
    R('jack@fabrikam.com', '552 5.2.2 Mailbox over quota', '5.2.2', 'recipient.mailbox-full'),
  ]);
  add('exchange2003-text-only-remote.eml', exchange2003(s, { report: false }), s, { returnsMessage: false });
}

// Gmail
{
  const s = scenario(
    'Invitation',
    [
      R(
        'no.such.user@gmail.com',
        "550-5.1.1 The email account that you tried to reach does not exist. Please try double-checking the recipient's email address for typos or unnecessary spaces. Learn more at https://support.google.com/mail/?p=NoSuchUser 41be03b00d2f7-b4c2b0c1a8bsi123456a12.123 - gsmtp",
        '5.1.1',
        'recipient.not-found',
        { remote: 'gmail-smtp-in.l.google.com' },
      ),
    ],
    { sender: 'alex.wilber@contoso.com' },
  );
  add('gmail-notfound.eml', gmail(s), s);
  mboxMessages.push(gmail(s));
}
{
  const s = scenario('Newsletter', [
    R(
      'reader@gmail.com',
      "550-5.7.26 Unauthenticated email from contoso.com is not accepted due to domain's DMARC policy. Please contact the administrator of contoso.com domain if this was a legitimate mail. To learn about the DMARC initiative, go to https://support.google.com/mail/?p=DmarcRejection 41be03b00d2f7-b4c2b0c1a8bsi123456a12.124 - gsmtp",
      '5.7.26',
      'auth.dmarc.reject',
      { remote: 'gmail-smtp-in.l.google.com' },
    ),
  ]);
  add('gmail-dmarc.eml', gmail(s), s);
}
{
  const s = scenario('Offer letter', [
    R(
      'candidate@gmail.com',
      '452-4.2.2 The email account that you tried to reach is over quota. Please direct the recipient to https://support.google.com/mail/?p=OverQuotaTemp 41be03b00d2f7-b4c2b0c1a8bsi123456a12.125 - gsmtp',
      '4.2.2',
      'recipient.mailbox-full',
      { remote: 'gmail-smtp-in.l.google.com', action: 'delayed' },
    ),
  ]);
  add('gmail-delayed-over-quota.eml', gmail(s), s);
}
{
  const s = scenario('Reference', [
    R(
      'old.friend@gmail.com',
      '550 5.2.1 The email account that you tried to reach is disabled. Learn more at https://support.google.com/mail/?p=DisabledUser 41be03b00d2f7-b4c2b0c1a8bsi123456a12.126 - gsmtp',
      '5.2.1',
      'recipient.mailbox-disabled',
      { remote: 'gmail-smtp-in.l.google.com' },
    ),
  ]);
  add('gmail-disabled.eml', gmail(s), s);
}

{
  const s = scenario(
    'Spring newsletter',
    [
      R(
        'subscriber@gmail.com',
        '550-5.7.1 [198.51.100.7] Our system has detected that this message is likely unsolicited mail. To reduce the amount of spam sent to Gmail, this message has been blocked. Please visit https://support.google.com/mail/?p=UnsolicitedMessageError 41be03b00d2f7-b4c2b0c1a8bsi123456a12.127 - gsmtp',
        '5.7.1',
        'content.spam',
        { remote: 'gmail-smtp-in.l.google.com' },
      ),
    ],
    { sender: 'news@contoso.com' },
  );
  add('gmail-unsolicited.eml', gmail(s), s);
}
// Exchange Online: the recipient's transport rule, and a tenant sending from domains it has not registered
{
  const s = scenario('Price list', [
    R(
      'buyer@fabrikam.com',
      '550 5.7.1 Delivery not authorized, message refused: Message rejected by the transport rule',
      '5.7.1',
      'policy.remote-policy',
      { remote: 'fabrikam-com.mail.protection.outlook.com' },
    ),
  ]);
  add('exo-remote-transport-rule.eml', exchangeOnline(s), s);
}
{
  const s = scenario(
    'Receipt',
    [
      R(
        'customer@example.com',
        '550 5.7.750 Service unavailable. Client blocked from sending from unregistered domains',
        '5.7.750',
        'tenant.outbound-blocked',
      ),
    ],
    { sender: 'noreply@shop.contoso.com' },
  );
  add('exo-unregistered-domain.eml', exchangeOnline(s), s);
}

// Postfix
{
  const s = scenario(
    'Order 1182',
    [
      R(
        'user@example.org',
        '550 5.1.1 <user@example.org>: Recipient address rejected: User unknown in local recipient table',
        '5.1.1',
        'recipient.not-found',
        { remote: 'mx.example.org' },
      ),
    ],
    { sender: 'shop@contoso.com' },
  );
  add('postfix-user-unknown.eml', postfix(s), s);
  mboxMessages.push(postfix(s));
}
{
  const s = scenario(
    'Order 1183',
    [
      R(
        'buyer@example.org',
        '552 5.2.2 <buyer@example.org>: Recipient address rejected: Mailbox full',
        '5.2.2',
        'recipient.mailbox-full',
        { remote: 'mx.example.org' },
      ),
      R(
        'other@example.org',
        '550 5.1.1 <other@example.org>: Recipient address rejected: User unknown in local recipient table',
        '5.1.1',
        'recipient.not-found',
        { remote: 'mx.example.org' },
      ),
    ],
    { sender: 'shop@contoso.com' },
  );
  add('postfix-two-recipients.eml', postfix(s), s);
}
{
  const s = scenario(
    'Order 1184',
    [
      R(
        'late@example.org',
        'connect to mx.example.org[198.51.100.25]:25: Connection refused',
        '4.4.1',
        'network.remote-unreachable',
        { action: 'delayed', diagType: 'X-Postfix' },
      ),
    ],
    { sender: 'shop@contoso.com' },
  );
  add('postfix-delayed-connection-refused.eml', postfix(s), s);
}
{
  const s = scenario(
    'Order 1185',
    [
      R(
        'spamtrap@example.org',
        '554 5.7.1 Service unavailable; Client host [198.51.100.7] blocked using zen.spamhaus.org; https://www.spamhaus.org/query/ip/198.51.100.7',
        '5.7.1',
        'reputation.ip-blocklisted',
        { remote: 'mx.example.org' },
      ),
    ],
    { sender: 'shop@contoso.com' },
  );
  add('postfix-spamhaus.eml', postfix(s), s);
}
{
  const s = scenario(
    'Order 1186',
    [
      R('ceo@example.org', '550 5.7.1 Email rejected per DMARC policy for contoso.com', '5.7.1', 'auth.dmarc.reject', {
        remote: 'mx.example.org',
      }),
    ],
    { sender: 'shop@contoso.com' },
  );
  add('postfix-dmarc.eml', postfix(s), s);
}

// Exim
{
  const s = scenario('Meeting notes', [
    R(
      'kim@example.net',
      '550 5.1.1 <kim@example.net>: Recipient address rejected: User unknown',
      '5.1.1',
      'recipient.not-found',
      { remote: 'mx.example.net' },
    ),
  ]);
  add('exim-plain-user-unknown.eml', eximPlain(s), s);
  mboxMessages.push(eximPlain(s));
}
{
  const s = scenario('Meeting notes 2', [
    R('lena@example.net', '552 5.2.2 Mailbox quota exceeded', '5.2.2', 'recipient.mailbox-full', {
      remote: 'mx.example.net',
    }),
    R(
      'max@example.net',
      '550 5.1.1 <max@example.net>: Recipient address rejected: User unknown',
      '5.1.1',
      'recipient.not-found',
      { remote: 'mx.example.net' },
    ),
  ]);
  add('exim-plain-two-recipients.eml', eximPlain(s), s);
}
{
  const s = scenario('Meeting notes 3', [
    R(
      'nina@example.net',
      '554 5.7.1 This message has been blocked because it contains spam content',
      '5.7.1',
      'content.spam',
      { remote: 'mx.example.net' },
    ),
  ]);
  add('exim-report-spam.eml', eximReport(s), s);
}
{
  const s = scenario('Meeting notes 4', [
    R('oscar@example.net', '550 5.1.1 <oscar@example.net>... User unknown', '5.1.1', 'recipient.not-found', {
      remote: 'mx.example.net',
    }),
  ]);
  add('exim-report-user-unknown.eml', eximReport(s), s);
}

// Sendmail
{
  const s = scenario('Contract', [
    R('paul@example.com', '550 5.1.1 <paul@example.com>... User unknown', '5.1.1', 'recipient.not-found', {
      remote: 'mx.example.com',
    }),
  ]);
  add('sendmail-user-unknown.eml', sendmail(s), s);
}
{
  const s = scenario('Contract 2', [
    R('quinn@example.com', '554 5.7.1 Relay access denied', '5.7.1', 'routing.domain-not-accepted', {
      remote: 'mx.example.com',
    }),
  ]);
  add('sendmail-relay-denied.eml', sendmail(s), s);
}

// qmail and Yahoo (no report part)
{
  const s = scenario('Shipping', [
    R(
      'rita@example.com',
      '550 5.1.1 <rita@example.com>: Recipient address rejected: User unknown',
      '5.1.1',
      'recipient.not-found',
      { remote: 'mx.example.com' },
    ),
  ]);
  add('qmail-user-unknown.eml', qmail(s), s);
  mboxMessages.push(qmail(s));
}
{
  const s = scenario('Shipping 2', [
    R(
      'sam@example.com',
      "553 sorry, that domain isn't in my list of allowed rcpthosts (#5.7.1)",
      '5.7.1',
      'routing.domain-not-accepted',
      { remote: 'mx.example.com' },
    ),
  ]);
  add('qmail-rcpthosts.eml', qmail(s), s);
}
{
  const s = scenario('Hello', [
    R('tom@yahoo.com', '552 1 Requested mail action aborted, mailbox not found', '5.1.1', 'recipient.not-found'),
  ]);
  add('yahoo-mailbox-not-found.eml', qmail(s, { yahoo: true }), s);
}
{
  const s = scenario('Hello again', [
    R(
      'uma@yahoo.com',
      "554 delivery error: dd This user doesn't have a yahoo.com account (uma@yahoo.com) [0] - mta1234.mail.bf1.yahoo.com",
      '5.1.1',
      'recipient.not-found',
    ),
  ]);
  add('yahoo-no-account.eml', qmail(s, { yahoo: true }), s);
}

// Domino
{
  const s = scenario('Purchase order', [
    R(
      'vera@example.com',
      'User vera (vera@example.com) not listed in Domino Directory',
      '5.0.0',
      'recipient.not-found',
      { diagType: 'X-Notes' },
    ),
  ]);
  add('domino-not-listed.eml', domino(s), s);
}

// Notices: delayed and relayed (not failures)
{
  const s = scenario('Report draft', [
    R(
      'will@fabrikam.com',
      '451 4.4.0 Primary target IP address responded with: "421 4.4.2 Connection dropped due to SocketError." Attempted failover to alternate host, but that did not succeed.',
      '4.4.0',
      'network.remote-unreachable',
      { action: 'delayed', remote: 'mx.fabrikam.com' },
    ),
  ]);
  add('exo-delayed.eml', exchangeNotice(s, 'delayed'), s);
}
{
  const s = scenario('Report final', [
    { addr: 'xena@example.com', action: 'relayed', status: '2.0.0', remote: 'mx.example.com' },
  ]);
  add('exo-relayed.eml', exchangeNotice(s, 'relayed'), s);
}

// One mailbox of several bounces, as Thunderbird exports a folder
{
  const mbox = mboxMessages
    .map(
      (m, i) =>
        `From MAILER-DAEMON Mon Nov 16 08:${String(10 + i).padStart(2, '0')}:00 2026\n${m.replace(/\r\n/g, '\n').replace(/^From /gm, '>From ')}\n`,
    )
    .join('\n');
  writeFileSync(join(out, 'bounces.mbox'), mbox);
}

// ---------------------------------------------------------------------------------------------
// Outlook .msg: a saved report (REPORT.IPM.Note.NDR) and a saved ordinary message

/** A MAPI property stream entry (MS-OXMSG §2.4.2): tag, flags, and the value or the size of a stream. */
function propertyEntry(tag, value) {
  const b = Buffer.alloc(16);
  b.writeUInt32LE(tag, 0);
  b.writeUInt32LE(6, 4); // readable | writable
  if (typeof value === 'bigint') b.writeBigUInt64LE(value, 8);
  else if (typeof value === 'number') b.writeUInt32LE(value, 8);
  else b.writeUInt32LE(value.length, 8);
  return b;
}

/** A time as a FILETIME: 100-ns intervals since 1601-01-01 (PT_SYSTIME). */
function filetime(iso) {
  return BigInt(Date.parse(iso)) * 10_000n + 116_444_736_000_000_000n;
}

function unicode(s) {
  return Buffer.concat([Buffer.from(s, 'utf16le'), Buffer.alloc(2)]);
}

function outlookMsg({ messageClass, subject, body, headers: transportHeaders, recipients, sender, delivered }) {
  const cfb = CFB.utils.cfb_new();
  const props = [];
  const str = (path, id, value) => {
    const data = unicode(value);
    CFB.utils.cfb_add(cfb, `${path}__substg1.0_${id.toString(16).toUpperCase().padStart(4, '0')}001F`, data);
    props.push([path, propertyEntry((id << 16) | 0x001f, data)]);
  };
  str('/', 0x001a, messageClass);
  // PR_MESSAGE_DELIVERY_TIME and PR_CLIENT_SUBMIT_TIME
  props.push(
    ['/', propertyEntry(0x0e060040, filetime(delivered))],
    ['/', propertyEntry(0x00390040, filetime(delivered))],
  );
  str('/', 0x0037, subject);
  str('/', 0x1000, body);
  if (transportHeaders) str('/', 0x007d, transportHeaders);
  if (sender) {
    str('/', 0x0c1f, sender);
    str('/', 0x5d01, sender);
  }
  recipients.forEach((r, i) => {
    const path = `/__recip_version1.0_#${String(i).padStart(8, '0')}/`;
    str(path, 0x3001, r.addr.split('@')[0]);
    str(path, 0x3003, r.addr);
    str(path, 0x39fe, r.addr);
    if (r.info) str(path, 0x0c1b, r.info);
    props.push([path, propertyEntry(0x0c150003, 1)]);
  });
  const byPath = new Map();
  for (const [path, entry] of props) byPath.set(path, [...(byPath.get(path) ?? []), entry]);
  for (const [path, entries] of byPath) {
    // the top level's header is 32 bytes (with recipient and attachment counts), a recipient's 8
    const head = path === '/' ? Buffer.alloc(32) : Buffer.alloc(8);
    if (path === '/') {
      head.writeUInt32LE(recipients.length, 8);
      head.writeUInt32LE(0, 12);
      head.writeUInt32LE(recipients.length, 16);
      head.writeUInt32LE(0, 20);
    }
    CFB.utils.cfb_add(cfb, `${path}__properties_version1.0`, Buffer.concat([head, ...entries]));
  }
  CFB.utils.cfb_add(cfb, '/__nameid_version1.0/__substg1.0_00020102', Buffer.alloc(0));
  CFB.utils.cfb_add(cfb, '/__nameid_version1.0/__substg1.0_00030102', Buffer.alloc(0));
  CFB.utils.cfb_add(cfb, '/__nameid_version1.0/__substg1.0_00040102', Buffer.alloc(0));
  return Buffer.from(CFB.write(cfb, { type: 'buffer' }));
}

{
  const s = scenario('Quarterly figures', [EXO_TEXTS.notFound('yusuf@fabrikam.com')]);
  const r = s.recipients[0];
  const body = `Delivery has failed to these recipients or groups:\r\n\r\n${r.addr}\r\nThe email address you entered couldn't be found. Please check the recipient's email address and try to resend the message. If the problem continues, please contact your helpdesk.\r\n\r\n\r\n\r\nDiagnostic information for administrators:\r\n\r\nGenerating server: ${EXO_HOST}\r\n\r\n${r.addr}\r\nRemote Server returned '${r.diag}'\r\n\r\nOriginal message headers:\r\n\r\n${originalHeaders(s)}\r\n`;
  writeFileSync(
    join(out, 'outlook-saved-ndr.msg'),
    outlookMsg({
      messageClass: 'REPORT.IPM.Note.NDR',
      subject: `Undeliverable: ${s.subject}`,
      body,
      delivered: s.bounced,
      recipients: [{ addr: r.addr, info: `<${EXO_HOST} #5.1.10 smtp;${r.diag}>` }],
    }),
  );
  fixtures.push({
    file: 'outlook-saved-ndr.msg',
    recipients: [{ recipient: r.addr, state: 'failed', cause: r.cause }],
    messageId: s.messageId,
    subject: s.subject,
    sender: s.sender,
  });
}
{
  const s = scenario('Board pack', [EXO_TEXTS.restricted('zoe@fabrikam.com'), EXO_TEXTS.dmarc('amy@fabrikam.com')]);
  // saved without a body, as some clients keep a report: only the recipient table says why
  writeFileSync(
    join(out, 'outlook-saved-ndr-table-only.msg'),
    outlookMsg({
      messageClass: 'REPORT.IPM.Note.NDR',
      subject: `Undeliverable: ${s.subject}`,
      body: '',
      delivered: s.bounced,
      recipients: s.recipients.map((x) => ({ addr: x.addr, info: `<${EXO_HOST} #${x.status} smtp;${x.diag}>` })),
    }),
  );
  fixtures.push({
    file: 'outlook-saved-ndr-table-only.msg',
    recipients: s.recipients.map((x) => ({ recipient: x.addr, state: 'failed', cause: x.cause })),
    subject: s.subject,
  });
}
{
  const hdrs =
    'Received: from mail.fabrikam.com (192.0.2.7) by mx.contoso.com\r\nAuthentication-Results: spf=fail (sender IP is 192.0.2.7) smtp.mailfrom=fabrikam.com; dkim=none (message not signed) header.d=none;dmarc=fail action=oreject header.from=fabrikam.com;compauth=fail reason=000\r\nFrom: billing@fabrikam.com\r\nTo: alex.wilber@contoso.com\r\nSubject: Invoice\r\nMessage-ID: <inv-1@fabrikam.com>\r\nDate: Mon, 16 Nov 2026 09:00:00 +0000\r\n\r\n';
  writeFileSync(
    join(out, 'outlook-saved-message.msg'),
    outlookMsg({
      messageClass: 'IPM.Note',
      subject: 'Invoice',
      body: 'Please pay.',
      headers: hdrs,
      delivered: '2026-11-16T09:00:05.000Z',
      recipients: [{ addr: 'alex.wilber@contoso.com' }],
      sender: 'billing@fabrikam.com',
    }),
  );
}

writeFileSync(
  join(out, 'manifest.json'),
  JSON.stringify(
    {
      note: 'Written by scripts/make-ndr-fixtures.mjs: per bounce, each recipient a reader must find, its state and cause.',
      fixtures,
      mbox: { file: 'bounces.mbox', messages: mboxMessages.length },
    },
    null,
    2,
  ) + '\n',
);
console.log(
  `wrote ${fixtures.length} bounce fixtures (${fixtures.filter((f) => f.file.endsWith('.eml')).length} .eml, ${fixtures.filter((f) => f.file.endsWith('.msg')).length} .msg) and an .mbox of ${mboxMessages.length} to ${out}`,
);
