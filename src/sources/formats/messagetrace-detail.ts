/**
 * Get-MessageTraceDetail / Get-MessageTraceDetailV2 piped to Export-Csv: one row per event, with
 * the failure reason in Detail (`Reason: [{LED=…};{MSG=};…]`). Scripts often keep only
 * MessageId, Date, Event, Action, Detail, Data; the recipient is then unknown ('').
 */
import type { DeliveryState, EventWeight } from '../../model/trace.js';
import { hasFailureCode, meaningfulStatus, normalizeAddress } from '../../normalize/fields.js';
import { parseTraceTime } from '../../normalize/timestamps.js';
import { cell } from './header.js';
import type { LayoutSpec } from './layout.js';

/** A Detail event (Get-MessageTraceDetail's Event, Graph's detail `event`): what it says about the delivery. */
function meaningOfDetailEvent(
  event: string,
  detail: string,
): { weight: EventWeight; state?: DeliveryState; reason: boolean } {
  switch (event.trim().toLowerCase()) {
    case 'deliver':
    case 'send':
    case 'send external':
      return { weight: 'final', state: 'delivered', reason: false };
    case 'fail':
      return { weight: 'final', state: 'failed', reason: true };
    case 'defer':
      return { weight: 'defer', state: 'pending', reason: true };
    case 'drop':
      return { weight: 'final', state: hasFailureCode(detail) ? 'failed' : 'dropped', reason: true };
    case 'expand':
      return { weight: 'final', state: 'expanded', reason: false };
    case 'quarantine':
    case 'quarantined':
      return { weight: 'final', state: 'quarantined', reason: true };
    default:
      return { weight: 'presence', reason: false };
  }
}

/**
 * The mapper of one event per row, for Get-MessageTraceDetail(V2)'s columns and for Graph's
 * exchangeMessageTraceDetail properties alike (dateTime, description, id): one mapping, whoever
 * named the columns.
 */
export function detailRowMapper(format: 'messagetrace-detail' | 'graph'): LayoutSpec['mapper'] {
  return (header, { source, dateOrder }) => {
    const col = {
      time: header.indexOf('Date', 'dateTime'),
      event: header.indexOf('Event'),
      detail: header.indexOf('Detail', 'description'),
      traceId: header.indexOf('MessageTraceId', 'id'),
      messageId: header.indexOf('MessageId'),
      // not in Graph's detail objects; scans and log shippers add it
      recipient: header.indexOf('RecipientAddress'),
      sender: header.indexOf('SenderAddress'),
      auth: header.indexOf('Authentication-Results', 'AuthenticationResults'),
    };
    const missingKey =
      `the row has neither ${header.names[col.traceId] ?? 'MessageTraceId'} nor MessageId, so it cannot be tied to ` +
      `a message; it was skipped`;
    return (fields, line, emit) => {
      const messageTraceId = cell(fields, col.traceId).trim();
      const messageId = cell(fields, col.messageId).trim();
      const messageKey = messageTraceId || messageId;
      if (!messageKey) return missingKey;
      const event = cell(fields, col.event);
      const detail = cell(fields, col.detail);
      const meaning = meaningOfDetailEvent(event, detail);
      const auth = cell(fields, col.auth).trim();
      emit({
        ...(auth ? { auth } : {}),
        source,
        line,
        format,
        messageKey,
        recipient: normalizeAddress(cell(fields, col.recipient)),
        event,
        weight: meaning.weight,
        state: meaning.state,
        time: parseTraceTime(cell(fields, col.time), dateOrder),
        text: meaning.reason ? meaningfulStatus(detail) : undefined,
        facts: {
          messageId: messageId || undefined,
          messageTraceId: messageTraceId || undefined,
          sender: normalizeAddress(cell(fields, col.sender)) || undefined,
          direction: 'unknown',
        },
      });
      return undefined;
    };
  };
}

export const messageTraceDetail: LayoutSpec = {
  format: 'messagetrace-detail',
  signature: [['Date'], ['Event'], ['Detail']],
  describe: 'Date, Event, Action, Detail, Data, MessageTraceId, RecipientAddress, …',
  truncationLimits: [],
  timeColumn: ['Date'],
  mapper: detailRowMapper('messagetrace-detail'),
};
