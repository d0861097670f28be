/**
 * Enhanced summary and Summary reports (EAC download, Start-HistoricalSearch -ReportType
 * MessageTrace): one row per message, recipients and their event lists in recipient_status.
 * These exports carry no failure reason.
 */
import { normalizeAddress, parseDirection, splitSummaryStatus, stateFromEventWords } from '../../normalize/fields.js';
import { parseTraceTime } from '../../normalize/timestamps.js';
import { cell } from './header.js';
import type { LayoutSpec } from './layout.js';

export const summaryReport: LayoutSpec = {
  format: 'summary-report',
  signature: [['origin_timestamp_utc', 'origin_timestamp'], ['recipient_status'], ['sender_address']],
  describe: 'origin_timestamp_utc, sender_address, recipient_status, message_subject, …',
  truncationLimits: [20_000, 50_000, 100_000],
  timeColumn: ['origin_timestamp_utc', 'origin_timestamp'],
  mapper(header, { source, dateOrder, onUnknownValue }) {
    const col = {
      time: header.indexOf('origin_timestamp_utc', 'origin_timestamp'),
      sender: header.indexOf('sender_address'),
      status: header.indexOf('recipient_status'),
      subject: header.indexOf('message_subject'),
      bytes: header.indexOf('total_bytes'),
      messageId: header.indexOf('message_id'),
      networkId: header.indexOf('network_message_id'),
      originalClientIp: header.indexOf('original_client_ip'),
      direction: header.indexOf('directionality'),
      connector: header.indexOf('connector_id'),
      auth: header.indexOf('authentication_results'),
    };
    return (fields, line, emit) => {
      const networkMessageId = cell(fields, col.networkId).trim();
      const messageId = cell(fields, col.messageId).trim();
      const messageKey = networkMessageId || messageId;
      if (!messageKey)
        return 'the row has neither network_message_id nor message_id, so it cannot be tied to a message; it was skipped';
      const entries = splitSummaryStatus(cell(fields, col.status));
      if (entries.length === 0)
        return 'recipient_status is empty, so the row names no recipient and no state; it was skipped';
      const bytes = Number(cell(fields, col.bytes));
      const facts = {
        messageId: messageId || undefined,
        networkMessageId: networkMessageId || undefined,
        sender: normalizeAddress(cell(fields, col.sender)) || undefined,
        subject: cell(fields, col.subject) || undefined,
        direction: parseDirection(cell(fields, col.direction)),
        originalClientIp: cell(fields, col.originalClientIp) || undefined,
        connector: cell(fields, col.connector) || undefined,
        sizeBytes: Number.isFinite(bytes) && bytes > 0 ? bytes : undefined,
      };
      const time = parseTraceTime(cell(fields, col.time), dateOrder);
      const auth = cell(fields, col.auth).trim();
      for (const { recipient, events } of entries) {
        const { state, unknown } = stateFromEventWords(events);
        for (const word of unknown) onUnknownValue('recipient_status', word, line);
        emit({
          ...(auth ? { auth } : {}),
          source,
          line,
          format: 'summary-report',
          messageKey,
          recipient,
          event: events,
          weight: state ? 'final' : 'presence',
          state,
          time,
          facts,
        });
      }
      return undefined;
    };
  },
};
