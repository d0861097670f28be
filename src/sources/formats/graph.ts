/**
 * Microsoft Graph message trace rows (v1.0 `/admin/exchange/tracing/messageTraces`:
 * exchangeMessageTrace, one per recipient, no reason) and their details (`getDetailsByRecipient`:
 * exchangeMessageTraceDetail, one per event, the reason in `description`), as the API returns
 * them, as log shippers keep them (JSON), or as a script wrote them to CSV. Facts:
 * shared/research/formats.md §3.
 */
import { normalizeAddress, stateOfStatusColumn } from '../../normalize/fields.js';
import { parseTraceTime } from '../../normalize/timestamps.js';
import { cell } from './header.js';
import type { LayoutSpec } from './layout.js';
import { detailRowMapper } from './messagetrace-detail.js';

export const graphTrace: LayoutSpec = {
  format: 'graph',
  signature: [['receivedDateTime'], ['recipientAddress'], ['status'], ['id', 'messageId']],
  describe: 'receivedDateTime, senderAddress, recipientAddress, status, id, … (Graph exchangeMessageTrace)',
  // one Graph page holds at most 5,000 rows
  truncationLimits: [1000, 5000],
  timeColumn: ['receivedDateTime'],
  mapper(header, { source, dateOrder, onUnknownValue }) {
    const col = {
      time: header.indexOf('receivedDateTime'),
      id: header.indexOf('id'),
      messageId: header.indexOf('messageId'),
      sender: header.indexOf('senderAddress'),
      recipient: header.indexOf('recipientAddress'),
      subject: header.indexOf('subject'),
      size: header.indexOf('size'),
      fromIp: header.indexOf('fromIP'),
      toIp: header.indexOf('toIP'),
      status: header.indexOf('status'),
    };
    return (fields, line, emit) => {
      const id = cell(fields, col.id).trim();
      const messageId = cell(fields, col.messageId).trim();
      const messageKey = id || messageId;
      if (!messageKey) return 'the row has neither id nor messageId, so it cannot be tied to a message; it was skipped';
      const status = cell(fields, col.status).trim();
      const state = stateOfStatusColumn(status, (word) => onUnknownValue('status', word, line));
      const toIp = cell(fields, col.toIp).trim();
      const fromIp = cell(fields, col.fromIp).trim();
      const size = Number(cell(fields, col.size));
      emit({
        source,
        line,
        format: 'graph',
        messageKey,
        recipient: normalizeAddress(cell(fields, col.recipient)),
        event: status,
        weight: state ? 'final' : 'presence',
        state,
        time: parseTraceTime(cell(fields, col.time), dateOrder),
        facts: {
          ...(messageId ? { messageId } : {}),
          ...(id ? { messageTraceId: id } : {}),
          ...(normalizeAddress(cell(fields, col.sender)) ? { sender: normalizeAddress(cell(fields, col.sender)) } : {}),
          ...(cell(fields, col.subject) ? { subject: cell(fields, col.subject) } : {}),
          // toIP is the destination MX and is set only for mail leaving the tenant; fromIP the sender's for inbound
          direction: toIp ? 'outbound' : fromIp ? 'inbound' : 'unknown',
          ...(fromIp ? { clientIp: fromIp } : {}),
          ...(toIp ? { serverIp: toIp } : {}),
          ...(Number.isFinite(size) && size > 0 ? { sizeBytes: size } : {}),
        },
      });
      return undefined;
    };
  },
};

export const graphTraceDetail: LayoutSpec = {
  format: 'graph',
  signature: [['dateTime'], ['event'], ['description']],
  describe: 'dateTime, event, action, description, messageId, … (Graph exchangeMessageTraceDetail)',
  truncationLimits: [],
  timeColumn: ['dateTime'],
  mapper: detailRowMapper('graph'),
};
