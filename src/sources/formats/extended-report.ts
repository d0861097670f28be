/**
 * The Extended report (EAC download, Start-HistoricalSearch -ReportType MessageTraceDetail):
 * one row per event, 27 tracking-log columns, several rows per message.
 */
import type { FilteringVerdict } from '../../model/auth.js';
import type { DeliveryState, Direction, EventWeight, MessageFacts, TraceEvent } from '../../model/trace.js';
import {
  authFromAgents,
  hasFailureCode,
  meaningfulStatus,
  normalizeAddress,
  plainAddressCount,
  parseCustomData,
  parseDirection,
  splitAddresses,
  splitRecipientStatus,
} from '../../normalize/fields.js';
import { createTimeReader, parseTraceTime } from '../../normalize/timestamps.js';
import { filteringFromAgents } from '../../classify/antispam-report.js';
import { cell, type HeaderIndex } from './header.js';
import { fieldsOf, type LayoutSpec } from './layout.js';
import { emptySpan } from '../../aggregate/delivery-span.js';

interface EventMeaning {
  weight: EventWeight;
  state?: DeliveryState;
  /** the recipient status text explains this event (failure or deferral reason) */
  carriesReason: boolean;
}

// One frozen object per meaning: this runs for every row.
const PRESENCE: EventMeaning = Object.freeze({ weight: 'presence', carriesReason: false });
const DELIVERED: EventMeaning = Object.freeze({ weight: 'final', state: 'delivered', carriesReason: false });
const FAILED: EventMeaning = Object.freeze({ weight: 'final', state: 'failed', carriesReason: true });
const DEFERRED: EventMeaning = Object.freeze({ weight: 'defer', state: 'pending', carriesReason: true });
const DROPPED: EventMeaning = Object.freeze({ weight: 'final', state: 'dropped', carriesReason: true });
/** EXPAND: the group named in related_recipient_address is expanded; the mapper handles it apart. */
const EXPANSION: EventMeaning = Object.freeze({ weight: 'presence', carriesReason: false });

/** event_id → what it says about each recipient on the row. Unknown events only mark presence. */
export function meaningOfEvent(eventId: string, status: string): EventMeaning {
  const meaning = meaningOfUpperCaseEvent(eventId, status);
  // Exports write event ids in upper case; only other spellings pay for the conversion.
  return meaning === PRESENCE && /[a-z]/.test(eventId)
    ? meaningOfUpperCaseEvent(eventId.toUpperCase(), status)
    : meaning;
}

function meaningOfUpperCaseEvent(id: string, status: string): EventMeaning {
  switch (id) {
    case 'DELIVER':
    case 'SEND':
    case 'DUPLICATEDELIVER':
      return DELIVERED;
    case 'FAIL':
    case 'DELIVERFAIL':
    case 'BADMAIL':
    case 'SUBMITFAIL':
    case 'RESUBMITFAIL':
    case 'POISONMESSAGE':
    case 'MODERATORREJECT':
    case 'MODERATIONEXPIRE':
      return FAILED;
    case 'DEFER':
    case 'SUBMITDEFER':
    case 'RESUBMITDEFER':
      return DEFERRED;
    case 'DROP':
      // A DROP with a failure code is a failure (transport agent deleted it); with a success code
      // it is Exchange discarding on purpose (an internal OOF to an external recipient).
      return hasFailureCode(status) ? FAILED : DROPPED;
    case 'EXPAND':
      return EXPANSION;
    default:
      return PRESENCE;
  }
}

const FORMAT = 'extended-report' as const;

/** Get-MessageTrackingLog | Export-Csv writes a list property as its type name unless it is joined. */
const STRING_ARRAY_PROBLEM =
  'the Recipients column holds "System.String[]": Export-Csv wrote the type of the list instead of its ' +
  'addresses, so the row names no recipient. Export again with the lists joined: ' +
  "Get-MessageTrackingLog … | Select-Object Timestamp,EventId,Source,Sender,@{n='Recipients';e={$_.Recipients " +
  "-join ';'}},@{n='RecipientStatus';e={$_.RecipientStatus -join ';'}},MessageSubject,MessageId,NetworkMessageId " +
  '| Export-Csv tracking.csv -NoTypeInformation';
const NO_FACTS: MessageFacts = Object.freeze({ direction: 'unknown' as const });
/** custom_data is parsed only when it may hold authentication results (the S:SFA verdict rides along). */
const AUTH_IN_CUSTOM_DATA = /S:(?:SPF|DKIM|DMARC|CompAuth)=/;

type Columns = Record<
  | 'clientIp'
  | 'serverIp'
  | 'connector'
  | 'messageId'
  | 'networkId'
  | 'bytes'
  | 'subject'
  | 'sender'
  | 'direction'
  | 'originalClientIp',
  number
>;

/** A row's message facts, read on first access. */
class RowFacts implements MessageFacts {
  constructor(
    private readonly fields: readonly string[],
    private readonly col: Columns,
  ) {}
  private get(i: number): string | undefined {
    return cell(this.fields, i) || undefined;
  }
  get messageId() {
    return this.get(this.col.messageId);
  }
  get networkMessageId() {
    return this.get(this.col.networkId);
  }
  get sender() {
    return normalizeAddress(cell(this.fields, this.col.sender)) || undefined;
  }
  get subject() {
    return this.get(this.col.subject);
  }
  get direction(): Direction {
    return parseDirection(cell(this.fields, this.col.direction));
  }
  get clientIp() {
    return this.get(this.col.clientIp);
  }
  get serverIp() {
    return this.get(this.col.serverIp);
  }
  get originalClientIp() {
    return this.get(this.col.originalClientIp);
  }
  get connector() {
    return this.get(this.col.connector);
  }
  get sizeBytes() {
    const n = Number(cell(this.fields, this.col.bytes));
    return Number.isFinite(n) && n > 0 ? n : undefined;
  }
  /** JSON.stringify and spreads see the values, not the getters. */
  toJSON(): MessageFacts {
    return {
      messageId: this.messageId,
      networkMessageId: this.networkMessageId,
      sender: this.sender,
      subject: this.subject,
      direction: this.direction,
      clientIp: this.clientIp,
      serverIp: this.serverIp,
      originalClientIp: this.originalClientIp,
      connector: this.connector,
      sizeBytes: this.sizeBytes,
    };
  }
}

/** The time column's names: the admin center's, the tracking log's, Get-MessageTrackingLog's. */
const TIME_COLUMN = ['date_time_utc', 'date_time', 'date-time', 'Timestamp'];

function columnsOf(header: HeaderIndex) {
  return {
    time: header.indexOf(...TIME_COLUMN),
    clientIp: header.indexOf('client_ip'),
    serverIp: header.indexOf('server_ip'),
    connector: header.indexOf('connector_id'),
    event: header.indexOf('event_id'),
    messageId: header.indexOf('message_id'),
    networkId: header.indexOf('network_message_id'),
    recipients: header.indexOf('recipient_address', 'Recipients'),
    status: header.indexOf('recipient_status'),
    bytes: header.indexOf('total_bytes'),
    related: header.indexOf('related_recipient_address'),
    subject: header.indexOf('message_subject'),
    sender: header.indexOf('sender_address', 'Sender'),
    direction: header.indexOf('directionality'),
    originalClientIp: header.indexOf('original_client_ip'),
    customData: header.indexOf('custom_data'),
    auth: header.indexOf('authentication_results', 'auth_results'),
  };
}

export const extendedReport: LayoutSpec = {
  format: 'extended-report',
  signature: [TIME_COLUMN, ['event_id'], ['recipient_address', 'Recipients'], ['message_id', 'network_message_id']],
  describe: 'date_time_utc, event_id, recipient_address, recipient_status, custom_data, …',
  truncationLimits: [1000, 3000, 100_000],
  timeColumn: TIME_COLUMN,
  mapper(header, { source, dateOrder }) {
    const col = columnsOf(header);
    // Facts are read from the row only when something asks (an example, the authentication
    // health): most rows are RECEIVE/AGENTINFO/DELIVER and never need them.
    const factsOf = (fields: readonly string[]): MessageFacts => new RowFacts(fields, col);
    return (fields, line, emit) => {
      const messageKey = cell(fields, col.networkId).trim() || cell(fields, col.messageId).trim();
      if (!messageKey)
        return 'the row has neither network_message_id nor message_id, so it cannot be tied to a message; it was skipped';
      const eventId = cell(fields, col.event).trim();
      const rawStatus = cell(fields, col.status);
      const meaning = meaningOfEvent(eventId, rawStatus);
      const recipientCell = cell(fields, col.recipients);
      if (recipientCell.trim() === 'System.String[]') return STRING_ARRAY_PROBLEM;
      const recipients = splitAddresses(recipientCell);
      const time = parseTraceTime(cell(fields, col.time), dateOrder);
      const customData = cell(fields, col.customData) || undefined;
      let auth = cell(fields, col.auth).trim() || undefined;
      let filtering: FilteringVerdict | undefined;
      if (customData && AUTH_IN_CUSTOM_DATA.test(customData)) {
        const agents = parseCustomData(customData);
        auth ??= authFromAgents(agents);
        filtering = filteringFromAgents(agents);
      }

      // Facts are shown for reasons (examples) and used for authentication; other rows skip them.
      const facts = meaning.carriesReason || auth ? factsOf(fields) : NO_FACTS;

      const event = (recipient: string, weight: EventWeight, state: DeliveryState | undefined, text?: string) =>
        emit({
          source,
          line,
          format: FORMAT,
          messageKey,
          recipient,
          event: eventId,
          weight,
          state,
          time,
          text,
          facts,
          customData,
          auth,
          filtering,
        });
      if (meaning === EXPANSION) {
        // The expanded group is in related_recipient_address; the members it gave are on the row.
        for (const group of splitAddresses(cell(fields, col.related))) event(group, 'final', 'expanded');
        for (const r of recipients) event(r, 'presence', undefined);
        return undefined;
      }

      const statuses = meaning.carriesReason ? splitRecipientStatus(rawStatus, recipients.length) : undefined;
      const count = recipients.length || 1;
      for (let i = 0; i < count; i++) {
        const text = statuses
          ? meaningfulStatus(statuses.length === 1 ? statuses[0]! : (statuses[i] ?? ''))
          : undefined;
        event(recipients[i] ?? '', meaning.weight, meaning.state, text);
      }
      return undefined;
    };
  },
  spanMapper(header, ctx) {
    const col = columnsOf(header);
    const width = header.names.length;
    const mapRow = extendedReport.mapper(header, ctx);
    const timeAt = createTimeReader(ctx.dateOrder);
    /** A row cut into fields and mapped by mapRow, which also says what is wrong with a row. */
    const longWay = (text: string, b: Int32Array, line: number, emit: (e: TraceEvent) => void) =>
      mapRow(fieldsOf(text, b, width), line, emit);
    if (col.networkId < 0 || col.recipients < 0 || col.event < 0 || col.time < 0)
      return (text, b, line, _onSpan, emit) => longWay(text, b, line, emit);
    const span = emptySpan();
    return (text, b, line, onSpan, emit) => {
      // The rows read in place: one recipient as a delivery key already, a network message id,
      // an event that needs no reason and no authentication results. Everything else goes the
      // long way.
      const ks = b[2 * col.networkId]!;
      const ke = b[2 * col.networkId + 1]!;
      const rs = b[2 * col.recipients]!;
      const re = b[2 * col.recipients + 1]!;
      const es = b[2 * col.event]!;
      const ee = b[2 * col.event + 1]!;
      const ts = b[2 * col.time]!;
      const te = b[2 * col.time + 1]!;
      const cs = col.customData < 0 ? 0 : b[2 * col.customData]!;
      const ce = col.customData < 0 ? 0 : b[2 * col.customData + 1]!;
      // (a negative start marks a field with doubled quotes: read the long way)
      if ((ks | rs | es | ts | cs) < 0 || ks === ke || es === ee) return longWay(text, b, line, emit);
      const recipients = plainAddressCount(text, rs, re);
      if (recipients === 0) return longWay(text, b, line, emit);
      if (text.charCodeAt(ks) <= 32 || text.charCodeAt(ke - 1) <= 32) return longWay(text, b, line, emit);
      const meaning = meaningOfUpperCaseEvent(text.slice(es, ee), '');
      if (meaning.carriesReason || meaning === EXPANSION) return longWay(text, b, line, emit);
      // Any other id marks presence (RECEIVE, AGENTINFO…), once it is sure that trimming or upper-casing it would not
      // make it a known one.
      if (meaning === PRESENCE && !isPlainUpperCase(text, es, ee)) return longWay(text, b, line, emit);
      if (col.auth >= 0 && b[2 * col.auth + 1]! !== b[2 * col.auth]!) return longWay(text, b, line, emit);
      if (ce > cs && AUTH_IN_CUSTOM_DATA.test(text.slice(cs, ce))) return longWay(text, b, line, emit);
      span.text = text;
      span.keyStart = ks;
      span.keyEnd = ke;
      span.weight = meaning.weight;
      span.state = meaning.state;
      span.time = ts === te ? undefined : timeAt(text, ts, te);
      if (col.direction >= 0 && b[2 * col.direction]! >= 0) {
        span.directionStart = b[2 * col.direction]!;
        span.directionEnd = b[2 * col.direction + 1]!;
      } else span.directionEnd = span.directionStart = 0;
      span.recipientStart = rs;
      if (recipients > 1) {
        // one delivery per recipient of the `;` list
        for (let i = rs; i < re; i++) {
          if (text.charCodeAt(i) === 59) {
            span.recipientEnd = i;
            onSpan(span);
            span.recipientStart = i + 1;
          }
        }
      }
      span.recipientEnd = re;
      onSpan(span);
      return undefined;
    };
  },
};

/** `text[start, end)` has no lower-case letter and nothing to trim. */
function isPlainUpperCase(text: string, start: number, end: number): boolean {
  if (text.charCodeAt(start) <= 32 || text.charCodeAt(end - 1) <= 32) return false;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if ((c >= 97 && c <= 122) || c > 127) return false;
  }
  return true;
}
