/**
 * The failed deliveries as a spreadsheet: one row per failed delivery, UTF-8 with a byte order
 * mark (so Excel reads accents right), CRLF line ends, every field quoted. A cell that a
 * spreadsheet would take for a formula (starting with =, +, -, @, a tab or a carriage return,
 * OWASP's list) gets a leading apostrophe, which Excel and LibreOffice show as text and hide.
 */
import type { FailedDelivery } from '../aggregate/failed-deliveries.js';
import type { Rendered, ReportView } from './view-model.js';

export const CSV_COLUMNS = [
  'time',
  'sender',
  'recipient',
  'subject',
  'direction',
  'sending_ip',
  'status',
  'cause_id',
  'cause_title',
  'owner',
  'fix',
  'failure_text',
  'source',
  'line',
  'message_id',
] as const;

/** A cell a spreadsheet will show as the text it is. */
export function spreadsheetSafe(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

function field(value: string): string {
  return `"${spreadsheetSafe(value).replace(/"/g, '""')}"`;
}

export function renderCsv(view: ReportView): Rendered {
  // a caller's mistake, not the user's: needsFailures() names the formats that need them
  if (!view.failures)
    throw new Error('the CSV of failures needs the failed deliveries, and this run did not keep them');
  const causes = new Map(view.causes.map((c) => [c.id, c]));
  const lines = [CSV_COLUMNS.map(field).join(',')];
  for (const f of view.failures) lines.push(rowOf(f, causes).map(field).join(','));
  return { mediaType: 'text/csv; charset=utf-8', text: '\uFEFF' + lines.join('\r\n') + '\r\n' };
}

function rowOf(f: FailedDelivery, causes: ReadonlyMap<string, ReportView['causes'][number]>): string[] {
  const c = causes.get(f.causeId);
  return [
    f.time ?? '',
    f.sender ?? '',
    f.recipient,
    f.subject ?? '',
    f.direction,
    f.sendingIp ?? '',
    f.status ?? '',
    f.causeId,
    c?.title ?? '',
    c?.owner ?? '',
    c?.fix.join(' ') ?? '',
    f.text,
    f.source ?? '',
    f.line === undefined ? '' : String(f.line),
    f.messageId ?? '',
  ];
}
