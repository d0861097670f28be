/**
 * The store seam: what a history (SQLite now, PostgreSQL for an MSP's fleet later) keeps of each
 * delivery, apart from the fold's internal state. One row per (tenant, message, recipient): the
 * final state and its cause, when it was decided, and the reason texts by id, each text kept once
 * (failures of one cause mostly share a handful of texts).
 */
import type { DeliveryState } from '../model/trace.js';

/** A reason text with the cause the classifier named for it. */
export interface ReasonText {
  text: string;
  causeId: string;
}

export interface StoredOutcome {
  tenant: string;
  /** network message id, else message trace id, else Message-ID (TraceEvent.messageKey) */
  messageKey: string;
  /** lower-case; '' when the trace named none */
  recipient: string;
  state: DeliveryState;
  /** when the deciding event happened (epoch ms); absent when the trace gave no time */
  decidedAt?: number;
  /** the cause of a failure, or of a pending delivery's last deferral */
  causeId?: string;
  /** the deciding event's reason text: an index into the batch's `texts` (a store maps it to its own id) */
  textId?: number;
  /** the last deferral's reason text and time, when the delivery was deferred */
  deferTextId?: number;
  deferredAt?: number;
}

/** What one run hands a store: its distinct reason texts, and outcomes that point into them. */
export interface OutcomeBatch {
  texts: readonly ReasonText[];
  outcomes: Iterable<StoredOutcome>;
}

export interface OutcomeQuery {
  tenant?: string;
  /** decidedAt in [from, to) (epoch ms) */
  from: number;
  to: number;
}

/** A stored outcome with its texts resolved. */
export interface OutcomeRecord extends Omit<StoredOutcome, 'textId' | 'deferTextId'> {
  reason?: string;
  deferral?: string;
}

/**
 * A history of outcomes. Adding a delivery the store already holds keeps the one decided later
 * (a scan that overlaps the previous one, or a pending delivery that has failed since), so runs
 * can be repeated and resumed without duplicates.
 */
export interface OutcomeStore {
  add(batch: OutcomeBatch): Promise<{ added: number; replaced: number }>;
  outcomes(query: OutcomeQuery): AsyncIterable<OutcomeRecord>;
  close(): Promise<void>;
}
