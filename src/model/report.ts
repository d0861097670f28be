/**
 * The analysis report: plain data, built once per run (src/aggregate/build-report.ts). Renderers
 * read it through the view built from it (src/render/view-model.ts). Its JSON form is the
 * contract contracts/report.schema.json (v1.1, which names every field), additive to
 * shared/contracts/report.schema.json (v1), so schemaVersion stays 1.
 */
import type { Owner } from '../catalog/types.js';
import type { Issue } from './errors.js';
import type { InputSummary } from './input.js';
import type { DeliveryState, Direction } from './trace.js';
import type { ReportDns } from './dns-checks.js';

export type ReportTotals = { messages: number; deliveries: number } & Record<DeliveryState, number>;

export interface CauseExample {
  /** the failure text as the export wrote it */
  text: string;
  /** the SMTP reply inside it, without Exchange's wrappers */
  reply?: string;
  /** the server that gave the reply, when the text names it */
  remoteHost?: string;
  /** failed deliveries with a text of this shape (the reply, addresses and IPs aside) */
  count: number;
  recipient: string;
  sender?: string;
  subject?: string;
  direction: Direction;
  time?: string;
  messageId?: string;
  source: string;
  line: number;
  /** the last deferral before the failure, when the trace has one (the real reason behind an expiry) */
  lastDeferral?: string;
  /** the SMTP reply inside the last deferral, without Exchange's wrappers */
  lastDeferralReply?: string;
  enhancedCode?: string;
}

export interface ReportCause {
  id: string;
  title: string;
  owner: Owner;
  count: number;
  explanation: string;
  fix: string[];
  references: string[];
  examples: CauseExample[];
  /** the earliest and latest failure of this cause (the deciding events' times), when they had times */
  firstSeen?: string;
  lastSeen?: string;
  /**
   * For expired deliveries: the causes behind the expiries (from each delivery's last deferral,
   * or the expiry text itself), most first. When one accounts for most of them, this entry's owner
   * and fix are its.
   */
  becauseOf?: ExpiryReason[];
}

export interface ExpiryReason {
  id: string;
  title: string;
  owner: Owner;
  /** expired deliveries it explains */
  count: number;
}

export interface Report {
  schemaVersion: 1;
  generatedAt: string;
  inputs: InputSummary[];
  period?: { start: string; end: string };
  totals: ReportTotals;
  causes: ReportCause[];
  /**
   * Deliveries still pending when the trace was taken, grouped by the cause of their last
   * deferral (a TLS or connection problem shows here a day before it becomes an expiry).
   */
  pendingCauses?: ReportCause[];
  issues: Issue[];
  /** per sender domain SPF/DKIM/DMARC/compauth counts, when the input has authentication results */
  authentication?: AuthenticationHealth;
  /** the most frequent failure texts no cause was found for: how a new cause gets noticed */
  unclassified: UnclassifiedCluster[];
  /** issues beyond the listing limit, counted only */
  issuesNotListed: number;
  /** sentences the report adds for the reader (how to get missing reasons, truncation…) */
  notes: string[];
  /** the same deliveries by day, direction, sender, destination and sending IP (for trends and top lists) */
  breakdown?: ReportBreakdown;
  /** --verify-dns: the domains and IPs the causes name, checked over DNS, and what that says of each cause */
  dns?: ReportDns;
}

/** One day's deliveries by final state, dated by the deciding event (days in `ReportBreakdown.timeZone`). */
export interface DayCount {
  /** YYYY-MM-DD */
  date: string;
  deliveries: number;
  delivered: number;
  failed: number;
  pending: number;
  quarantined: number;
  filteredAsSpam: number;
  /** failed deliveries of the day by cause id */
  causes: Record<string, number>;
}

/** A sender, destination domain or sending IP with failed deliveries, and the cause most of them have. */
export interface FailureSource {
  value: string;
  failed: number;
  /** the cause id with the most of its failures (the first id in order on a tie) */
  cause: string;
}

export interface RankedList {
  top: FailureSource[];
  /** distinct values beyond the ones listed */
  more: number;
}

/** An enhanced status code that appears in the failures, with what it means. */
export interface StatusCodeUse {
  code: string;
  /** failed deliveries whose text carries it */
  count: number;
  meaning: string;
}

export interface ReportBreakdown {
  /** the time zone days are counted in */
  timeZone: 'UTC';
  days: DayCount[];
  /** messages by the direction the trace gives them (`unknown` where it gives none) */
  messages: Record<Direction, number>;
  /** failed deliveries by their message's direction */
  failed: Record<Direction, number>;
  senders: RankedList;
  destinations: RankedList;
  sendingIps: RankedList;
  statusCodes: StatusCodeUse[];
}

/** Failure texts that named no known cause, grouped by their shape (src/classify/cluster.ts). */
export interface UnclassifiedCluster {
  /** the text with addresses, IPs, ids, hosts and numbers masked */
  pattern: string;
  /** failed deliveries with a text of this shape */
  count: number;
  /** one real text of this shape */
  example: string;
}

/** An authentication problem seen for a domain, with its fix. */
export interface AuthProblem {
  id: string;
  title: string;
  owner: Owner;
  /** messages with this verdict */
  count: number;
  fix: string[];
}

export interface AuthDomainReport {
  domain: string;
  messages: number;
  /** messages per result, e.g. { pass: 10, fail: 2 }; `absent` when the method was not in the results */
  spf: Record<string, number>;
  dkim: Record<string, number>;
  dmarc: Record<string, number>;
  compauth: Record<string, number>;
  /**
   * EOP spam verdicts (SFV: NSPM, SPM, SKA…) and categories (CAT: SPOOF, PHSH, BULK…) of the same messages, when known
   */
  spamVerdicts: Record<string, number>;
  categories: Record<string, number>;
  problems: AuthProblem[];
}

/** Present when the input carried authentication results (a column, custom_data, or message headers). */
export interface AuthenticationHealth {
  messages: number;
  domains: AuthDomainReport[];
}
