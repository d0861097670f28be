/**
 * The normalized trace model every source produces, whatever export it came from.
 *
 * A message has one delivery per recipient. Sources do not build messages: they yield
 * TraceEvents (one row, or one recipient of a multi-recipient row), and the fold in
 * src/aggregate reduces them to each delivery's final state. That keeps sources streaming
 * and lets rows arrive in any order.
 */

/** The export layouts exotrace reads (names are part of the JSON report contract). */
import type { FilteringVerdict } from './auth.js';
import type { DateOrderDecision } from './dates.js';

export type InputFormat =
  | 'extended-report'
  | 'summary-report'
  | 'messagetrace'
  | 'messagetrace-detail'
  | 'graph'
  | 'headers';

/**
 * A delivery's final state. The first six are Exchange's own vocabulary (Get-MessageTrace
 * -Status, Graph `status`); `dropped` covers rows Exchange itself marks as handled without
 * delivery (status `None`, a DROP event with a success code such as an internal OOF); `unknown`
 * a status value exotrace does not know (reported as an input issue), never taken for pending.
 */
export type DeliveryState =
  | 'delivered'
  | 'failed'
  | 'pending'
  | 'quarantined'
  | 'filteredAsSpam'
  | 'expanded'
  | 'dropped'
  | 'unknown';

export type Direction = 'inbound' | 'outbound' | 'internal' | 'unknown';

/**
 * What one event says about a delivery.
 * - `presence`: the recipient is known to the message (RECEIVE, SUBMIT, AGENTINFO…), nothing more;
 * - `defer`: a temporary failure with a reason; the delivery is still pending;
 * - `final`: a state that ends the delivery (DELIVER, SEND, FAIL, DROP, EXPAND, a status column).
 */
export type EventWeight = 'presence' | 'defer' | 'final';

/** One `S:AGENT=…` entry of an extended report's custom_data column. */
export interface AgentEntry {
  /** e.g. `SFA`, `AMA`, `TRA`, `DeliveryPriority` */
  agent: string;
  /** The entry's first value when it is not a key=value pair (e.g. `SUM` in `S:SFA=SUM|SFV=SPM`), else ''. */
  kind: string;
  /** key=value pairs in their order; keys may repeat (SFS, LAT). */
  fields: Array<[string, string]>;
}

/** Message-level facts carried by an event; used for examples and the period, never kept per row. */
export interface MessageFacts {
  messageId?: string;
  networkMessageId?: string;
  messageTraceId?: string;
  sender?: string;
  subject?: string;
  direction: Direction;
  clientIp?: string;
  serverIp?: string;
  originalClientIp?: string;
  connector?: string;
  sizeBytes?: number;
}

export interface TraceEvent {
  /** file path (or graph:<tenant>) and 1-based physical line of the row */
  source: string;
  line: number;
  format: InputFormat;
  /** Identity of the message: network message id, else message trace id, else message id. */
  messageKey: string;
  /** Lower-cased recipient address; '' when the export does not name one. */
  recipient: string;
  /** The raw event name as the export wrote it (DELIVER, Fail, `Receive, Deliver`…), for evidence. */
  event: string;
  weight: EventWeight;
  /** Set for `final` events, and `pending` for `defer`. */
  state?: DeliveryState;
  /** epoch milliseconds (UTC); undefined when the row has no readable time */
  time?: number;
  /** The status/Detail text that explains a failure or deferral, as written. */
  text?: string;
  /** Message facts; sources may compute them on first access, since most rows never need them. */
  facts: MessageFacts;
  /** The raw custom_data cell of an extended report (parse it with normalize/fields parseCustomData into AgentEntry[]). */
  customData?: string;
  /**
   * Authentication results for the message, as an Authentication-Results value: from an
   * Authentication-Results column, from S:SPF/S:DKIM/S:DMARC entries of custom_data, or from
   * message headers.
   */
  auth?: string;
  /** Exchange Online Protection's spam verdict for the message (S:SFA, X-Forefront-Antispam-Report). */
  filtering?: FilteringVerdict;
}

/**
 * What most rows of an export say, given in place instead of as a TraceEvent: a recipient's
 * presence, or a final state without a reason. The message key is `text[keyStart, keyEnd)` and
 * the recipient `text[recipientStart, recipientEnd)`, both as a TraceEvent would carry them
 * (trimmed; the recipient lower-case and not empty). At a million rows, the strings cut out of
 * each row for a TraceEvent cost more than all that is done with them.
 */
export type DeliverySpanSink = (
  text: string,
  keyStart: number,
  keyEnd: number,
  recipientStart: number,
  recipientEnd: number,
  weight: EventWeight,
  state: DeliveryState | undefined,
  time: number | undefined,
) => void;

/** A problem with the input that did not stop the run (report schema `issues`). */
export interface InputIssue {
  source: string;
  line?: number;
  /** stable machine code, e.g. EXO_CSV_FIELD_COUNT */
  code: string;
  message: string;
}

/**
 * What an input is beyond its layout (report `inputs[].kind`). The report schema's `format` names
 * six layouts; these say which of the files behind a layout it was: an Exchange Server message
 * tracking log (`#Fields:` header) or its Get-MessageTrackingLog export (read as the Extended
 * report, whose field set it is), Graph or PowerShell JSON, a bounce message (NDR, DSN), a plain
 * message's headers, a mailbox of messages, an Outlook .msg file.
 */
export type InputKind = 'tracking-log' | 'tracking-log-export' | 'json' | 'json-lines' | 'ndr' | 'message' | 'mbox' | 'outlook-msg';

/** Per input file: what was read (report schema `inputs`). */
export interface InputSummary {
  source: string;
  format: InputFormat;
  kind?: InputKind;
  encoding: string;
  delimiter: string;
  rows: number;
  rejectedRows: number;
  /** Exports cut off at a documented maximum (1,000 extended rows, 50,000 summary rows…). */
  possiblyTruncatedAt?: number;
  /** how the input's locale dates were read, when it had any */
  dates?: DateOrderDecision;
}
