/**
 * The fold's interface and its content as plain data. What a delivery's final state is, and how
 * a fold moves between threads, without the machinery that computes it (src/aggregate/delivery-fold.ts).
 */
import type { DeliveryState, Direction, TraceEvent } from '../model/trace.js';

/** Direction codes as the fold stores them per message: 0, the zero a new column starts with, is unknown. */
export const DIRECTION_CODES: readonly Direction[] = ['unknown', 'inbound', 'outbound', 'internal'];
import type { DeliverySpanSink } from './delivery-span.js';
import type { ExampleColumns, TextExample } from './example-store.js';
import type { MessageKeysState } from './message-keys.js';

/** One (message, recipient) pair's final state, as the report reads it. */
export interface DeliveryRecord {
  /** the delivery's number (DeliveryFold.recipient gives its recipient) */
  delivery: number;
  state: DeliveryState;
  /** text id of the deciding event's reason, -1 when none */
  textId: number;
  /** text id of the latest deferral reason, -1 when none */
  deferTextId: number;
  /** when the deciding event happened (epoch ms), NaN when it had no time */
  time: number;
  /** when the latest deferral happened, NaN when none or without a time */
  deferTime: number;
}

/**
 * Per delivery, the deciding event and the deferral among the events that came without a time.
 * Text ids are stored plus one, so that the zero a new column starts with means "none".
 */
export interface UntimedColumns {
  rank: Uint8Array;
  state: Uint8Array;
  textIdPlusOne: Int32Array;
  deferTextIdPlusOne: Int32Array;
}

/** Per delivery, the events that decide it (src/aggregate/deciding-event.ts). */
export interface DecisionColumns {
  /** the deciding event among those with a time: its state code, weight rank, time and reason */
  state: Uint8Array;
  rank: Uint8Array;
  time: Float64Array;
  textId: Int32Array;
  /** the latest deferral with a time */
  deferTextId: Int32Array;
  deferTime: Float64Array;
  /** present once an event without a time has been folded in */
  untimed?: UntimedColumns;
}

/**
 * A fold's whole content as plain data, to move it between threads (structured clone; the typed
 * arrays can be transferred). Deliveries in creation order; `messageOf` numbers the messages of
 * `messages`.
 */
export interface FoldState extends DecisionColumns {
  messages: MessageKeysState;
  messageOf: Int32Array;
  /** the recipients' UTF-16 code units, one after the other */
  recipientChars: Uint16Array;
  /** delivery d's recipient is recipientChars[recipientStart[d] .. recipientStart[d + 1]) */
  recipientStart: Int32Array;
  texts: string[];
  /** by text id */
  examples: ExampleColumns;
  /** by text id: the delivery its example is of */
  textDelivery: Int32Array;
  /** per message, its direction's code (DIRECTION_CODES; 0 while unknown) */
  directions: Uint8Array;
  /** the first failure event of each message with a failure: its facts, and its message's number */
  failureExamples: ExampleColumns;
  failureMessages: Int32Array;
  firstTime: number;
  lastTime: number;
}

export interface DeliveryFold {
  /** Folds in an event; returns its message's number (as forEachDelivery and messageKey use them). */
  add(e: TraceEvent): number;
  /** add() of a row read in place, with no reason text (a bound function: it is handed to readers) */
  readonly addSpan: DeliverySpanSink;
  /**
   * Folds in what another fold read from rows that come after every row this one has seen (a
   * later range of the same file, or a later file): the result is the one this fold would have
   * reached reading those rows itself. `lineOffset` turns the other reader's line numbers into
   * the file's. Returns the other fold's text ids and message numbers mapped to this fold's;
   * texts new to this fold get ids after all of its own, in the other fold's order.
   */
  merge(other: FoldState, lineOffset: number): { textMap: Int32Array; messageMap: Int32Array };
  exportState(): FoldState;
  readonly messages: number;
  /** the key of message number `m` (as forEachDelivery gives it) */
  messageKey(m: number): string;
  /** the recipient of a delivery (DeliveryRecord.delivery) */
  recipient(delivery: number): string;
  readonly deliveries: number;
  forEachDelivery(visit: (rec: DeliveryRecord, message: number) => void): void;
  /** delivery number d (0 ≤ d < deliveries) and its message's number */
  deliveryAt(d: number): { record: DeliveryRecord; message: number };
  delivery(messageKey: string, recipient: string): DeliveryRecord | undefined;
  text(id: number): string;
  example(id: number): TextExample;
  /** the delivery (a number of deliveryAt) that text `id`'s example is of */
  exampleDelivery(id: number): number;
  /** message m's direction, as the first event that told it said */
  direction(m: number): Direction;
  /**
   * The first failure event of message m (its sender, subject, sending IP, source and line), when
   * it has one: the facts of a failed delivery whose own text is shared with other messages.
   */
  failureExample(m: number): TextExample | undefined;
  readonly distinctTexts: number;
  /** earliest and latest event time seen (ms), NaN when none */
  readonly firstTime: number;
  readonly lastTime: number;
}
