/**
 * Message headers (an .eml file, or headers pasted from Outlook's "View message details" into a
 * text file): unfolded fields, and the one TraceEvent they describe. Pure.
 */
import type { Direction, TraceEvent } from '../../model/trace.js';
import { parseAntispamReport } from '../../classify/antispam-report.js';
import { normalizeAddress } from '../../normalize/fields.js';

export type HeaderField = [name: string, value: string];

const FIELD_LINE = /^([!-9;-~]+):[ \t]?(.*)$/;

/**
 * Header fields only a message has. A text whose first lines read `Name: value` is a message's
 * header block only when it has one of these: an Exchange Server tracking log starts with
 * `#Software: …` and `#Version: …`, a config file or a log with `Key: value` lines, and none of
 * them is a message (one used to be reported as "1 delivered message", exit 0).
 */
const MESSAGE_FIELDS = new Set([
  'from',
  'to',
  'cc',
  'subject',
  'date',
  'received',
  'message-id',
  'return-path',
  'mime-version',
  'content-type',
  'authentication-results',
  'arc-authentication-results',
  'dkim-signature',
  'delivered-to',
  'x-failed-recipients',
  'x-forefront-antispam-report',
  'in-reply-to',
  'references',
  'reply-to',
  'sender',
]);

/** The header block starting `text` (after an mbox `From ` line), as name/line pairs, up to the first blank line. */
function headerLines(text: string): string[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  let i = 0;
  while (i < lines.length && lines[i]!.trim() === '') i++;
  if (lines[i]?.startsWith('From ')) i++; // mbox separator line
  const out: string[] = [];
  for (; i < lines.length && lines[i]!.trim() !== ''; i++) out.push(lines[i]!);
  return out;
}

/**
 * Does this text start like a message's header block: header fields (at least two) up to a blank
 * line or the end of what is here, one of them a field only messages have?
 */
export function isMessageHeaderBlock(text: string): boolean {
  let fields = 0;
  let messageFields = 0;
  for (const line of headerLines(text)) {
    if (/^[ \t]/.test(line)) {
      if (fields === 0) return false;
      continue; // continuation of the previous field
    }
    const m = FIELD_LINE.exec(line);
    if (!m) return false;
    fields++;
    const name = m[1]!.toLowerCase();
    if (MESSAGE_FIELDS.has(name) || name.startsWith('x-ms-exchange-')) messageFields++;
  }
  return fields >= 2 && messageFields >= 1;
}

/** Header fields in order, folded lines joined (RFC 5322 §2.2.3), up to the first blank line. */
export function parseHeaderBlock(text: string): HeaderField[] {
  const fields: HeaderField[] = [];
  for (const line of headerLines(text)) {
    if (/^[ \t]/.test(line) && fields.length > 0) {
      const last = fields[fields.length - 1]!;
      last[1] = last[1] ? `${last[1]} ${line.trim()}` : line.trim();
      continue;
    }
    const m = FIELD_LINE.exec(line);
    if (m) fields.push([m[1]!, m[2]!.trim()]);
  }
  return fields;
}

/** RFC 2047 encoded words (=?utf-8?B?…?= / =?iso-8859-1?Q?…?=) in a display value. */
export function decodeEncodedWords(value: string): string {
  return value.replace(
    /=\?([^?]+)\?([bqBQ])\?([^?]*)\?=(\s+(?==\?))?/g,
    (whole, charset: string, enc: string, data: string) => {
      try {
        const bytes =
          enc.toUpperCase() === 'B'
            ? Buffer.from(data, 'base64')
            : Buffer.from(
                data
                  .replace(/_/g, ' ')
                  .replace(/=([0-9a-f]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16))),
                'latin1',
              );
        return new TextDecoder(charset.toLowerCase(), { fatal: false }).decode(bytes);
      } catch {
        return whole;
      }
    },
  );
}

export function firstAddress(value: string | undefined): string {
  if (!value) return '';
  const angle = /<([^<>@\s]+@[^<>\s]+)>/.exec(value);
  if (angle) return normalizeAddress(angle[1]!);
  const bare = /[^\s<>,;"]+@[^\s<>,;"]+/.exec(value);
  return bare ? normalizeAddress(bare[0]) : '';
}

export function directionOf(value: string | undefined): Direction {
  switch ((value ?? '').toLowerCase()) {
    case 'incoming':
      return 'inbound';
    case 'originating':
      return 'outbound';
    case 'intraorg':
      return 'internal';
    default:
      return 'unknown';
  }
}

/**
 * The event one header block describes: a message that reached a mailbox (state delivered), with
 * the authentication results the receiving side stamped. The topmost Authentication-Results is
 * the one written last, by the receiving tenant.
 */
export function eventFromHeaders(fields: readonly HeaderField[], source: string): TraceEvent | undefined {
  const get = (name: string) => fields.find(([n]) => n.toLowerCase() === name)?.[1];
  if (fields.length === 0) return undefined;
  const messageId = get('message-id');
  const networkMessageId =
    get('x-ms-exchange-organization-network-message-id') ?? get('x-ms-exchange-crosstenant-network-message-id');
  const auth =
    get('authentication-results') ?? get('x-ms-exchange-authentication-results') ?? get('arc-authentication-results');
  const date = get('date');
  const time = date ? Date.parse(date) : NaN;
  const subject = get('subject');
  const event: TraceEvent = {
    source,
    line: 1,
    format: 'headers',
    messageKey: networkMessageId ?? messageId ?? `headers:${source}`,
    recipient: firstAddress(
      get('to') ?? get('delivered-to') ?? get('x-ms-exchange-organization-originalenveloperecipients'),
    ),
    event: 'headers',
    weight: 'final',
    state: 'delivered',
    facts: {
      direction: directionOf(get('x-ms-exchange-organization-messagedirectionality')),
      ...(messageId ? { messageId } : {}),
      ...(networkMessageId ? { networkMessageId } : {}),
      ...(subject ? { subject: decodeEncodedWords(subject) } : {}),
      ...(firstAddress(get('from')) ? { sender: firstAddress(get('from')) } : {}),
    },
  };
  if (!Number.isNaN(time)) event.time = time;
  if (auth) event.auth = auth;
  const antispam = get('x-forefront-antispam-report');
  if (antispam) event.filtering = parseAntispamReport(antispam);
  return event;
}
