/**
 * A bounce message (non-delivery report, delay notice, delivery status notification) read as
 * what it is: per recipient, what happened (failed, delayed, delivered) and the reply that says
 * why. Pure: a parsed message in, plain data out.
 *
 * Where the facts come from, best first:
 * - the machine-readable report (RFC 3464 `message/delivery-status`): Final-Recipient, Action,
 *   Status, Diagnostic-Code, Remote-MTA, Last-Attempt-Date; every current MTA writes one
 *   (Exchange since 2000, Gmail, Postfix, Sendmail, Exim, Domino);
 * - Outlook's report recipient table, for an NDR saved as .msg;
 * - the human-readable text, for what the report lacks and for MTAs that write none (qmail,
 *   Yahoo, old Exim, Exchange 2003 forwarded as text): Exchange's "Diagnostic information for
 *   administrators" (`#550 5.1.1 … ##`, `Remote Server returned '…'`), its newer "Reported error:",
 *   and the recipient paragraphs of Postfix, Exim, qmail, Sendmail and Domino.
 */
import type { HeaderField } from '../headers/message-headers.js';
import { parseHeaderBlock } from '../headers/message-headers.js';
import type { ParsedMessage } from './parsed-message.js';

export type BounceAction = 'failed' | 'delayed' | 'delivered' | 'relayed' | 'expanded';

export interface BounceRecipient {
  /** lower-case address, '' when the bounce names the recipient by display name only */
  address: string;
  action: BounceAction;
  /** the enhanced status code (x.y.z) */
  status?: string;
  /** what to classify: the remote server's reply or the reporting server's reason */
  text?: string;
  remoteMta?: string;
  /** epoch ms of the last attempt, else of the report */
  time?: number;
}

export interface Bounce {
  recipients: BounceRecipient[];
  reportingMta?: string;
  /** the returned message's header fields: from the report's part, or from the text */
  original?: HeaderField[];
}

const get = (fields: readonly HeaderField[], name: string): string | undefined =>
  fields.find(([n]) => n.toLowerCase() === name)?.[1];

/** Subjects of bounces in the languages Exchange and the large providers write them. */
const BOUNCE_SUBJECT =
  /^(undeliverable|undelivered|delivery (status notification|failure|has failed|failed)|mail delivery (failed|failure|system)|returned mail|failure notice|non[- ]?remis|non distribuibile|non recapitabile|unzustellbar|nicht zustellbar|no se puede entregar|imposible entregar|onbestelbaar|niet bezorgd|não (é possível )?entregue|impossível entregar|nedoručitelné|niedostarczalne|delayed( mail)?\b|delivery (delayed|has been delayed|notification)|warning: (message .* )?delayed|relayed|delivered:|message bounced|returned to sender|mimecast notification|\[?postmaster\]?)/i;

/** Text only bounces say. */
const BOUNCE_TEXT =
  /(delivery has failed to these recipients|couldn't be delivered|could not be delivered|did not reach some or all of the intended recipients|this is the mail system at host|qmail-send program|was not delivered to:|following address(es)? (had permanent fatal errors|failed)|unable to deliver your message|mail delivery software|permanent error|diagnostic information for administrators|delivery is delayed to these recipients|has not yet been delivered)/i;

const BOUNCE_SENDER =
  /^(mailer-daemon|postmaster|mail delivery (system|subsystem)|microsoftexchange[0-9a-f]*)\b|<(mailer-daemon|postmaster)@/i;

/**
 * Is this message a bounce? A report part or an Outlook report class says so; else its sender, subject and text
 * together.
 */
export function isBounce(msg: ParsedMessage): boolean {
  if (msg.deliveryStatus.length > 0) return true;
  if (msg.messageClass && /^report\.ipm\..*\.(ndr|dr|delayeddr|relayeddr)\b/i.test(msg.messageClass)) return true;
  if (get(msg.headers, 'x-failed-recipients')) return true;
  const subject = get(msg.headers, 'subject') ?? '';
  const from = get(msg.headers, 'from') ?? '';
  const returnPath = get(msg.headers, 'return-path') ?? '';
  const fromDaemon =
    BOUNCE_SENDER.test(from.replace(/^"|"$/g, '').trim()) ||
    returnPath.trim() === '<>' ||
    /auto-replied/i.test(get(msg.headers, 'auto-submitted') ?? '');
  return (
    (fromDaemon || BOUNCE_SUBJECT.test(subject.trim())) &&
    (BOUNCE_TEXT.test(msg.text) || BOUNCE_SUBJECT.test(subject.trim()))
  );
}

export function readBounce(msg: ParsedMessage): Bounce {
  const body = reportPart(msg.text);
  const fromReport = msg.deliveryStatus.flatMap((part) => parseDeliveryStatus(part));
  const reportingMta = msg.deliveryStatus.map((p) => perMessageField(p, 'reporting-mta')).find(Boolean);
  const arrival = msg.deliveryStatus
    .map((p) => dateOf(perMessageField(p, 'arrival-date')))
    .find((t) => t !== undefined);
  const messageTime = dateOf(get(msg.headers, 'date'));
  const delayed = /\b(delay(ed)?|not yet been delivered|still being retried|will (continue to )?be (re)?tried)\b/i.test(
    `${get(msg.headers, 'subject') ?? ''}\n${body.slice(0, 2000)}`,
  );

  const recipients: BounceRecipient[] = [];
  const byAddress = new Map<string, BounceRecipient>();
  const add = (r: BounceRecipient) => {
    const known = r.address ? byAddress.get(r.address) : undefined;
    if (known) {
      known.text ??= r.text;
      return;
    }
    recipients.push(r);
    if (r.address) byAddress.set(r.address, r);
  };

  for (const r of fromReport)
    add({
      ...r,
      ...(r.time === undefined && (arrival ?? messageTime) !== undefined ? { time: arrival ?? messageTime } : {}),
    });
  for (const r of msg.reportRecipients ?? []) {
    add({
      address: r.address.toLowerCase(),
      action: delayed ? 'delayed' : 'failed',
      ...(r.diagnostic ? { text: r.diagnostic } : {}),
      ...(messageTime !== undefined ? { time: messageTime } : {}),
    });
  }
  for (const address of (get(msg.headers, 'x-failed-recipients') ?? '').split(',').map(addressIn).filter(Boolean)) {
    add({ address, action: 'failed', ...(messageTime !== undefined ? { time: messageTime } : {}) });
  }
  if (recipients.length === 0) {
    for (const address of recipientsInText(body, msg.headers))
      add({
        address,
        action: delayed ? 'delayed' : 'failed',
        ...(messageTime !== undefined ? { time: messageTime } : {}),
      });
  }

  // What the report did not say, the text may: the admin section first, then the whole report text.
  const reported = reportedError(body);
  const reportLines = reportText(body);
  for (const r of recipients) {
    if (r.text && r.action !== 'failed' && r.action !== 'delayed') continue;
    const said = paragraphAbout(reportLines, r.address);
    if (!r.text || (!hasCode(r.text) && said && hasCode(said))) r.text = said ?? r.text;
    if (!r.text && reported && recipients.length === 1) r.text = reported;
    if (r.status && r.text && !ENHANCED_CODE.test(r.text)) r.text = `${r.status} ${r.text}`;
    if (!r.text && r.status) r.text = r.status;
  }
  if (recipients.length === 0) {
    // A bounce that names no recipient exotrace can find still says that something failed.
    const text = reported ?? firstReply(body);
    recipients.push({
      address: '',
      action: delayed ? 'delayed' : 'failed',
      ...(text ? { text } : {}),
      ...(messageTime !== undefined ? { time: messageTime } : {}),
    });
  }

  const original = msg.returnedHeaders ?? returnedHeadersInText(msg.text);
  return {
    recipients,
    ...(reportingMta ? { reportingMta: afterType(reportingMta) } : {}),
    ...(original ? { original } : {}),
  };
}

// ---------------------------------------------------------------------------------------------
// The machine-readable report (RFC 3464 §2)

interface ReportFields {
  fields: HeaderField[];
}

/** The report's field groups: the per-message group first, then one per recipient. */
function reportGroups(text: string): ReportFields[] {
  const groups: ReportFields[] = [];
  let current: HeaderField[] = [];
  for (const line of text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/)) {
    if (line.trim() === '') {
      if (current.length) groups.push({ fields: current });
      current = [];
      continue;
    }
    if (/^[ \t]/.test(line) && current.length) {
      current[current.length - 1]![1] += ' ' + line.trim();
      continue;
    }
    const m = /^([A-Za-z0-9-]+)\s*:\s*(.*)$/.exec(line);
    if (m) current.push([m[1]!, m[2]!.trim()]);
  }
  if (current.length) groups.push({ fields: current });
  return groups;
}

function perMessageField(text: string, name: string): string | undefined {
  const first = reportGroups(text)[0];
  return first && !get(first.fields, 'final-recipient') ? get(first.fields, name) : undefined;
}

/** `rfc822; user@example.com` → `user@example.com`; `dns; mx.example.com` → `mx.example.com`. */
function afterType(value: string): string {
  const semi = value.indexOf(';');
  return (semi >= 0 && /^[A-Za-z0-9-]+$/.test(value.slice(0, semi).trim()) ? value.slice(semi + 1) : value).trim();
}

function addressIn(value: string): string {
  const v = afterType(value).replace(/^<|>$/g, '').trim();
  const m = /[^\s<>"';,]+@[^\s<>"';,]+/.exec(v);
  return m ? m[0].toLowerCase().replace(/\.$/, '') : '';
}

const ACTIONS = new Set<BounceAction>(['failed', 'delayed', 'delivered', 'relayed', 'expanded']);

export function parseDeliveryStatus(text: string): BounceRecipient[] {
  const out: BounceRecipient[] = [];
  for (const { fields } of reportGroups(text)) {
    const recipient = get(fields, 'final-recipient') ?? get(fields, 'original-recipient');
    if (recipient === undefined) continue;
    const status = /\b([245]\.\d{1,3}\.\d{1,3})\b/.exec(get(fields, 'status') ?? '')?.[1];
    const actionWord = (get(fields, 'action') ?? '').trim().toLowerCase().split(/\s/)[0] as BounceAction;
    const action: BounceAction = ACTIONS.has(actionWord)
      ? actionWord
      : status?.startsWith('4')
        ? 'delayed'
        : status?.startsWith('2')
          ? 'delivered'
          : 'failed';
    const diagnostic = get(fields, 'diagnostic-code');
    const supplementary = get(fields, 'x-supplementary-info');
    const text = diagnostic ? afterType(diagnostic) : supplementary?.trim();
    const remote = get(fields, 'remote-mta');
    const time = dateOf(get(fields, 'last-attempt-date'));
    out.push({
      address: addressIn(recipient),
      action,
      ...(status ? { status } : {}),
      ...(text ? { text } : {}),
      ...(remote ? { remoteMta: afterType(remote) } : {}),
      ...(time !== undefined ? { time } : {}),
    });
  }
  return out;
}

function dateOf(value: string | undefined): number | undefined {
  if (!value) return undefined;
  const t = Date.parse(value.replace(/\([^)]*\)/g, '').trim());
  return Number.isNaN(t) ? undefined : t;
}

// ---------------------------------------------------------------------------------------------
// The human-readable text

/** Where a bounce's text stops reporting and starts quoting the returned message. */
const RETURNED_MESSAGE_MARKERS = [
  /^-+\s*this is a copy of the message/im,
  /^-+\s*below this line is a copy of the message/im,
  /^original message headers:?\s*$/im,
  /^-+\s*original message\s*-*\s*$/im,
  /^-+\s*the original message\s*/im,
  /^original message follows/im,
  /^-+\s*(transcript of session follows|message header follows)/im,
  /^message hops\s*$/im,
];

/** The report part of a bounce's text, without the returned message. */
function reportPart(text: string): string {
  let end = text.length;
  for (const marker of RETURNED_MESSAGE_MARKERS) {
    const m = marker.exec(text);
    if (m && m.index < end && !/transcript|hops/i.test(m[0])) end = m.index;
  }
  return text.slice(0, end);
}

/**
 * The returned message's header fields as the text quotes them (Exchange's "Original message headers:", Exim, qmail).
 */
function returnedHeadersInText(text: string): HeaderField[] | undefined {
  for (const marker of RETURNED_MESSAGE_MARKERS.slice(0, 5)) {
    const m = marker.exec(text);
    if (!m) continue;
    const fields = parseHeaderBlock(
      text
        .slice(m.index + m[0].length)
        .replace(/^[^\n]*\n/, '')
        .replace(/^\s*\n/, ''),
    );
    if (fields.some(([n]) => /^(message-id|subject|from|received)$/i.test(n))) return fields;
  }
  return undefined;
}

const EXCHANGE_2003_BRACKET = /<[^\s<>#]+ #([245]\.\d{1,3}\.\d{1,3})(?:\s+(smtp;[^>]*))?>/i;
const ADMIN_SECTION =
  /^(diagnostic information for administrators|more info for email admins|error details)\s*:?\s*$/im;
const ENHANCED_CODE = /(^|[^\d.])[245]\.\d{1,3}\.\d{1,3}(?![\d.])/;
const SMTP_CODE = /(^|[^\d.])[245]\d\d[ -]|(^|[^\d.])#?[245]\.\d{1,3}\.\d{1,3}\b/;

function hasCode(text: string): boolean {
  return SMTP_CODE.test(text);
}

/** Exchange Online's newer bounces: "Reported error: 550 5.1.10 …" under "Error Details". */
function reportedError(body: string): string | undefined {
  const m = /^\s*reported error:\s*(.+)$/im.exec(body);
  return m ? m[1]!.trim() : undefined;
}

/** The first line that reads as an SMTP reply, for a bounce that names nobody. */
function firstReply(body: string): string | undefined {
  for (const line of body.split(/\r\n|\n|\r/))
    if (/^\s*(#|remote (host|server) (said|returned):?\s*)?'?[245]\d\d[ -][245]\.\d/i.test(line)) return line.trim();
  return undefined;
}

const LINE_ADDRESS = /^\s*['"<]?([^\s<>'"@]+@[^\s<>'":,]+?)['">]?\s*(?::\s*(.*)|\s+on\s+\d.*)?$/;

/** Addresses the report text lists as recipients (one to a line), when nothing else names them. */
function recipientsInText(body: string, headers: readonly HeaderField[]): string[] {
  const notRecipients = new Set(
    [get(headers, 'from'), get(headers, 'to'), get(headers, 'sender')].filter(Boolean).map((v) => addressIn(v!)),
  );
  const out = new Set<string>();
  const recipientAddress = /^\s*recipient address:\s*(\S+@\S+)/im.exec(body);
  if (recipientAddress) out.add(addressIn(recipientAddress[1]!));
  const yourMessageTo = /your message to (\S+@\S+?) couldn'?t be delivered/i.exec(body);
  if (yourMessageTo) out.add(addressIn(yourMessageTo[1]!));
  for (const line of body.split(/\r\n|\n|\r/)) {
    const m = LINE_ADDRESS.exec(line);
    if (!m) continue;
    const a = m[1]!.toLowerCase().replace(/\.$/, '');
    if (!notRecipients.has(a) && !/^(postmaster|mailer-daemon)@/.test(a)) out.add(a);
  }
  return [...out];
}

/** A report text cut into lines, each line's address mention found once (a bounce may list hundreds). */
interface ReportText {
  lines: string[];
  /** per line: the address it names at its start (lower-case), or undefined */
  named: Array<string | undefined>;
  /** per line: what follows the address on that line */
  rest: Array<string | undefined>;
  /** the line of the administrators' section heading, -1 when none */
  admin: number;
}

function reportText(body: string): ReportText {
  const lines = body.split(/\r\n|\n|\r/);
  const named: Array<string | undefined> = [];
  const rest: Array<string | undefined> = [];
  for (const line of lines) {
    const m = LINE_ADDRESS.exec(line);
    named.push(m ? m[1]!.toLowerCase().replace(/\.$/, '') : undefined);
    rest.push(m?.[2]);
  }
  return { lines, named, rest, admin: lines.findIndex((l) => ADMIN_SECTION.test(l)) };
}

/**
 * What the text says about one recipient: the lines after the one that names it (Postfix's
 * `<a>: host … said: …`, Exim's indented lines, qmail's `Remote host said:`, Exchange's `#550 … ##`
 * or `Remote Server returned '…'`), up to a blank line; Domino's "because:" paragraph.
 */
function paragraphAbout({ lines, named, rest, admin }: ReportText, address: string): string | undefined {
  if (!address) return undefined;
  const mentions: number[] = [];
  named.forEach((a, i) => {
    if (a === address) mentions.push(i);
  });
  // the administrators' section says it best; else the first mention with something after it
  const ordered = [...mentions.filter((i) => admin >= 0 && i > admin), ...mentions];
  for (const i of ordered) {
    const parts: string[] = rest[i] ? [rest[i]!.trim()] : [];
    let j = i + 1;
    for (; j < lines.length && lines[j]!.trim() !== '' && parts.length < 12; j++) {
      if (named[j] !== undefined && named[j] !== address && !/^\s/.test(lines[j]!)) break;
      parts.push(lines[j]!.trim());
    }
    if (parts.length === 0) {
      // Domino: the address, a blank line, "because:", a blank line, the reason
      const because = lines.slice(j, j + 4).findIndex((l) => /^\s*(because|reason)\s*:?\s*$/i.test(l));
      if (because >= 0) {
        let k = j + because + 1;
        while (k < lines.length && lines[k]!.trim() === '') k++;
        for (; k < lines.length && lines[k]!.trim() !== ''; k++) parts.push(lines[k]!.trim());
      }
    }
    const text = parts
      .join(' ')
      .replace(/^\(reason:\s*(.*)\)$/i, '$1')
      .replace(/\s+/g, ' ')
      .trim();
    // Exchange 2000/2003 wrote a generic sentence per status code (its 5.1.1 one speaks of a
    // recipient who "moved"), then the machine part: <server #5.1.1 smtp;550 5.1.1 User unknown>
    const bracket = EXCHANGE_2003_BRACKET.exec(text);
    if (bracket) return bracket[2] ? bracket[2].trim() : bracket[1]!;
    if (text) return text;
  }
  return undefined;
}
