/**
 * The Extended report (EAC download, Start-HistoricalSearch -ReportType MessageTraceDetail):
 * one row per event, 27 tracking-log columns, several rows per message.
 */
import type { DeliveryState, EventWeight, TraceEvent } from '../../model/trace.js';
import {
  authFromAgents,
  hasFailureCode,
  meaningfulStatus,
  normalizeAddress,
  parseCustomData,
  parseDirection,
  splitAddresses,
  splitRecipientStatus,
} from '../../normalize/fields.js';
import { parseTraceTime } from '../../normalize/timestamps.js';
import { filteringFromAgents } from '../../classify/antispam-report.js';
import { cell } from './header.js';
import type { LayoutSpec } from './layout.js';

interface EventMeaning {
  weight: EventWeight;
  state?: DeliveryState;
  /** the recipient status text explains this event (failure or deferral reason) */
  carriesReason: boolean;
}

const PRESENCE: EventMeaning = { weight: 'presence', carriesReason: false };

/** event_id → what it says about each recipient on the row. Unknown events only mark presence. */
export function meaningOfEvent(eventId: string, status: string): EventMeaning {
  switch (eventId.trim().toUpperCase()) {
    case 'DELIVER':
    case 'SEND':
    case 'DUPLICATEDELIVER':
      return { weight: 'final', state: 'delivered', carriesReason: false };
    case 'FAIL':
    case 'DELIVERFAIL':
    case 'BADMAIL':
    case 'SUBMITFAIL':
    case 'RESUBMITFAIL':
    case 'POISONMESSAGE':
    case 'MODERATORREJECT':
    case 'MODERATIONEXPIRE':
      return { weight: 'final', state: 'failed', carriesReason: true };
    case 'DEFER':
    case 'SUBMITDEFER':
    case 'RESUBMITDEFER':
      return { weight: 'defer', state: 'pending', carriesReason: true };
    case 'DROP':
      // A DROP with a failure code is a failure (transport agent deleted it); with a success code
      // it is Exchange discarding on purpose (an internal OOF to an external recipient).
      return hasFailureCode(status)
        ? { weight: 'final', state: 'failed', carriesReason: true }
        : { weight: 'final', state: 'dropped', carriesReason: true };
    default:
      return PRESENCE;
  }
}

export const extendedReport: LayoutSpec = {
  format: 'extended-report',
  signature: [['date_time_utc', 'date_time', 'date-time'], ['event_id'], ['recipient_address'], ['message_id', 'network_message_id']],
  describe: 'date_time_utc, event_id, recipient_address, recipient_status, custom_data, …',
  truncationLimits: [1000, 3000, 100_000],
  mapper(header, source) {
    const col = {
      time: header.indexOf('date_time_utc', 'date_time', 'date-time'),
      clientIp: header.indexOf('client_ip'),
      serverIp: header.indexOf('server_ip'),
      connector: header.indexOf('connector_id'),
      event: header.indexOf('event_id'),
      messageId: header.indexOf('message_id'),
      networkId: header.indexOf('network_message_id'),
      recipients: header.indexOf('recipient_address'),
      status: header.indexOf('recipient_status'),
      bytes: header.indexOf('total_bytes'),
      related: header.indexOf('related_recipient_address'),
      subject: header.indexOf('message_subject'),
      sender: header.indexOf('sender_address'),
      direction: header.indexOf('directionality'),
      originalClientIp: header.indexOf('original_client_ip'),
      customData: header.indexOf('custom_data'),
      auth: header.indexOf('authentication_results', 'auth_results'),
    };
    return (fields, line, emit) => {
      const networkMessageId = cell(fields, col.networkId).trim();
      const messageId = cell(fields, col.messageId).trim();
      const messageKey = networkMessageId || messageId;
      if (!messageKey) return 'row has neither network_message_id nor message_id';
      const eventId = cell(fields, col.event).trim();
      const rawStatus = cell(fields, col.status);
      const meaning = meaningOfEvent(eventId, rawStatus);
      const recipients = splitAddresses(cell(fields, col.recipients));
      const time = parseTraceTime(cell(fields, col.time));
      const bytes = Number(cell(fields, col.bytes));
      const facts = {
        messageId: messageId || undefined,
        networkMessageId: networkMessageId || undefined,
        sender: normalizeAddress(cell(fields, col.sender)) || undefined,
        subject: cell(fields, col.subject) || undefined,
        direction: parseDirection(cell(fields, col.direction)),
        clientIp: cell(fields, col.clientIp) || undefined,
        serverIp: cell(fields, col.serverIp) || undefined,
        originalClientIp: cell(fields, col.originalClientIp) || undefined,
        connector: cell(fields, col.connector) || undefined,
        sizeBytes: Number.isFinite(bytes) && bytes > 0 ? bytes : undefined,
      };
      const customData = cell(fields, col.customData);
      const agents = customData ? parseCustomData(customData) : undefined;
      const auth = cell(fields, col.auth).trim() || (agents ? authFromAgents(agents) : undefined);
      const filtering = agents ? filteringFromAgents(agents) : undefined;
      const base = { source, line, format: 'extended-report' as const, messageKey, event: eventId, time, facts, agents, ...(auth ? { auth } : {}), ...(filtering ? { filtering } : {}) };

      if (eventId.toUpperCase() === 'EXPAND') {
        // The expanded group is in related_recipient_address; the members it gave are on the row.
        for (const group of splitAddresses(cell(fields, col.related))) {
          emit({ ...base, recipient: group, weight: 'final', state: 'expanded' });
        }
        for (const r of recipients) emit({ ...base, recipient: r, weight: 'presence' });
        return undefined;
      }

      const statuses = meaning.carriesReason ? splitRecipientStatus(rawStatus, recipients.length) : [];
      const list = recipients.length > 0 ? recipients : [''];
      list.forEach((recipient, i) => {
        const text = meaning.carriesReason ? meaningfulStatus(statuses.length === 1 ? statuses[0]! : (statuses[i] ?? '')) : undefined;
        const e: TraceEvent = { ...base, recipient, weight: meaning.weight, text };
        if (meaning.state) e.state = meaning.state;
        emit(e);
      });
      return undefined;
    };
  },
};
