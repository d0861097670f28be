/**
 * `exotrace scan` and `exotrace report` against the Graph stand-in, as cron runs them (real
 * processes, real HTTPS, a real SQLite file): two tenants, one signing in with a secret and one
 * with a certificate; faults on the way (a 503, a 500, a dropped connection, truncated JSON); a
 * second run that adds nothing; a status that changes; a run killed and resumed; and, in process
 * on a clock of the test's, 10,000 rows with 1,000 failures scanned without one 429.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCatalog } from '../src/catalog/index.js';
import { createClassifier } from '../src/classify/classifier.js';
import { loadScanConfig } from '../src/graph/config.js';
import type { Clock } from '../src/graph/quota.js';
import { catalogFingerprint } from '../src/scan/daily-counts.js';
import { scanTenant } from '../src/scan/scan.js';
import { openSqliteHistory } from '../src/store/sqlite-history.js';
import { makeCertificate, type MadeCertificate } from './helpers/certificates.js';
import { runCliAsync } from './helpers/cli.js';
import { repoRoot, tempDir } from './helpers/files.js';
import { startGraphStandIn, type GraphStandIn, type StandInTenant } from '../scripts/stand-in/graph-stand-in.mjs';
import { expectValidReport } from './helpers/report-schema.js';

const tmp = tempDir();
let server: MadeCertificate;
let appCert: MadeCertificate;
let standIn: GraphStandIn;
const T = (n: number) => `00000000-0000-0000-0000-00000000000${n}`;
const C = (n: number) => `11111111-1111-1111-1111-11111111111${n}`;
const NOT_FOUND =
  'Reason: [{LED=550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup};{MSG=};{FQDN=};{IP=};{LRT=}]';
const MAILBOX_FULL =
  'Reason: [{LED=554 5.2.2 mailbox full; STOREDRV.Deliver.Exception:QuotaExceededException.MapiExceptionShutoffQuotaExceeded};{MSG=}]';

/** Statuses beside the usual: Graph's recalled (kept, not dropped), and one exotrace does not know. */
const EXTRA_STATUSES: Record<number, string> = { 3: 'recalled', 5: 'Quarantined', 7: 'Bounced' };

/** `count` rows over the last 3 days, every `failEvery`-th failed, with its details. */
function tenantData(
  tenantId: string,
  app: StandInTenant['apps'][number],
  count: number,
  failEvery: number,
  end: number,
): StandInTenant {
  const rows: Array<Record<string, unknown>> = [];
  const details: NonNullable<StandInTenant['details']> = {};
  for (let i = 0; i < count; i++) {
    const failed = i % failEvery === 0;
    const id = `${tenantId.slice(-4)}-${String(i).padStart(6, '0')}`;
    // failed recipients in mixed case, as some senders write them: the detail call must name them as Graph did
    const recipient = failed ? `Gone${i}@Fabrikam.example` : `user${i % 50}@contoso.example`;
    const at = new Date(end - 3 * 86_400_000 + Math.floor((i * 3 * 86_400_000) / count)).toISOString();
    rows.push({
      id,
      senderAddress: `Sender${i % 7}@Contoso.example`,
      recipientAddress: recipient,
      messageId: `<${id}@contoso.example>`,
      receivedDateTime: at,
      subject: `Invoice ${i}`,
      size: 1000 + i,
      fromIP: '',
      toIP: '192.0.2.10',
      status: failed ? 'Failed' : i % 97 === 1 ? 'pending' : (EXTRA_STATUSES[i] ?? 'delivered'),
    });
    if (failed) {
      details[`${id}|${recipient}`] = [
        {
          id,
          messageId: `<${id}@contoso.example>`,
          dateTime: at,
          event: 'Receive',
          action: '',
          description: 'Message received by: AM0PR01MB0001.eurprd01.prod.outlook.com',
        },
        {
          id,
          messageId: `<${id}@contoso.example>`,
          dateTime: at,
          event: 'Fail',
          action: '',
          description: i % (2 * failEvery) === 0 ? NOT_FOUND : MAILBOX_FULL,
        },
      ];
    }
  }
  return { tenantId, apps: [app], rows, details };
}

/** 40 failures that look alike (one hour, the same domains, sizes in one band), with their details. */
function lookAlikes(tenantId: string, app: StandInTenant['apps'][number], endMs: number): StandInTenant {
  const rows: Array<Record<string, unknown>> = [];
  const details: NonNullable<StandInTenant['details']> = {};
  for (let i = 0; i < 40; i++) {
    const id = `la-${i}`;
    const recipient = `member${i}@lists.fabrikam.example`;
    const at = new Date(endMs - 3_600_000 + i * 1000).toISOString().replace(/T(\d\d):\d\d/, 'T$1:00');
    rows.push({
      id,
      senderAddress: 'news@contoso.example',
      recipientAddress: recipient,
      receivedDateTime: at,
      size: 1100 + i,
      toIP: '192.0.2.20',
      status: 'Failed',
    });
    details[`${id}|${recipient}`] = [{ id, dateTime: at, event: 'Fail', action: '', description: MAILBOX_FULL }];
  }
  return { tenantId, apps: [app], rows, details };
}

const end = Date.now() - 60_000;
const env = { CONTOSO_SECRET: 'contoso-pw', FABRIKAM_PASS: 'pass phrase' };

const contoso = tenantData(T(1), { clientId: C(1), secret: 'contoso-pw' }, 12_000, 400, end);

beforeAll(async () => {
  server = makeCertificate(tmp.dir, 'server', { cn: '127.0.0.1', ip: '127.0.0.1' });
  appCert = makeCertificate(tmp.dir, 'fabrikam', { passphrase: 'pass phrase' });
  standIn = await startGraphStandIn({
    key: server.keyPem,
    cert: server.certPem,
    now: () => Date.now(),
    tenants: [
      contoso,
      tenantData(T(2), { clientId: C(2), certificatePem: appCert.certPem }, 1_500, 100, end),
      tenantData(T(3), { clientId: C(3), secret: 'contoso-pw' }, 12_000, 400, end),
      tenantData(T(4), { clientId: C(3), secret: 'contoso-pw' }, 12_000, 400, end),
      lookAlikes(T(6), { clientId: C(6), secret: 'contoso-pw' }, end),
      tenantData(T(7), { clientId: C(7), secret: 'contoso-pw' }, 100, 10, end),
    ],
  });
});
afterAll(async () => {
  await standIn?.close();
  tmp.cleanup();
});

function writeConfig(name: string, tenants: unknown[]): string {
  const path = join(tmp.dir, `${name}.json`);
  writeFileSync(
    path,
    JSON.stringify({
      database: `${name}.db`,
      graphBaseUrl: standIn.url,
      authorityHost: standIn.url,
      caFile: 'server.cert.pem',
      tenants,
    }),
  );
  return path;
}

const period = [
  '--from',
  new Date(end - 3 * 86_400_000 - 60_000).toISOString(),
  '--to',
  new Date(end + 1000).toISOString(),
];
const rowsOf = (db: string, tenant: string) =>
  new Database(join(tmp.dir, db), { readonly: true })
    .prepare('SELECT trace_id, recipient, status FROM trace_rows WHERE tenant = ? ORDER BY trace_id, recipient')
    .all(tenant);
const detailRequests = () => standIn.log.filter((l) => l.path.includes('getDetailsByRecipient'));

describe('exotrace scan', () => {
  const config = () =>
    writeConfig('two', [
      { name: 'contoso', tenantId: T(1), clientId: C(1), clientSecretEnv: 'CONTOSO_SECRET' },
      {
        name: 'fabrikam',
        tenantId: T(2),
        clientId: C(2),
        certificate: { path: 'fabrikam.pem', passphraseEnv: 'FABRIKAM_PASS' },
      },
    ]);

  it("stores every row of two tenants once, reads each failure's details, through faults, and a second run adds nothing", async () => {
    const path = config();
    standIn.log.length = 0;
    standIn.faults.push({ status: 503 }, { status: 500 }, 'drop', 'truncate');
    const first = await runCliAsync(['scan', '--config', path, ...period], { env });
    expect(first.stderr).toBe('');
    expect(first.stdout).toMatch(
      /^contoso: complete .*12000 rows read \(12000 new, 0 changed\), 30 details read, 0 failures without details/m,
    );
    expect(first.stdout).toMatch(/^fabrikam: complete .*1500 rows read \(1500 new, 0 changed\), 15 details read/m);
    expect(first.status).toBe(0);
    expect(standIn.faults).toEqual([]);
    // one token per tenant, reused for every request of the run
    expect(standIn.log.filter((l) => l.path.includes('/oauth2/v2.0/token'))).toHaveLength(2);
    expect(standIn.log.filter((l) => l.status === 400 || l.status === 401 || l.status === 429)).toEqual([]);
    expect(rowsOf('two.db', 'contoso')).toHaveLength(12_000);
    expect(rowsOf('two.db', 'fabrikam')).toHaveLength(1_500);

    // a pending delivery is delivered after the first run: the second run reads it, and no detail twice
    expect(contoso.rows![1]!['status']).toBe('pending');
    contoso.rows![1]!['status'] = 'delivered';
    // and a row that arrives late: received an hour before the end, listed only now
    contoso.rows!.push({
      id: 'late-1',
      senderAddress: 'a@contoso.example',
      recipientAddress: 'late@contoso.example',
      receivedDateTime: new Date(end - 3_600_000).toISOString(),
      toIP: '192.0.2.10',
      status: 'delivered',
    });
    const second = await runCliAsync(['scan', '--config', path, ...period], { env });
    expect(second.stdout).toMatch(/^contoso: complete .*12001 rows read \(1 new, 1 changed\), 0 details read/m);
    expect(second.stdout).toMatch(/^fabrikam: complete .*\(0 new, 0 changed\), 0 details read/m);
    const perFailure = new Map<string, number>();
    for (const l of detailRequests()) perFailure.set(l.path, (perFailure.get(l.path) ?? 0) + 1);
    expect([...perFailure.values()].every((n) => n === 1)).toBe(true);
    expect(perFailure.size).toBe(45);
  });

  it('reports the period from the history with the classifier, as analyze would, coverage included', async () => {
    const r = await runCliAsync(['report', '--config', config(), ...period, '--format', 'json'], { env });
    expect(r.status).toBe(0);
    const report = JSON.parse(r.stdout);
    expectValidReport(report);
    expect(report.inputs.map((i: { source: string; rows: number }) => [i.source, i.rows])).toEqual([
      ['graph:contoso', 12_001 + 60],
      ['graph:fabrikam', 1_500 + 30],
    ]);
    expect(report.totals).toMatchObject({ deliveries: 13_501, failed: 45, quarantined: 2, dropped: 2, unknown: 2 });
    // a status exotrace does not know is kept and said, not dropped
    expect(
      report.issues
        .filter((i: { code: string }) => i.code === 'EXO_VALUE_UNKNOWN')
        .map((i: { message: string }) => i.message),
    ).toEqual([expect.stringContaining('"Bounced"'), expect.stringContaining('"Bounced"')]);
    const causes = Object.fromEntries(report.causes.map((c: { id: string; count: number }) => [c.id, c.count]));
    expect(causes).toEqual({ 'recipient.not-found': 23, 'recipient.mailbox-full': 22 });
    expect(report.notes.filter((n: string) => n.includes('the history covers the whole period'))).toHaveLength(2);
    const text = await runCliAsync(['report', '--config', config(), ...period], { env });
    expect(text.stdout).toContain('Failed deliveries by cause (45)');
    const nowhere = join(tmp.dir, 'no-such-folder', 'report.md');
    const unwritable = await runCliAsync(
      ['report', '--config', config(), ...period, '--format', 'markdown', '--out', nowhere],
      { env },
    );
    expect(unwritable.stderr).toContain(
      `the report could not be written to ${nowhere}: there is no such file or folder.`,
    );
    expect(unwritable.status).toBe(1);
  });

  it('a scan stopped by Graph exits 3; the report says what part of the period is missing, and why', async () => {
    const path = writeConfig('stopped', [
      { name: 'adatum', tenantId: T(7), clientId: C(7), clientSecretEnv: 'CONTOSO_SECRET' },
    ]);
    standIn.faults.push({ status: 400 });
    const scan = await runCliAsync(['scan', '--config', path, ...period], { env });
    expect(scan.stdout).toMatch(/^adatum: incomplete .*0 rows read.*stopped: Graph answered 400/m);
    expect(scan.status).toBe(3);
    const report = JSON.parse(
      (await runCliAsync(['report', '--config', path, ...period, '--format', 'json'], { env })).stdout,
    );
    expect(report.notes).toEqual([
      expect.stringMatching(
        /^graph:adatum: the history covers 0% of the period; not read: .* The last scan that did not finish stopped: Graph answered 400/,
      ),
    ]);
  });

  it('report says when there is no history yet, and creates none', async () => {
    const path = writeConfig('never-scanned', [
      { name: 'contoso', tenantId: T(1), clientId: C(1), clientSecretEnv: 'CONTOSO_SECRET' },
    ]);
    const r = await runCliAsync(['report', '--config', path], { env });
    expect(r.stderr).toContain(
      'never-scanned.db: there is no history here yet: run exotrace scan with this config first.',
    );
    expect(r.status).toBe(1);
    expect(existsSync(join(tmp.dir, 'never-scanned.db'))).toBe(false);
  });

  it('--fail-on turns what the scan found into exit 4 for alerting, and names it', async () => {
    const path = config();
    const cause = await runCliAsync(['scan', '--config', path, ...period, '--fail-on', 'recipient.mailbox-full'], {
      env,
    });
    expect(cause.status).toBe(4);
    expect(cause.stderr).toContain('alert: contoso: 15 failed deliveries of cause recipient.mailbox-full');
    expect(cause.stderr).toContain('alert: fabrikam: 7 failed deliveries of cause recipient.mailbox-full');
    const quiet = await runCliAsync(
      ['scan', '--config', path, ...period, '--fail-on', 'failed>100', '--fail-on', 'relay.denied'],
      { env },
    );
    expect(quiet.stderr).toBe('');
    expect(quiet.status).toBe(0);
    const over = await runCliAsync(['scan', '--config', path, ...period, '--fail-on', 'failed>20'], { env });
    expect(over.stderr).toContain('alert: contoso: 30 failed deliveries, more than 20');
    expect(over.status).toBe(4);
    const fresh = await runCliAsync(['scan', '--config', path, ...period, '--fail-on', 'new-cause'], { env });
    expect(fresh.stderr).toMatch(/alert: contoso: new causes of failure: .*recipient\.not-found/);
    const wrong = await runCliAsync(['scan', '--config', path, '--fail-on', 'failed>>3'], { env });
    expect(wrong.status).toBe(64);
  });

  it('--log-format json writes one JSON object per event on standard error, retries included, never a secret', async () => {
    standIn.faults.push({ status: 503 });
    const r = await runCliAsync(['scan', '--config', config(), ...period, '--log-format', 'json'], { env });
    expect(r.status).toBe(0);
    const lines = r.stderr
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(
      lines.every((l) => l['app'] === 'exotrace' && typeof l['time'] === 'string' && typeof l['msg'] === 'string'),
    ).toBe(true);
    expect(
      lines
        .filter((l) => l['msg'] === 'scan started')
        .map((l) => l['tenant'])
        .sort(),
    ).toEqual(['contoso', 'fabrikam']);
    expect(lines.find((l) => l['msg'] === 'request failed: retrying')).toMatchObject({ status: 503, attempt: 1 });
    expect(lines.filter((l) => l['msg'] === 'scan finished' && l['status'] === 'complete')).toHaveLength(2);
    expect(r.stderr).not.toMatch(/contoso-pw|pass phrase|PRIVATE KEY|Bearer/);
    expect(r.stdout).toMatch(/^contoso: complete/m);
  });

  it('a detail budget reads one failure per group of look-alikes; the report says which reasons are inferred', async () => {
    const path = writeConfig('budget', [
      { name: 'litware', tenantId: T(6), clientId: C(6), clientSecretEnv: 'CONTOSO_SECRET' },
    ]);
    const scan = await runCliAsync(['scan', '--config', path, ...period, '--budget', '2'], { env });
    expect(scan.stdout).toMatch(
      /^litware: incomplete .*40 rows read \(40 new, 0 changed\), 2 details read, 38 failures without details/m,
    );
    expect(scan.status).toBe(3);
    const report = JSON.parse(
      (await runCliAsync(['report', '--config', path, ...period, '--format', 'json'], { env })).stdout,
    );
    expect(report.causes.map((c: { id: string; count: number }) => [c.id, c.count])).toEqual([
      ['recipient.mailbox-full', 40],
    ]);
    expect(report.notes).toContain(
      'graph:litware: of 40 failed deliveries, 2 have their reason read; 38 take the reason read for a failure that looks alike ' +
        '(same sender and recipient domains, size and hour): inferred, not read.',
    );
    const rest = await runCliAsync(['scan', '--config', path, ...period], { env });
    expect(rest.stdout).toMatch(/38 details read, 0 failures without details/);
    expect(rest.status).toBe(0);
  });

  it('a run killed at any point resumes: the same rows as a run never killed, no gap, no duplicate', async () => {
    const path = writeConfig('killed', [
      { name: 'northwind', tenantId: T(3), clientId: C(3), clientSecretEnv: 'CONTOSO_SECRET' },
    ]);
    const whole = writeConfig('whole', [
      { name: 'northwind', tenantId: T(4), clientId: C(3), clientSecretEnv: 'CONTOSO_SECRET' },
    ]);
    expect((await runCliAsync(['scan', '--config', whole, ...period], { env })).status).toBe(0);
    for (const killAfter of [1, 3, 12]) {
      standIn.log.length = 0;
      const child = spawn(process.execPath, [join(repoRoot, 'dist/cli/bin.js'), 'scan', '--config', path, ...period], {
        env: { ...process.env, ...env },
        stdio: 'ignore',
      });
      await new Promise<void>((resolve) => {
        const poll = setInterval(() => {
          if (standIn.log.filter((l) => l.tenant === T(3)).length >= killAfter) {
            clearInterval(poll);
            child.kill('SIGKILL');
          }
        }, 2);
        child.on('exit', () => {
          clearInterval(poll);
          resolve();
        });
      });
    }
    // the kills did stop the runs before their end
    const before = new Database(join(tmp.dir, 'killed.db'), { readonly: true });
    expect((before.prepare('SELECT COUNT(*) AS n FROM details_read').get() as { n: number }).n).toBeLessThan(30);
    expect(before.prepare("SELECT COUNT(*) AS n FROM runs WHERE status IN ('running', 'interrupted')").get()).toEqual({
      n: 3,
    });
    before.close();
    const resumed = await runCliAsync(['scan', '--config', path, ...period], { env });
    if (process.env['SHOW']) console.log(resumed.stdout);
    expect(resumed.status).toBe(0);
    const strip = (rows: unknown[]) =>
      rows.map((r) => ({
        ...(r as Record<string, string>),
        trace_id: (r as Record<string, string>)['trace_id']!.slice(5),
      }));
    expect(strip(rowsOf('killed.db', 'northwind'))).toEqual(strip(rowsOf('whole.db', 'northwind')));
    const db = new Database(join(tmp.dir, 'killed.db'), { readonly: true });
    expect(db.prepare('SELECT COUNT(*) AS n FROM details_read').get()).toEqual({ n: 30 });
  });
});

describe('the quota during a scan', () => {
  it('10,000 rows with 1,000 failures: never a 429, the quota kept full while work waits', async () => {
    let now = end + 600_000;
    const clock: Clock = { now: () => now, sleep: async (ms) => void (now += ms) };
    const quiet = await startGraphStandIn({
      key: server.keyPem,
      cert: server.certPem,
      now: clock.now,
      tenants: [tenantData(T(5), { clientId: C(5), secret: 'pw' }, 10_000, 10, end)],
    });
    try {
      const path = join(tmp.dir, 'quota.json');
      writeFileSync(
        path,
        JSON.stringify({
          database: 'quota.db',
          graphBaseUrl: quiet.url,
          authorityHost: quiet.url,
          caFile: 'server.cert.pem',
          tenants: [{ name: 'busy', tenantId: T(5), clientId: C(5), clientSecretEnv: 'S' }],
        }),
      );
      const config = await loadScanConfig(path);
      const store = openSqliteHistory(config.database);
      const started = now;
      const result = await scanTenant(config, config.tenants[0]!, store, {
        clock,
        classifier: createClassifier(createCatalog()),
        catalog: catalogFingerprint(createCatalog()),
        env: { S: 'pw' },
        https: { ca: server.certPem, timeoutMs: 10_000 },
        from: new Date(end - 3 * 86_400_000 - 60_000),
        to: new Date(end + 1000),
      });
      store.close();
      expect(result).toMatchObject({ status: 'complete', rowsAdded: 10_000, detailsRead: 1_000, requests: 1_002 });
      expect(quiet.log.filter((l) => l.status === 429)).toEqual([]);
      // 1,002 requests at 100 per 5 minutes: at least 10 full windows, and not much more
      const windows = (now - started) / 300_000;
      expect(windows).toBeGreaterThanOrEqual(10);
      expect(1_002 / (Math.ceil(windows) * 100)).toBeGreaterThanOrEqual(0.9);
    } finally {
      await quiet.close();
    }
  });
});
