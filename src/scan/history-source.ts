/**
 * The history as a TraceSource: a tenant's stored Graph rows and detail events for a period, read
 * through the same Graph layouts that read Graph JSON files (src/sources/formats/graph.ts), so that
 * `report` folds, classifies and renders exactly what `analyze` would for the same data.
 */
import type { InputSummary } from '../model/input.js';
import type { MessageFacts, TraceEvent } from '../model/trace.js';
import { graphTrace, graphTraceDetail } from '../sources/formats/graph.js';
import { indexHeader } from '../sources/formats/header.js';
import type { RowMapper } from '../sources/formats/layout.js';
import type { SourceContext, TraceSource } from '../sources/trace-source.js';
import { createUnknownValues } from '../sources/unknown-values.js';
import type { HistoryStore, TraceRow } from '../store/history.js';
import { groupKey } from './failure-groups.js';

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

/** How many failed deliveries of the period have their reason read, inferred from a look-alike, or none. */
export interface ReasonCounts {
  failed: number;
  read: number;
  inferred: number;
  unknown: number;
}

/**
 * Failures whose details were not read (the budget ran out) take the reason read for a failure of
 * their group (src/scan/failure-groups.ts), counted apart as inferred.
 */
function inferredReasons(store: HistoryStore, tenant: string, from: string, to: string) {
  const byGroup = new Map<string, string>();
  const waiting: Array<{ row: TraceRow; key: string }> = [];
  const counts: ReasonCounts = { failed: 0, read: 0, inferred: 0, unknown: 0 };
  const end = new Date(Date.parse(to) + 1).toISOString();
  for (const row of store.failedWithReasons(tenant, from, end)) {
    counts.failed++;
    const key = groupKey(row);
    if (row.reason) {
      counts.read++;
      byGroup.set(key, row.reason);
    } else waiting.push({ row, key });
  }
  const inferred: Array<{ row: TraceRow; reason: string }> = [];
  for (const w of waiting) {
    const reason = byGroup.get(w.key);
    if (reason) inferred.push({ row: w.row, reason });
  }
  counts.inferred = inferred.length;
  counts.unknown = waiting.length - inferred.length;
  return { inferred, counts };
}

export function historySource(
  store: HistoryStore,
  tenant: string,
  from: string,
  to: string,
  onReasons?: (counts: ReasonCounts) => void,
): TraceSource {
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
      // A detail event names its message and recipient only: it takes the facts of its row (sender,
      // subject, direction, IPs), kept for the rows that did not simply deliver (a few).
      const rowFacts = new Map<string, MessageFacts>();
      const keyOf = (traceId: string, recipient: string) => `${traceId}|${recipient.toLowerCase()}`;
      const withRowFacts =
        (traceId: string, recipient: string) =>
        (e: TraceEvent): void => {
          const facts = rowFacts.get(keyOf(traceId, recipient));
          ctx.onEvent(facts ? { ...e, facts } : e);
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
        take(
          mapRow(fields, rows + 1, (e) => {
            if (e.state !== 'delivered') rowFacts.set(keyOf(r.traceId, r.recipient), e.facts);
            ctx.onEvent(e);
          }),
          rows,
        );
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
        take(mapDetail(fields, rows + 1, withRowFacts(e.traceId, e.recipient)), rows);
      }
      const { inferred, counts } = inferredReasons(store, tenant, from, to);
      // not rows read: the reason of a look-alike, given to a failure that has none (and counted as such)
      for (const { row, reason } of inferred) {
        mapDetail(
          [row.traceId, row.recipient, row.messageId ?? '', row.receivedAt, 'Fail', '', reason],
          rows,
          withRowFacts(row.traceId, row.recipient),
        );
      }
      onReasons?.(counts);
      unknown.flush();
      return { source: name, format: 'graph', rows, rejectedRows };
    },
  };
}
