/**
 * The normalized trace model every source produces, whatever export it came from.
 *
 * A message has one delivery per recipient. Sources do not build messages: they yield
 * TraceEvents (one row, or one recipient of a multi-recipient row), and the fold in
 * src/aggregate reduces them to each delivery's final state. That keeps sources streaming
 * and lets rows arrive in any order.
 */

import type { FilteringVerdict } from './auth.js';
import type { InputFormat } from './input.js';

/**
 * A delivery's final state. The first six are Exchange's own vocabulary (Get-MessageTrace
 * -Status, Graph `status`); `dropped` covers rows Exchange itself marks as handled without
 * delivery (status `None`, a DROP event with a success code such as an internal OOF); `unknown`
 * a status value exotrace does not know (reported as an input issue), never taken for pending.
 */
export type DeliveryState =
  'delivered' | 'failed' | 'pending' | 'quarantined' | 'filteredAsSpam' | 'expanded' | 'dropped' | 'unknown';

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
  /**
   * The raw custom_data cell of an extended report (parse it with normalize/fields parseCustomData into AgentEntry[]).
   */
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
