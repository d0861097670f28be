/**
 * The fold's fast lane for rows read in place: what most rows of an Extended export say (a
 * recipient's presence, or a final state without a reason), given as positions in the decoded
 * text instead of as a TraceEvent. At a million rows, the strings cut out of each row for a
 * TraceEvent cost more than all that is done with them. The CSV source fills one span per file
 * and hands it over row after row; the fold reads it at once and keeps nothing of it.
 */
import type { DeliveryState, EventWeight } from '../model/trace.js';

export interface DeliverySpan {
  /** the decoded text the row is in */
  text: string;
  /** the message key is text[keyStart, keyEnd), trimmed, as a TraceEvent would carry it */
  keyStart: number;
  keyEnd: number;
  /** the recipient is text[recipientStart, recipientEnd): lower-case, trimmed, not empty */
  recipientStart: number;
  recipientEnd: number;
  weight: EventWeight;
  state: DeliveryState | undefined;
  /** epoch milliseconds, undefined when the row has no time */
  time: number | undefined;
  /** the row's directionality is text[directionStart, directionEnd) (empty when the export has none) */
  directionStart: number;
  directionEnd: number;
}

/** Takes a span for the moment of the call (the caller reuses the object for the next row). */
export type DeliverySpanSink = (span: Readonly<DeliverySpan>) => void;

/** A span object to fill and reuse. */
export function emptySpan(): DeliverySpan {
  return {
    text: '',
    keyStart: 0,
    keyEnd: 0,
    recipientStart: 0,
    recipientEnd: 0,
    weight: 'presence',
    state: undefined,
    time: undefined,
    directionStart: 0,
    directionEnd: 0,
  };
}
