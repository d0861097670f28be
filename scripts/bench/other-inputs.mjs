#!/usr/bin/env node
/**
 * npm run bench:inputs: throughput and peak memory of `exotrace analyze` on the inputs that are
 * not the admin center's CSVs, at a size a log shipper or a mailbox export reaches: Graph rows as
 * one JSON document and as JSON Lines, a Windows PowerShell export with day-first dates (read the
 * long way, each date checked), and an .mbox of bounce messages. Never a test.
 *
 *   npm run bench:inputs                    # 200k JSON rows, 200k PowerShell rows, 5,000 bounces
 *   npm run bench:inputs -- --rows 50000 --bounces 1000
 */
import { spawnSync } from 'node:child_process';
import { createWriteStream, mkdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const rows = arg('rows', 200_000);
const bounces = arg('bounces', 5_000);
const dir = join(tmpdir(), 'exotrace-bench');
mkdirSync(dir, { recursive: true });

function write(path, lines) {
  return new Promise((resolve, reject) => {
    const out = createWriteStream(path);
    out.on('error', reject);
    out.on('finish', resolve);
    for (const l of lines()) out.write(l);
    out.end();
  });
}

const statuses = ['delivered', 'failed', 'delivered', 'pending', 'expanded', 'delivered', 'quarantined'];
const graphRow = (i) =>
  JSON.stringify({
    id: `4451a062-48cb-e80d-e8c0-${String(i >> 1).padStart(12, '0')}`,
    senderAddress: 'alex@contoso.com',
    recipientAddress: `user${i % 9000}@fabrikam.com`,
    messageId: `<m${i >> 1}@contoso.com>`,
    receivedDateTime: new Date(Date.UTC(2026, 10, 13) + i * 1000).toISOString().replace('.000', ''),
    subject: `Quarterly report ${i}`,
    size: 45678,
    fromIP: '',
    toIP: '198.51.100.7',
    status: statuses[i % statuses.length],
  });

const jsonl = join(dir, `graph-${rows}.jsonl`);
await write(jsonl, function* () {
  for (let i = 0; i < rows; i++) yield graphRow(i) + '\n';
});
const json = join(dir, `graph-${rows}.json`);
await write(json, function* () {
  yield '{\n  "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#admin/exchange/tracing/messageTraces",\n  "value": [\n';
  for (let i = 0; i < rows; i++) yield `${i ? ',\n' : ''}    ${graphRow(i)}`;
  yield '\n  ]\n}\n';
});

const gb = (t) => {
  const d = new Date(t);
  const p = (n) => String(n).padStart(2, '0');
  return `${p(d.getUTCDate())}/${p(d.getUTCMonth() + 1)}/${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`;
};
const powershell = join(dir, `powershell-en-gb-${rows}.csv`);
await write(powershell, function* () {
  yield '#TYPE Deserialized.Microsoft.Exchange.Management.FfoReporting.MessageTraceDetail\r\n"Date","Event","Detail","MessageTraceId","RecipientAddress","SenderAddress"\r\n';
  for (let i = 0; i < rows; i++) {
    const event = ['Receive', 'Deliver', 'Receive', 'Defer', 'Fail'][i % 5];
    const detail =
      event === 'Fail'
        ? `Reason: [{LED=550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient user${i % 9000}@fabrikam.com not found by SMTP address lookup};{MSG=};{FQDN=};{IP=};{LRT=}]`
        : event === 'Defer'
          ? 'Reason: [{LED=451 4.4.0 DNS query failed};{MSG=};{FQDN=};{IP=};{LRT=}]'
          : 'Message received by: AM0PR04MB1234.eurprd04.prod.outlook.com';
    yield `"${gb(Date.UTC(2026, 10, 13) + i * 1000)}","${event}","${detail}","4451a062-48cb-e80d-e8c0-${String(i >> 2).padStart(12, '0')}","user${i % 9000}@fabrikam.com","alex@contoso.com"\r\n`;
  }
});

const mbox = join(dir, `bounces-${bounces}.mbox`);
const ndrs = [
  'exo-01-notFound.eml',
  'gmail-notfound.eml',
  'postfix-two-recipients.eml',
  'exim-plain-user-unknown.eml',
  'exchange2010-two-recipients.eml',
].map((f) =>
  readFileSync(join(root, 'test/fixtures/ndr', f), 'latin1')
    .replace(/\r\n/g, '\n')
    .replace(/^From /gm, '>From '),
);
await write(mbox, function* () {
  for (let i = 0; i < bounces; i++)
    yield `From MAILER-DAEMON Mon Nov 16 08:00:00 2026\n${ndrs[i % ndrs.length].replace(/Message-ID: <([^>]+)>/gi, `Message-ID: <$1.${i}>`)}\n`;
});

const preload = join(root, 'scripts/bench/peak-rss.cjs');
console.log(`\nexotrace other-inputs bench on ${process.platform} ${process.arch}, Node ${process.version}\n`);
console.log(
  `${'input'.padEnd(40)} ${'MB'.padStart(6)} ${'rows'.padStart(9)} ${'seconds'.padStart(8)} ${'rows/s'.padStart(9)} ${'peak RSS MiB'.padStart(13)}`,
);
for (const [name, file] of [
  ['Graph page, one JSON document', json],
  ['Graph rows, JSON Lines', jsonl],
  ['PowerShell en-GB (day-first dates)', powershell],
  ['.mbox of bounce messages', mbox],
]) {
  const start = process.hrtime.bigint();
  const r = spawnSync(
    process.execPath,
    ['-r', preload, join(root, 'dist/cli/bin.js'), 'analyze', file, '--format', 'json'],
    { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 },
  );
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (r.status !== 0 && r.status !== 2) throw new Error(`${file}: exit ${r.status}: ${r.stderr}`);
  const read = JSON.parse(r.stdout).inputs[0].rows;
  const rss = Number(/peakRssKiB=(\d+)/.exec(r.stderr)?.[1] ?? 0) / 1024;
  console.log(
    `${name.padEnd(40)} ${(statSync(file).size / 1e6).toFixed(0).padStart(6)} ${String(read).padStart(9)} ${seconds.toFixed(2).padStart(8)} ${Math.round(
      read / seconds,
    )
      .toLocaleString('en-US')
      .padStart(9)} ${rss.toFixed(0).padStart(13)}`,
  );
}
