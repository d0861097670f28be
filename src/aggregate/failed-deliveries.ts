/**
 * The failed deliveries one by one, with the facts of the row each failure was read from: for the
 * breakdown's top lists and for the CSV of failures. Read from the fold at report time; nothing
 * is kept per row while reading (the fold keeps one example per distinct text and one per
 * message with a failure).
 */
import { parseDetailText } from '../classify/detail-text.js';
import type { Direction } from '../model/trace.js';
import { isoTime } from '../normalize/timestamps.js';
import type { TextExample } from './example-store.js';
import type { DeliveryFold, DeliveryRecord } from './fold-state.js';
import { visibleText } from '../classify/rule-mark.js';

/** One failed delivery as a spreadsheet row shows it. */
export interface FailedDelivery {
  /** when it failed (ISO 8601, UTC), when the trace says */
  time?: string;
  sender?: string;
  recipient: string;
  subject?: string;
  direction: Direction;
  sendingIp?: string;
  /** the enhanced status code of the failure text (`5.1.10`), else its basic code (`550`) */
  status?: string;
  causeId: string;
  /** the failure text as the trace wrote it ('' when it gave none) */
  text: string;
  /** the file (or graph:<tenant>) and line the failure was read from */
  source?: string;
  line?: number;
  messageId?: string;
}

/** A failed delivery as the fold has it, before it is written out. */
export interface FailureVisit {
  record: DeliveryRecord;
  message: number;
  recipient: string;
  causeId: string;
  /** the facts of the row the failure came from, when the fold kept them */
  facts: TextExample | undefined;
}

/**
 * The facts of a failed delivery's row. A failure text usually names its recipient, so its
 * text's example is the delivery's own row; a text shared by several messages falls back to the
 * first failure row of the delivery's message (same sender and subject; for a message whose
 * recipients failed on separate rows with one shared text, the line of the first of them).
 */
export function failureFacts(fold: DeliveryFold, rec: DeliveryRecord, m: number): TextExample | undefined {
  if (rec.textId < 0) return fold.failureExample(m);
  const of = fold.exampleDelivery(rec.textId);
  if (of === rec.delivery) return fold.example(rec.textId);
  return (
    fold.failureExample(m) ?? (of >= 0 && fold.deliveryAt(of).message === m ? fold.example(rec.textId) : undefined)
  );
}

/** A failed delivery of the fold, with its recipient, cause and facts. */
export function failureOf(
  fold: DeliveryFold,
  record: DeliveryRecord,
  message: number,
  causeOfText: (textId: number) => string,
): FailureVisit {
  return {
    record,
    message,
    recipient: fold.recipient(record.delivery),
    causeId: causeOfText(record.textId),
    facts: failureFacts(fold, record, message),
  };
}

/** Visits every failed delivery in the fold's order. */
export function forEachFailure(
  fold: DeliveryFold,
  causeOfText: (textId: number) => string,
  visit: (f: FailureVisit) => void,
): void {
  fold.forEachDelivery((record, message) => {
    if (record.state === 'failed') visit(failureOf(fold, record, message, causeOfText));
  });
}

/** The status code a failure text carries: its enhanced code, else its basic one. */
export function statusOf(text: string): string | undefined {
  if (text === '') return undefined;
  const d = parseDetailText(text);
  return d.enhancedCode ?? d.basicCode;
}

/** Every failed delivery as a row (memory grows with the failures: only for the CSV of failures). */
export function failedDeliveries(fold: DeliveryFold, causeOfText: (textId: number) => string): FailedDelivery[] {
  const rows: FailedDelivery[] = [];
  const statusByText = new Map<number, string | undefined>();
  forEachFailure(fold, causeOfText, ({ record, message, recipient, causeId, facts }) => {
    const text = record.textId >= 0 ? visibleText(fold.text(record.textId)) : '';
    if (!statusByText.has(record.textId)) statusByText.set(record.textId, statusOf(text));
    const row: FailedDelivery = {
      recipient,
      direction: facts?.facts.direction ?? fold.direction(message),
      causeId,
      text,
    };
    if (!Number.isNaN(record.time)) row.time = isoTime(record.time);
    else if (facts?.time !== undefined) row.time = isoTime(facts.time);
    if (facts?.facts.sender) row.sender = facts.facts.sender;
    if (facts?.facts.subject) row.subject = facts.facts.subject;
    if (facts?.sendingIp) row.sendingIp = facts.sendingIp;
    const status = statusByText.get(record.textId);
    if (status) row.status = status;
    if (facts) {
      row.source = facts.source;
      row.line = facts.line;
    }
    const id = facts?.facts.messageId ?? facts?.facts.networkMessageId ?? facts?.facts.messageTraceId;
    if (id) row.messageId = id;
    rows.push(row);
  });
  rows.sort((a, b) => (a.time ?? '').localeCompare(b.time ?? ''));
  return rows;
}
