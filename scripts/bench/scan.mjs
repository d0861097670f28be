/**
 * The scan's benchmark, against the Graph stand-in (scripts/stand-in/graph-stand-in.mjs):
 * 1. in process, on a clock of its own: 10,000 rows with 1,000 failures, scanned twice: requests
 *    per 10,000 rows, detail requests per failure over both runs, 429s provoked, and the share of
 *    the quota used while work was waiting;
 * 2. as a real process (`exotrace scan`), 1,000,000 rows: time and peak RSS (the stand-in's quota
 *    raised, so that it does not take hours of real time).
 *
 *   npm run bench:scan                 # both
 *   npm run bench:scan -- --rows 200000
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startGraphStandIn } from '../stand-in/graph-stand-in.mjs';

const root = new URL('../..', import.meta.url).pathname;
const { loadScanConfig } = await import(join(root, 'dist/graph/config.js'));
const { scanTenant } = await import(join(root, 'dist/scan/scan.js'));
const { openSqliteHistory } = await import(join(root, 'dist/store/sqlite-history.js'));
const { createClassifier } = await import(join(root, 'dist/classify/classifier.js'));
const { createCatalog } = await import(join(root, 'dist/catalog/index.js'));

const rowsArg = process.argv.indexOf('--rows');
const bigRows = rowsArg > 0 ? Number(process.argv[rowsArg + 1]) : 1_000_000;
const dir = mkdtempSync(join(tmpdir(), 'exotrace-bench-scan-'));
const T = '00000000-0000-0000-0000-000000000001';
const C = '11111111-1111-1111-1111-111111111111';

execFileSync(
  'openssl',
  [
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    join(dir, 'k.pem'),
    '-out',
    join(dir, 'c.pem'),
    '-days',
    '2',
    '-subj',
    '/CN=127.0.0.1',
    '-addext',
    'subjectAltName=IP:127.0.0.1',
  ],
  { stdio: 'ignore' },
);
const key = readFileSync(join(dir, 'k.pem'), 'utf8');
const cert = readFileSync(join(dir, 'c.pem'), 'utf8');

function tenant(count, failEvery, end) {
  const rows = [];
  const details = {};
  for (let i = 0; i < count; i++) {
    const failed = failEvery > 0 && i % failEvery === 0;
    const id = `t-${i}`;
    const recipient = `r${i}@fabrikam.example`;
    const at = new Date(end - 86_400_000 + Math.floor((i * 86_400_000) / count)).toISOString();
    rows.push({
      id,
      senderAddress: 'a@contoso.example',
      recipientAddress: recipient,
      messageId: `<${id}@contoso.example>`,
      receivedDateTime: at,
      subject: `Invoice ${i}`,
      size: 1000 + (i % 5000),
      fromIP: '',
      toIP: '192.0.2.10',
      status: failed ? 'failed' : 'delivered',
    });
    if (failed)
      details[`${id}|${recipient}`] = [
        {
          id,
          dateTime: at,
          event: 'Fail',
          action: '',
          description:
            'Reason: [{LED=550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup};{MSG=}]',
        },
      ];
  }
  return { tenantId: T, apps: [{ clientId: C, secret: 'pw' }], rows, details };
}

function config(name, url, extra = {}) {
  const path = join(dir, `${name}.json`);
  writeFileSync(
    path,
    JSON.stringify({
      database: `${name}.db`,
      graphBaseUrl: url,
      authorityHost: url,
      caFile: 'c.pem',
      tenants: [{ name: 'contoso', tenantId: T, clientId: C, clientSecretEnv: 'S' }],
      ...extra,
    }),
  );
  return path;
}

// 1. the quota, on a clock of the benchmark's
{
  const end = Date.parse('2026-11-20T00:00:00Z');
  let now = end + 60_000;
  const clock = { now: () => now, sleep: async (ms) => void (now += ms) };
  const standIn = await startGraphStandIn({ key, cert, now: clock.now, tenants: [tenant(10_000, 10, end)] });
  const cfg = await loadScanConfig(config('quota', standIn.url));
  const store = openSqliteHistory(cfg.database);
  const options = {
    clock,
    classifier: createClassifier(createCatalog()),
    env: { S: 'pw' },
    https: { ca: cert, timeoutMs: 30_000 },
    from: new Date(end - 86_400_000 - 60_000),
    to: new Date(end),
  };
  const started = now;
  const first = await scanTenant(cfg, cfg.tenants[0], store, options);
  const elapsed = now - started;
  const second = await scanTenant(cfg, cfg.tenants[0], store, options);
  store.close();
  const detailCalls = standIn.log.filter((l) => l.path.includes('getDetailsByRecipient')).length;
  const listCalls = standIn.log.filter((l) => l.tenant && !l.path.includes('getDetailsByRecipient')).length;
  // the windows of 5 minutes the run reached into (the last holds only what was left)
  const windows = Math.floor(elapsed / cfg.quota.windowMs) + 1;
  console.log('Quota (10,000 rows, 1,000 failures, two runs, on the benchmark clock)');
  console.log(`  list requests per 10,000 rows: ${listCalls / 2} per run`);
  console.log(
    `  detail requests per failure over both runs: ${(detailCalls / 1000).toFixed(2)} (first run ${first.detailsRead}, second ${second.detailsRead})`,
  );
  console.log(`  429s provoked: ${standIn.log.filter((l) => l.status === 429).length}`);
  console.log(
    `  quota used while work waited: ${first.requests} requests in ${windows} windows of 5 minutes = ${((100 * first.requests) / (windows * cfg.quota.requests)).toFixed(1)}%`,
  );
  await standIn.close();
}

// 2. a large scan as a real process: time and peak memory
{
  const end = Date.now() - 60_000;
  const standIn = await startGraphStandIn({
    key,
    cert,
    now: () => Date.now(),
    quota: { requests: 1e9, windowMs: 300_000 },
    tenants: [tenant(bigRows, 0, end)],
  });
  const path = config('big', standIn.url, { quota: { requests: 1_000_000, windowSeconds: 300 } });
  const started = process.hrtime.bigint();
  // the stand-in answers from this process: the scan runs beside it, not blocking it
  const child = await new Promise((resolve) => {
    const args = [
      '-r',
      join(root, 'scripts/bench/peak-rss.cjs'),
      join(root, 'dist/cli/bin.js'),
      'scan',
      '--config',
      path,
    ];
    args.push('--from', new Date(end - 86_400_000 - 60_000).toISOString(), '--to', new Date(end).toISOString());
    const p = spawn(process.execPath, args, { env: { ...process.env, S: 'pw' } });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d) => (stdout += d));
    p.stderr.on('data', (d) => (stderr += d));
    p.on('close', (status) => resolve({ status, stdout, stderr }));
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const rss = Number(/peakRssKiB=(\d+)/.exec(child.stderr)?.[1] ?? NaN) / 1024;
  console.log(`Large scan (${bigRows.toLocaleString('en')} rows, one tenant, exotrace scan as a process)`);
  console.log(`  ${child.stdout.trim()}`);
  console.log(
    `  ${seconds.toFixed(1)} s, ${Math.round(bigRows / seconds).toLocaleString('en')} rows/s, peak RSS ${rss.toFixed(0)} MiB (exit ${child.status})`,
  );
  await standIn.close();
}
rmSync(dir, { recursive: true, force: true });
