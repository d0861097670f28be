/**
 * Get-MessageTrace / Get-MessageTraceV2 piped to Export-Csv: one row per recipient with a Status.
 * No failure reason: that needs Get-MessageTraceDetail or a Graph scan.
 */
import { normalizeAddress, stateOfStatusColumn } from '../../normalize/fields.js';
import { parseTraceTime } from '../../normalize/timestamps.js';
import { cell } from './header.js';
import type { LayoutSpec } from './layout.js';

export const messageTrace: LayoutSpec = {
  format: 'messagetrace',
  signature: [['Received'], ['SenderAddress'], ['RecipientAddress'], ['Status']],
  describe: 'Received, SenderAddress, RecipientAddress, Subject, Status, MessageTraceId, …',
  truncationLimits: [1000, 5000],
  timeColumn: ['Received'],
  mapper(header, { source, dateOrder, onUnknownValue }) {
    const col = {
      time: header.indexOf('Received'),
      sender: header.indexOf('SenderAddress'),
      recipient: header.indexOf('RecipientAddress'),
      subject: header.indexOf('Subject'),
      status: header.indexOf('Status'),
      toIp: header.indexOf('ToIP'),
      fromIp: header.indexOf('FromIP'),
      size: header.indexOf('Size'),
      traceId: header.indexOf('MessageTraceId'),
      messageId: header.indexOf('MessageId'),
      auth: header.indexOf('Authentication-Results'),
    };
    return (fields, line, emit) => {
      const messageTraceId = cell(fields, col.traceId).trim();
      const messageId = cell(fields, col.messageId).trim();
      const messageKey = messageTraceId || messageId;
      if (!messageKey)
        return 'the row has neither MessageTraceId nor MessageId, so it cannot be tied to a message; it was skipped';
      const status = cell(fields, col.status);
      const state = stateOfStatusColumn(status, (word) => onUnknownValue('Status', word, line));
      const size = Number(cell(fields, col.size));
      const toIp = cell(fields, col.toIp).trim();
      const auth = cell(fields, col.auth).trim();
      emit({
        ...(auth ? { auth } : {}),
        source,
        line,
        format: 'messagetrace',
        messageKey,
        recipient: normalizeAddress(cell(fields, col.recipient)),
        event: status,
        weight: state ? 'final' : 'presence',
        state,
        time: parseTraceTime(cell(fields, col.time), dateOrder),
        facts: {
          messageId: messageId || undefined,
          messageTraceId: messageTraceId || undefined,
          sender: normalizeAddress(cell(fields, col.sender)) || undefined,
          subject: cell(fields, col.subject) || undefined,
          // ToIP is the destination MX and is only set for mail leaving the tenant.
          direction: toIp ? 'outbound' : 'unknown',
          clientIp: cell(fields, col.fromIp) || undefined,
          serverIp: toIp || undefined,
          sizeBytes: Number.isFinite(size) && size > 0 ? size : undefined,
        },
      });
      return undefined;
    };
  },
};
