/**
 * The history's SQL schema, as migrations: each entry brings the database from its index to the
 * next version, applied once, in a transaction. Plain types and ISO times as text, so that the
 * same schema serves PostgreSQL.
 */
export const MIGRATIONS: readonly string[] = [
  `CREATE TABLE runs (
     id INTEGER PRIMARY KEY,
     tenant TEXT NOT NULL,
     period_from TEXT NOT NULL,
     period_to TEXT NOT NULL,
     started_at TEXT NOT NULL,
     finished_at TEXT,
     status TEXT NOT NULL,
     requests INTEGER NOT NULL DEFAULT 0,
     rows_added INTEGER NOT NULL DEFAULT 0,
     rows_changed INTEGER NOT NULL DEFAULT 0,
     details_read INTEGER NOT NULL DEFAULT 0,
     problem TEXT
   );
   CREATE TABLE windows (
     tenant TEXT NOT NULL,
     window_from TEXT NOT NULL,
     window_to TEXT NOT NULL,
     run_id INTEGER NOT NULL,
     next_link TEXT,
     complete INTEGER NOT NULL DEFAULT 0,
     PRIMARY KEY (tenant, window_from, window_to)
   );
   CREATE TABLE watermarks (tenant TEXT PRIMARY KEY, complete_to TEXT NOT NULL);
   CREATE TABLE trace_rows (
     tenant TEXT NOT NULL,
     trace_id TEXT NOT NULL,
     recipient TEXT NOT NULL,
     message_id TEXT,
     sender TEXT,
     subject TEXT,
     received_at TEXT NOT NULL,
     status TEXT NOT NULL,
     size INTEGER,
     from_ip TEXT,
     to_ip TEXT,
     first_seen TEXT NOT NULL,
     last_seen TEXT NOT NULL,
     PRIMARY KEY (tenant, trace_id, recipient)
   );
   CREATE INDEX trace_rows_received ON trace_rows (tenant, received_at);
   CREATE TABLE detail_events (
     tenant TEXT NOT NULL,
     trace_id TEXT NOT NULL,
     recipient TEXT NOT NULL,
     seq INTEGER NOT NULL,
     event_at TEXT,
     event TEXT NOT NULL,
     action TEXT,
     description TEXT,
     message_id TEXT,
     PRIMARY KEY (tenant, trace_id, recipient, seq)
   );
   CREATE TABLE details_read (
     tenant TEXT NOT NULL,
     trace_id TEXT NOT NULL,
     recipient TEXT NOT NULL,
     read_at TEXT NOT NULL,
     PRIMARY KEY (tenant, trace_id, recipient)
   );`,
  // 2: failed deliveries per day, cause, direction and sender domain, for trends without reclassifying
  `CREATE TABLE daily_counts (
     tenant TEXT NOT NULL,
     day TEXT NOT NULL,
     cause TEXT NOT NULL,
     direction TEXT NOT NULL,
     sender_domain TEXT NOT NULL,
     failed INTEGER NOT NULL,
     PRIMARY KEY (tenant, day, cause, direction, sender_domain)
   );`,
  // 3: each distinct reason text's cause, by the catalog that named it (a new catalog classifies again)
  `CREATE TABLE classifications (
     reason TEXT NOT NULL,
     catalog TEXT NOT NULL,
     cause TEXT NOT NULL,
     classified_at TEXT NOT NULL,
     PRIMARY KEY (reason, catalog)
   );`,
];
