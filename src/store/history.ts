/**
 * The scan history's interface: what a store of Graph trace rows, their details and the runs
 * that fetched them must do. SQLite implements it now (sqlite-history.ts); a PostgreSQL store for
 * MSPs that scan from several hosts is the next. Times are ISO 8601 strings in UTC, which sort as
 * text in any database.
 */

/** One Graph exchangeMessageTrace row: one message, one recipient. */
export interface TraceRow {
  /** the message trace id (Graph `id`), shared by a message's rows */
  traceId: string;
  /** lower-case */
  recipient: string;
  messageId?: string;
  sender?: string;
  subject?: string;
  receivedAt: string;
  /** as Graph wrote it (compared case-insensitively) */
  status: string;
  size?: number;
  fromIp?: string;
  toIp?: string;
}

/** One event of getDetailsByRecipient. */
export interface DetailEvent {
  at?: string;
  event: string;
  action?: string;
  description?: string;
  messageId?: string;
}

/** A part of a run's period, read page by page; `nextLink` is where a killed run resumes. */
export interface ScanWindow {
  from: string;
  to: string;
  nextLink?: string;
  complete: boolean;
}

/** Failed deliveries of one day (UTC, YYYY-MM-DD) by cause, direction and sender domain. */
export interface DailyCount {
  day: string;
  cause: string;
  direction: string;
  senderDomain: string;
  failed: number;
}

export type RunStatus = 'running' | 'complete' | 'incomplete' | 'failed' | 'interrupted';

export interface RunRecord {
  id: number;
  tenant: string;
  from: string;
  to: string;
  startedAt: string;
  finishedAt?: string;
  status: RunStatus;
  requests: number;
  rowsAdded: number;
  rowsChanged: number;
  detailsRead: number;
  problem?: string;
}

export interface HistoryStore {
  beginRun(tenant: string, period: { from: string; to: string }, startedAt: string): number;
  finishRun(
    id: number,
    outcome: Pick<RunRecord, 'status' | 'requests' | 'rowsAdded' | 'rowsChanged' | 'detailsRead' | 'problem'>,
    at: string,
  ): void;
  runs(tenant?: string): RunRecord[];
  /** Windows earlier runs left unfinished, oldest first. */
  openWindows(tenant: string): ScanWindow[];
  addWindows(tenant: string, runId: number, windows: ReadonlyArray<{ from: string; to: string }>): void;
  /**
   * One page, committed at once: its rows (a row already held is updated when its status
   * changed) and where the window goes on (no nextLink: the window is complete).
   */
  savePage(
    tenant: string,
    window: { from: string; to: string },
    rows: readonly TraceRow[],
    nextLink: string | undefined,
    seenAt: string,
  ): { added: number; changed: number };
  /** The end of the last complete period: the next run starts there (less the settling window). */
  watermark(tenant: string): string | undefined;
  setWatermark(tenant: string, to: string): void;
  /** Failed deliveries whose details were never read, newest first. */
  failuresWithoutDetails(tenant: string, limit: number): TraceRow[];
  failuresWithoutDetailsCount(tenant: string): number;
  saveDetails(
    tenant: string,
    row: Pick<TraceRow, 'traceId' | 'recipient'>,
    events: readonly DetailEvent[],
    at: string,
  ): void;
  rows(tenant: string, from: string, to: string): Iterable<TraceRow>;
  details(tenant: string, from: string, to: string): Iterable<DetailEvent & { traceId: string; recipient: string }>;
  /** The windows read (complete or not) that overlap [from, to]. */
  coverage(tenant: string, from: string, to: string): ScanWindow[];
  /** Failed rows received in [from, to), each with the reason of its last Fail or Drop event when read. */
  failedWithReasons(tenant: string, from: string, to: string): Iterable<TraceRow & { reason?: string }>;
  /** Replaces the tenant's counts of the days fromDay…toDay (inclusive). */
  replaceDailyCounts(tenant: string, fromDay: string, toDay: string, counts: readonly DailyCount[]): void;
  /** Failed deliveries per day and cause, for trends. */
  dailyFailures(tenant: string, fromDay: string, toDay: string): Array<{ day: string; cause: string; failed: number }>;
  /** The cause a catalog (by its fingerprint) named for a reason text, when it was stored. */
  classification(reason: string, catalog: string): string | undefined;
  saveClassification(reason: string, catalog: string, cause: string, at: string): void;
  tenants(): string[];
  /** Removes rows and details received before `before`; returns how many rows. */
  purge(before: string): number;
  close(): void;
}
