/**
 * The SQLite history on its own: a real file, created owner-only, in WAL mode, migrated once;
 * pages saved so that repeated reads add nothing and a changed status is counted; and 30 days
 * of failures answered as "failed deliveries by cause per day".
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { createCatalog } from '../src/catalog/index.js';
import { createClassifier } from '../src/classify/classifier.js';
import { catalogFingerprint, refreshDailyCounts } from '../src/scan/daily-counts.js';
import type { TraceRow } from '../src/store/history.js';
import { openSqliteHistory, SCHEMA_VERSION } from '../src/store/sqlite-history.js';
import { tempDir } from './helpers/files.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

const REASONS = [
  [
    'Reason: [{LED=550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup};{MSG=}]',
    'recipient.not-found',
  ],
  [
    'Reason: [{LED=554 5.2.2 mailbox full; STOREDRV.Deliver.Exception:QuotaExceededException};{MSG=}]',
    'recipient.mailbox-full',
  ],
  [
    'Reason: [{LED=550 5.7.509 Access denied, sending domain adatum.example does not pass DMARC verification and has a DMARC policy of reject.};{MSG=}]',
    'auth.dmarc.reject',
  ],
] as const;

describe('the SQLite history', () => {
  it('is created readable by its owner only, in WAL mode, and migrated once', () => {
    const path = join(tmp.dir, 'h.db');
    openSqliteHistory(path).close();
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const history = openSqliteHistory(path);
    history.close();
    const db = new Database(path, { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.prepare('SELECT COUNT(*) AS n, MAX(version) AS v FROM schema_version').get()).toEqual({
      n: SCHEMA_VERSION,
      v: SCHEMA_VERSION,
    });
    db.close();
    const newer = new Database(path);
    newer.prepare('INSERT INTO schema_version (version) VALUES (?)').run(SCHEMA_VERSION + 1);
    newer.close();
    expect(() => openSqliteHistory(path)).toThrow(/newer than this exotrace knows/);
  });

  it('adds a row once, counts a changed status, and completes its window with the last page', () => {
    const store = openSqliteHistory(join(tmp.dir, 'pages.db'));
    const w = { from: '2026-11-01T00:00:00.000Z', to: '2026-11-02T00:00:00.000Z' };
    store.addWindows('contoso', store.beginRun('contoso', w, w.from), [w]);
    const row: TraceRow = {
      traceId: 't1',
      recipient: 'a@contoso.example',
      receivedAt: '2026-11-01T10:00:00.000Z',
      status: 'Pending',
    };
    expect(store.savePage('contoso', w, [row], 'https://next', w.from)).toEqual({ added: 1, changed: 0 });
    expect(store.openWindows('contoso')).toEqual([{ ...w, nextLink: 'https://next', complete: false }]);
    expect(store.savePage('contoso', w, [{ ...row, status: 'pending' }], undefined, w.from)).toEqual({
      added: 0,
      changed: 0,
    });
    expect(store.savePage('contoso', w, [{ ...row, status: 'Delivered' }], undefined, w.from)).toEqual({
      added: 0,
      changed: 1,
    });
    expect(store.openWindows('contoso')).toEqual([]);
    expect([...store.rows('contoso', w.from, w.to)]).toEqual([{ ...row, status: 'Delivered' }]);
    // SQLite gives its write-ahead log and shared-memory files the database's own mode
    for (const side of ['-wal', '-shm']) expect(statSync(join(tmp.dir, `pages.db${side}`)).mode & 0o777).toBe(0o600);
    store.close();
  });

  it('answers failed deliveries by cause per day for 30 days', () => {
    const store = openSqliteHistory(join(tmp.dir, 'trend.db'));
    const expected = new Map<string, number>();
    const start = Date.parse('2026-10-01T00:00:00Z');
    const w = { from: new Date(start).toISOString(), to: new Date(start + 30 * 86_400_000).toISOString() };
    let n = 0;
    for (let day = 0; day < 30; day++) {
      const rows: TraceRow[] = [];
      for (let k = 0; k < (day % 5) + 1; k++) {
        const kind = (day + k) % 4; // 3: no detail read
        const row: TraceRow = {
          traceId: `t${n++}`,
          recipient: `r${k}@fabrikam.example`,
          sender: 'a@contoso.example',
          toIp: '192.0.2.1',
          receivedAt: new Date(start + day * 86_400_000 + k * 3_600_000).toISOString(),
          status: 'Failed',
        };
        rows.push(row);
        const cause = kind === 3 ? 'unknown' : REASONS[kind]![1];
        const key = `${row.receivedAt.slice(0, 10)} ${cause}`;
        expected.set(key, (expected.get(key) ?? 0) + 1);
        store.savePage('contoso', w, [row], undefined, w.from);
        if (kind !== 3)
          store.saveDetails(
            'contoso',
            row,
            [{ event: 'Receive' }, { event: 'Fail', description: REASONS[kind]![0] }],
            w.from,
          );
      }
    }
    const catalog = createCatalog();
    const classifier = createClassifier(catalog);
    const from = new Date(w.from);
    const to = new Date(Date.parse(w.to) - 1);
    refreshDailyCounts(store, 'contoso', from, to, classifier, catalogFingerprint(catalog), w.to);
    const got = store.dailyFailures('contoso', '2026-10-01', '2026-10-30');
    expect(new Map(got.map((g) => [`${g.day} ${g.cause}`, g.failed]))).toEqual(expected);
    expect(got.reduce((s, g) => s + g.failed, 0)).toBe(n);
    // each distinct reason classified once and kept; a second refresh classifies nothing anew
    const db = new Database(join(tmp.dir, 'trend.db'), { readonly: true });
    expect(db.prepare('SELECT reason, cause FROM classifications ORDER BY cause').all()).toEqual(
      REASONS.map(([reason, cause]) => ({ reason, cause })).sort((a, b) => a.cause.localeCompare(b.cause)),
    );
    db.close();
    let classified = 0;
    const counting = {
      classify: (t: string) => (classified++, classifier.classify(t)),
    } as unknown as typeof classifier;
    refreshDailyCounts(store, 'contoso', from, to, counting, catalogFingerprint(catalog), w.to);
    expect(classified).toBe(0);
    expect(store.dailyFailures('contoso', '2026-10-01', '2026-10-30')).toEqual(got);
    // a local rule for the recipients' domain decides per delivery, under a fingerprint of its own
    const rules = [{ name: 'fab', cause: 'content.spam', code: '5.1.10', recipientDomains: ['fabrikam.example'] }];
    const ruled = createClassifier(catalog, { rules });
    expect(catalogFingerprint(catalog, rules)).not.toBe(catalogFingerprint(catalog));
    // and what a temporary reply turns a cause into decides too
    const passing = createCatalog(catalog.causes.map((c) => ({ ...c, whenTemporary: undefined })));
    expect(catalogFingerprint(passing)).not.toBe(catalogFingerprint(catalog));
    refreshDailyCounts(store, 'contoso', from, to, ruled, catalogFingerprint(catalog, rules), w.to);
    const byCause = (list: typeof got) =>
      list.reduce<Record<string, number>>((m, g) => ({ ...m, [g.cause]: (m[g.cause] ?? 0) + g.failed }), {});
    const before = byCause(got);
    const after = byCause(store.dailyFailures('contoso', '2026-10-01', '2026-10-30'));
    expect(after['content.spam']).toBe(before['recipient.not-found']);
    expect(after['recipient.not-found']).toBeUndefined();
    expect(after['recipient.mailbox-full']).toBe(before['recipient.mailbox-full']);
    store.close();
  });
});
