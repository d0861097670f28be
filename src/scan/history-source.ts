/**
 * The history as a TraceSource: a tenant's stored Graph rows and detail events for a period, read
 * through the same Graph layouts that read Graph JSON files (src/sources/formats/graph.ts), so that
 * `report` folds, classifies and renders exactly what `analyze` would for the same data.
 */
import type { InputSummary } from '../model/input.js';
import { graphTrace, graphTraceDetail } from '../sources/formats/graph.js';
import { indexHeader } from '../sources/formats/header.js';
import type { RowMapper } from '../sources/formats/layout.js';
import type { SourceContext, TraceSource } from '../sources/trace-source.js';
import { createUnknownValues } from '../sources/unknown-values.js';
import type { HistoryStore } from '../store/history.js';

const ROW_FIELDS = [
  'id',
  'recipientAddress',
  'senderAddress',
  'messageId',
  'receivedDateTime',
  'subject',
  'size',
  'fromIP',
  'toIP',
  'status',
];
const DETAIL_FIELDS = ['id', 'RecipientAddress', 'messageId', 'dateTime', 'event', 'action', 'description'];

export function historySource(store: HistoryStore, tenant: string, from: string, to: string): TraceSource {
  const name = `graph:${tenant}`;
  return {
    name,
    kind: 'graph',
    async read(ctx: SourceContext): Promise<InputSummary> {
      const unknown = createUnknownValues(name, ctx.onIssue);
      const mctx = { source: name, onUnknownValue: unknown.add };
      const mapRow: RowMapper = graphTrace.mapper(indexHeader(ROW_FIELDS), mctx);
      const mapDetail: RowMapper = graphTraceDetail.mapper(indexHeader(DETAIL_FIELDS), mctx);
      let rows = 0;
      let rejectedRows = 0;
      const take = (problem: string | undefined, n: number) => {
        rows++;
        if (!problem) return;
        rejectedRows++;
        ctx.onIssue({ source: name, index: n, code: 'EXO_ROW_UNUSABLE', message: problem });
      };
      // `line` numbers the stored rows and events in the order they are read
      for (const r of store.rows(tenant, from, to)) {
        const fields = [
          r.traceId,
          r.recipient,
          r.sender ?? '',
          r.messageId ?? '',
          r.receivedAt,
          r.subject ?? '',
          String(r.size ?? ''),
          r.fromIp ?? '',
          r.toIp ?? '',
          r.status,
        ];
        take(mapRow(fields, rows + 1, ctx.onEvent), rows);
      }
      for (const e of store.details(tenant, from, to)) {
        const fields = [
          e.traceId,
          e.recipient,
          e.messageId ?? '',
          e.at ?? '',
          e.event,
          e.action ?? '',
          e.description ?? '',
        ];
        take(mapDetail(fields, rows + 1, ctx.onEvent), rows);
      }
      unknown.flush();
      return { source: name, format: 'graph', rows, rejectedRows };
    },
  };
}
