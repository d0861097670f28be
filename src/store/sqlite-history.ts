/**
 * The scan history in SQLite (better-sqlite3): one file, WAL mode (a report can read while a scan
 * writes), created readable by its owner only (it holds addresses and subjects), with versioned
 * migrations. The SQL is kept portable (plain types, ISO times as text, ON CONFLICT upserts) so
 * that a PostgreSQL store can share it.
 */
import { closeSync, openSync } from 'node:fs';
import Database from 'better-sqlite3';
import type { DailyCount, DetailEvent, HistoryStore, RunRecord, ScanWindow, TraceRow } from './history.js';
import { MIGRATIONS } from './sqlite-schema.js';

export const SCHEMA_VERSION = MIGRATIONS.length;

type Row = Record<string, string | number | null>;

const str = (v: unknown): string | undefined => (v === null || v === undefined ? undefined : String(v));

function traceRow(r: Row): TraceRow {
  const out: TraceRow = {
    traceId: String(r['trace_id']),
    recipient: String(r['recipient']),
    receivedAt: String(r['received_at']),
    status: String(r['status']),
  };
  const optional = {
    messageId: str(r['message_id']),
    sender: str(r['sender']),
    subject: str(r['subject']),
    fromIp: str(r['from_ip']),
    toIp: str(r['to_ip']),
  };
  for (const [k, v] of Object.entries(optional)) if (v !== undefined) (out as unknown as Record<string, string>)[k] = v;
  if (r['size'] !== null && r['size'] !== undefined) out.size = Number(r['size']);
  return out;
}

/** Opens (creating it owner-only when new) and migrates the history at `path`. */
export function openSqliteHistory(path: string): HistoryStore {
  // created here first, so that its mode is 0600 from the first byte
  closeSync(openSync(path, 'a', 0o600));
  const db = new Database(path);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('busy_timeout = 5000');
    migrate(db, path);
    return new SqliteHistory(db);
  } catch (e) {
    db.close();
    throw e;
  }
}

function migrate(db: Database.Database, path: string): void {
  db.exec('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)');
  const current = (db.prepare('SELECT MAX(version) AS v FROM schema_version').get() as { v: number | null }).v ?? 0;
  if (current > SCHEMA_VERSION) {
    throw new Error(
      `the history ${path} has schema version ${current}, newer than this exotrace knows (${SCHEMA_VERSION}); update exotrace.`,
    );
  }
  for (let v = current; v < SCHEMA_VERSION; v++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[v]!);
      db.prepare('INSERT INTO schema_version (version) VALUES (?)').run(v + 1);
    })();
  }
}

const FAILED_WITHOUT_DETAILS = `FROM trace_rows t WHERE t.tenant = ? AND LOWER(t.status) = 'failed'
   AND NOT EXISTS (SELECT 1 FROM details_read d WHERE d.tenant = t.tenant AND d.trace_id = t.trace_id AND d.recipient = t.recipient)`;

class SqliteHistory implements HistoryStore {
  private readonly upsertRow: Database.Statement;
  private readonly statusOf: Database.Statement;
  private readonly setWindow: Database.Statement;
  private readonly insertEvent: Database.Statement;
  private readonly markRead: Database.Statement;

  constructor(private readonly db: Database.Database) {
    this.upsertRow = db.prepare(
      `INSERT INTO trace_rows (tenant, trace_id, recipient, message_id, sender, subject, received_at, status, size, from_ip, to_ip, first_seen, last_seen)
       VALUES (@tenant, @traceId, @recipient, @messageId, @sender, @subject, @receivedAt, @status, @size, @fromIp, @toIp, @seenAt, @seenAt)
       ON CONFLICT (tenant, trace_id, recipient) DO UPDATE SET status = excluded.status, last_seen = excluded.last_seen,
         received_at = excluded.received_at, subject = excluded.subject, size = excluded.size`,
    );
    this.statusOf = db.prepare('SELECT status FROM trace_rows WHERE tenant = ? AND trace_id = ? AND recipient = ?');
    this.setWindow = db.prepare(
      'UPDATE windows SET next_link = ?, complete = ? WHERE tenant = ? AND window_from = ? AND window_to = ?',
    );
    this.insertEvent = db.prepare(
      `INSERT INTO detail_events (tenant, trace_id, recipient, seq, event_at, event, action, description, message_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (tenant, trace_id, recipient, seq) DO NOTHING`,
    );
    this.markRead = db.prepare(
      'INSERT INTO details_read (tenant, trace_id, recipient, read_at) VALUES (?, ?, ?, ?) ON CONFLICT (tenant, trace_id, recipient) DO NOTHING',
    );
  }

  beginRun(tenant: string, period: { from: string; to: string }, startedAt: string): number {
    // a run still marked running was killed: it never finished
    this.db.prepare("UPDATE runs SET status = 'interrupted' WHERE tenant = ? AND status = 'running'").run(tenant);
    const r = this.db
      .prepare("INSERT INTO runs (tenant, period_from, period_to, started_at, status) VALUES (?, ?, ?, ?, 'running')")
      .run(tenant, period.from, period.to, startedAt);
    return Number(r.lastInsertRowid);
  }

  finishRun(id: number, o: Parameters<HistoryStore['finishRun']>[1], at: string): void {
    this.db
      .prepare(
        'UPDATE runs SET finished_at = ?, status = ?, requests = ?, rows_added = ?, rows_changed = ?, details_read = ?, problem = ? WHERE id = ?',
      )
      .run(at, o.status, o.requests, o.rowsAdded, o.rowsChanged, o.detailsRead, o.problem ?? null, id);
  }

  runs(tenant?: string): RunRecord[] {
    const q = tenant
      ? this.db.prepare('SELECT * FROM runs WHERE tenant = ? ORDER BY id').all(tenant)
      : this.db.prepare('SELECT * FROM runs ORDER BY id').all();
    return (q as Row[]).map(runRecord);
  }

  openWindows(tenant: string): ScanWindow[] {
    const rows = this.db
      .prepare('SELECT * FROM windows WHERE tenant = ? AND complete = 0 ORDER BY window_from')
      .all(tenant) as Row[];
    return rows.map((r) => ({
      from: String(r['window_from']),
      to: String(r['window_to']),
      ...(r['next_link'] ? { nextLink: String(r['next_link']) } : {}),
      complete: false,
    }));
  }

  addWindows(tenant: string, runId: number, windows: ReadonlyArray<{ from: string; to: string }>): void {
    const add = this.db.prepare(
      `INSERT INTO windows (tenant, window_from, window_to, run_id, complete) VALUES (?, ?, ?, ?, 0)
       ON CONFLICT (tenant, window_from, window_to) DO UPDATE SET run_id = excluded.run_id,
         next_link = CASE WHEN windows.complete = 1 THEN NULL ELSE windows.next_link END, complete = 0`,
    );
    this.db.transaction(() => windows.forEach((w) => add.run(tenant, w.from, w.to, runId)))();
  }

  savePage(
    tenant: string,
    window: { from: string; to: string },
    rows: readonly TraceRow[],
    nextLink: string | undefined,
    seenAt: string,
  ): { added: number; changed: number } {
    return this.db.transaction(() => {
      let added = 0;
      let changed = 0;
      for (const r of rows) {
        const held = this.statusOf.get(tenant, r.traceId, r.recipient) as { status: string } | undefined;
        if (!held) added++;
        else if (held.status.toLowerCase() !== r.status.toLowerCase()) changed++;
        else continue;
        this.upsertRow.run({
          tenant,
          traceId: r.traceId,
          recipient: r.recipient,
          messageId: r.messageId ?? null,
          sender: r.sender ?? null,
          subject: r.subject ?? null,
          receivedAt: r.receivedAt,
          status: r.status,
          size: r.size ?? null,
          fromIp: r.fromIp ?? null,
          toIp: r.toIp ?? null,
          seenAt,
        });
      }
      this.setWindow.run(nextLink ?? null, nextLink ? 0 : 1, tenant, window.from, window.to);
      return { added, changed };
    })();
  }

  watermark(tenant: string): string | undefined {
    return str(
      (this.db.prepare('SELECT complete_to FROM watermarks WHERE tenant = ?').get(tenant) as Row | undefined)?.[
        'complete_to'
      ],
    );
  }

  setWatermark(tenant: string, to: string): void {
    this.db
      .prepare(
        'INSERT INTO watermarks (tenant, complete_to) VALUES (?, ?) ON CONFLICT (tenant) DO UPDATE SET complete_to = excluded.complete_to',
      )
      .run(tenant, to);
  }

  failuresWithoutDetails(tenant: string, limit: number): TraceRow[] {
    return (
      this.db
        .prepare(`SELECT t.* ${FAILED_WITHOUT_DETAILS} ORDER BY t.received_at DESC LIMIT ?`)
        .all(tenant, limit) as Row[]
    ).map(traceRow);
  }

  failuresWithoutDetailsCount(tenant: string): number {
    return Number((this.db.prepare(`SELECT COUNT(*) AS n ${FAILED_WITHOUT_DETAILS}`).get(tenant) as Row)['n']);
  }

  saveDetails(
    tenant: string,
    row: Pick<TraceRow, 'traceId' | 'recipient'>,
    events: readonly DetailEvent[],
    at: string,
  ): void {
    this.db.transaction(() => {
      events.forEach((e, seq) =>
        this.insertEvent.run(
          tenant,
          row.traceId,
          row.recipient,
          seq,
          e.at ?? null,
          e.event,
          e.action ?? null,
          e.description ?? null,
          e.messageId ?? null,
        ),
      );
      this.markRead.run(tenant, row.traceId, row.recipient, at);
    })();
  }

  *rows(tenant: string, from: string, to: string): Iterable<TraceRow> {
    const q = this.db.prepare(
      'SELECT * FROM trace_rows WHERE tenant = ? AND received_at >= ? AND received_at <= ? ORDER BY received_at, trace_id, recipient',
    );
    for (const r of q.iterate(tenant, from, to)) yield traceRow(r as Row);
  }

  *details(tenant: string, from: string, to: string): Iterable<DetailEvent & { traceId: string; recipient: string }> {
    const q = this.db.prepare(
      `SELECT e.* FROM detail_events e JOIN trace_rows t ON t.tenant = e.tenant AND t.trace_id = e.trace_id AND t.recipient = e.recipient
       WHERE e.tenant = ? AND t.received_at >= ? AND t.received_at <= ? ORDER BY e.trace_id, e.recipient, e.seq`,
    );
    for (const raw of q.iterate(tenant, from, to)) yield detailEvent(raw as Row);
  }

  coverage(tenant: string, from: string, to: string): ScanWindow[] {
    const rows = this.db
      .prepare('SELECT * FROM windows WHERE tenant = ? AND window_to >= ? AND window_from <= ? ORDER BY window_from')
      .all(tenant, from, to) as Row[];
    return rows.map((r): ScanWindow => ({
      from: String(r['window_from']),
      to: String(r['window_to']),
      complete: Number(r['complete']) === 1,
    }));
  }

  *failedWithReasons(tenant: string, from: string, to: string): Iterable<TraceRow & { reason?: string }> {
    const q = this.db.prepare(
      `SELECT t.*, (SELECT e.description FROM detail_events e WHERE e.tenant = t.tenant AND e.trace_id = t.trace_id
          AND e.recipient = t.recipient AND LOWER(e.event) IN ('fail', 'drop') ORDER BY e.seq DESC LIMIT 1) AS reason
       FROM trace_rows t WHERE t.tenant = ? AND LOWER(t.status) = 'failed' AND t.received_at >= ? AND t.received_at < ?`,
    );
    for (const raw of q.iterate(tenant, from, to)) {
      const r = raw as Row;
      const row: TraceRow & { reason?: string } = traceRow(r);
      if (r['reason']) row.reason = String(r['reason']);
      yield row;
    }
  }

  replaceDailyCounts(tenant: string, fromDay: string, toDay: string, counts: readonly DailyCount[]): void {
    const add = this.db.prepare(
      'INSERT INTO daily_counts (tenant, day, cause, direction, sender_domain, failed) VALUES (?, ?, ?, ?, ?, ?)',
    );
    this.db.transaction(() => {
      this.db
        .prepare('DELETE FROM daily_counts WHERE tenant = ? AND day >= ? AND day <= ?')
        .run(tenant, fromDay, toDay);
      for (const c of counts) add.run(tenant, c.day, c.cause, c.direction, c.senderDomain, c.failed);
    })();
  }

  dailyFailures(tenant: string, fromDay: string, toDay: string): Array<{ day: string; cause: string; failed: number }> {
    const rows = this.db
      .prepare(
        `SELECT day, cause, SUM(failed) AS failed FROM daily_counts WHERE tenant = ? AND day >= ? AND day <= ?
         GROUP BY day, cause ORDER BY day, cause`,
      )
      .all(tenant, fromDay, toDay) as Row[];
    return rows.map((r) => ({ day: String(r['day']), cause: String(r['cause']), failed: Number(r['failed']) }));
  }

  classification(reason: string, catalog: string): string | undefined {
    const r = this.db
      .prepare('SELECT cause FROM classifications WHERE reason = ? AND catalog = ?')
      .get(reason, catalog) as Row | undefined;
    return str(r?.['cause']);
  }

  saveClassification(reason: string, catalog: string, cause: string, at: string): void {
    this.db
      .prepare(
        `INSERT INTO classifications (reason, catalog, cause, classified_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (reason, catalog) DO UPDATE SET cause = excluded.cause, classified_at = excluded.classified_at`,
      )
      .run(reason, catalog, cause, at);
  }

  tenants(): string[] {
    return (this.db.prepare('SELECT DISTINCT tenant FROM trace_rows ORDER BY tenant').all() as Row[]).map((r) =>
      String(r['tenant']),
    );
  }

  purge(before: string): number {
    return this.db.transaction(() => {
      this.db
        .prepare(
          `DELETE FROM detail_events WHERE EXISTS (SELECT 1 FROM trace_rows t WHERE t.tenant = detail_events.tenant
             AND t.trace_id = detail_events.trace_id AND t.recipient = detail_events.recipient AND t.received_at < ?)`,
        )
        .run(before);
      return this.db.prepare('DELETE FROM trace_rows WHERE received_at < ?').run(before).changes;
    })();
  }

  close(): void {
    this.db.close();
  }
}

function runRecord(r: Row): RunRecord {
  return {
    id: Number(r['id']),
    tenant: String(r['tenant']),
    from: String(r['period_from']),
    to: String(r['period_to']),
    startedAt: String(r['started_at']),
    ...(r['finished_at'] ? { finishedAt: String(r['finished_at']) } : {}),
    status: String(r['status']) as RunRecord['status'],
    requests: Number(r['requests']),
    rowsAdded: Number(r['rows_added']),
    rowsChanged: Number(r['rows_changed']),
    detailsRead: Number(r['details_read']),
    ...(r['problem'] ? { problem: String(r['problem']) } : {}),
  };
}

function detailEvent(r: Row): DetailEvent & { traceId: string; recipient: string } {
  const e: DetailEvent & { traceId: string; recipient: string } = {
    traceId: String(r['trace_id']),
    recipient: String(r['recipient']),
    event: String(r['event']),
  };
  if (r['event_at']) e.at = String(r['event_at']);
  if (r['action']) e.action = String(r['action']);
  if (r['description']) e.description = String(r['description']);
  if (r['message_id']) e.messageId = String(r['message_id']);
  return e;
}
