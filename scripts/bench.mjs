#!/usr/bin/env node
/**
 * npm run bench: throughput and peak memory of `exotrace analyze` on large synthetic Extended
 * reports, next to its parse-only ceiling and to pandas, each run as a whole process on the same
 * file. Never a test: the figures depend on the machine.
 *
 *   npm run bench                       # 100k and 1M rows, UTF-16LE and UTF-8, 3 runs each
 *   npm run bench -- --sizes 100000 --runs 1
 *   npm run bench -- --sizes 1000000 --quoting all     # every field quoted, as PowerShell writes
 *   npm run bench -- --sizes 1000000 --auth            # inbound messages carry authentication results
 *   npm run bench -- --no-scan                         # without the Graph scan's part (npm run bench:scan alone)
 *   npm run bench -- --no-report                       # without the report formats' part (npm run bench:report alone)
 *   npm run bench -- --no-dns                          # without the DNS checks' part (npm run bench:dns alone)
 *   npm run bench -- --no-classify                     # without the classifier's part (npm run bench:classify alone)
 *
 * Generated files are kept in $TMPDIR/exotrace-bench and reused (they are deterministic).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeSyntheticTrace } from './bench/generate-trace.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const sizes = arg('sizes', '100000,1000000').split(',').map(Number);
const encodings = arg('encodings', 'utf-16le,utf-8').split(',');
const runs = Number(arg('runs', '3'));
// 'minimal': fields quoted only where needed; 'all': every field quoted (PowerShell's Export-Csv)
const quoting = arg('quoting', 'minimal');
if (quoting !== 'minimal' && quoting !== 'all') {
  console.error(
    `--quoting takes minimal (fields quoted where needed, the default) or all (every field quoted), not ${quoting}.`,
  );
  process.exit(64);
}
// inbound messages carry authentication results in custom_data (read the long way, counted per message)
const auth = process.argv.includes('--auth');
const cacheDir = arg('dir', join(tmpdir(), 'exotrace-bench'));
const GENERATOR_VERSION = 1;
mkdirSync(cacheDir, { recursive: true });

if (!existsSync(join(root, 'dist/cli/bin.js'))) {
  console.error('Build first: npm run build (npm run bench does it).');
  process.exit(1);
}

function findPython() {
  for (const python of ['/usr/bin/python3', 'python3']) {
    const r = spawnSync(python, ['-c', 'import pandas'], { encoding: 'utf8' });
    if (r.status === 0) return python;
  }
  return undefined;
}
const python = findPython();
/** what `exotrace analyze` uses by default (src/cli/main.ts) */
const threads = Math.min(8, availableParallelism());

/**
 * Runs every tool once per round, round after round, and takes each tool's median: on a shared
 * machine the speed drifts over minutes, and interleaving puts that drift on every tool alike, so
 * the ratios hold even when the absolute figures move.
 */
function measureInterleaved(tools) {
  const results = tools.map(() => ({ times: [], rss: 0, stdout: '' }));
  for (let i = 0; i < runs; i++) {
    tools.forEach(({ command, args }, k) => {
      const start = process.hrtime.bigint();
      const r = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      if (r.status !== 0 && r.status !== 2)
        throw new Error(`${command} ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
      results[k].times.push(seconds);
      results[k].rss = Math.max(results[k].rss, Number(/peakRssKiB=(\d+)/.exec(r.stderr)?.[1] ?? 0));
      results[k].stdout = r.stdout;
    });
  }
  return results.map(({ times, rss, stdout }) => {
    times.sort((a, b) => a - b);
    return { seconds: times[Math.floor(times.length / 2)], rssMiB: rss / 1024, stdout };
  });
}

const node = process.execPath;
const preload = join(root, 'scripts/bench/peak-rss.cjs');
const rows = [];
const checks = [];
for (const size of sizes) {
  for (const encoding of encodings) {
    const file = join(
      cacheDir,
      `extended-${size}-${encoding}${quoting === 'all' ? '-quoted' : ''}${auth ? '-auth' : ''}-v${GENERATOR_VERSION}.csv`,
    );
    if (!existsSync(file)) {
      process.stderr.write(`generating ${file} … `);
      const partial = `${file}.partial`;
      const info = await writeSyntheticTrace(partial, size, encoding, undefined, quoting, { auth });
      renameSync(partial, file);
      process.stderr.write(`${info.rows} rows, ${(info.bytes / 1e6).toFixed(0)} MB\n`);
    }
    const mb = statSync(file).size / 1e6;
    process.stderr.write(`measuring ${size} rows ${encoding} (${runs} runs each) …\n`);
    const pyEncoding = encoding === 'utf-16le' ? 'utf-16' : 'utf-8';
    const tools = [
      {
        name: 'analyze',
        command: node,
        args: ['-r', preload, join(root, 'dist/cli/bin.js'), 'analyze', file, '--format', 'json'],
      },
      {
        name: 'analyze1',
        command: node,
        args: ['-r', preload, join(root, 'dist/cli/bin.js'), 'analyze', file, '--format', 'json', '--threads', '1'],
      },
      { name: 'parseOnly', command: node, args: ['-r', preload, join(root, 'scripts/bench/parse-only.mjs'), file] },
      { name: 'csvParse', command: node, args: ['-r', preload, join(root, 'scripts/bench/csv-parse-only.mjs'), file] },
      ...(python
        ? [
            { name: 'pandas', command: python, args: [join(root, 'scripts/bench/pandas_count.py'), file, pyEncoding] },
            {
              name: 'pandasAll',
              command: python,
              args: [join(root, 'scripts/bench/pandas_count.py'), file, pyEncoding, '--all'],
            },
          ]
        : []),
    ];
    const measured = Object.fromEntries(measureInterleaved(tools).map((m, k) => [tools[k].name, m]));
    const { analyze, analyze1, parseOnly, csvParse, pandas, pandasAll } = measured;
    const report = JSON.parse(analyze.stdout);
    const dataRows = report.inputs[0].rows;
    const memory = JSON.parse(
      spawnSync(node, ['--expose-gc', join(root, 'scripts/bench/fold-memory.mjs'), file], { encoding: 'utf8' }).stdout,
    );
    const line = (tool, m) => ({
      size,
      encoding,
      mb,
      tool,
      seconds: m.seconds,
      rowsPerSecond: dataRows / m.seconds,
      mbPerSecond: mb / m.seconds,
      rssMiB: m.rssMiB,
    });
    rows.push(
      line(`exotrace analyze, ${threads} thr`, analyze),
      line('exotrace analyze, 1 thr', analyze1),
      line('parse-only ceiling', parseOnly),
      line('csv-parse only', csvParse),
    );
    if (pandas) rows.push(line('pandas, 2 columns', pandas));
    if (pandasAll) rows.push(line('pandas, all columns', pandasAll));
    checks.push({
      size,
      encoding,
      ceilingShare: parseOnly.seconds / analyze.seconds,
      ceilingShare1: parseOnly.seconds / analyze1.seconds,
      vsPandas: pandas ? pandas.seconds / analyze.seconds : undefined,
      vsPandasAll: pandasAll ? pandasAll.seconds / analyze.seconds : undefined,
      rssMiB: analyze.rssMiB,
      rssMiB1: analyze1.rssMiB,
      bytesPerDelivery: memory.bytesPerDelivery,
      deliveries: memory.deliveries,
      distinctTexts: memory.distinctTexts,
    });
  }
}

const pad = (s, n) => String(s).padStart(n);
console.log(
  `\nexotrace bench on ${process.platform} ${process.arch}, ${threads} cores, Node ${process.version}, ${runs} interleaved run(s) each, median time; fields quoted: ${quoting === 'all' ? 'all' : 'where needed'}${auth ? '; inbound messages carry authentication results' : ''}\n`,
);
console.log(
  `${'rows'.padEnd(9)} ${'encoding'.padEnd(9)} ${'MB'.padStart(5)}  ${'tool'.padEnd(24)} ${pad('seconds', 8)} ${pad('rows/s', 10)} ${pad('MB/s', 7)} ${pad('peak RSS MiB', 13)}`,
);
for (const r of rows) {
  console.log(
    `${String(r.size).padEnd(9)} ${r.encoding.padEnd(9)} ${r.mb.toFixed(0).padStart(5)}  ${r.tool.padEnd(24)} ${pad(r.seconds.toFixed(2), 8)} ${pad(Math.round(r.rowsPerSecond).toLocaleString('en-US'), 10)} ${pad(r.mbPerSecond.toFixed(1), 7)} ${pad(r.rssMiB.toFixed(0), 13)}`,
  );
}
console.log('');
for (const c of checks) {
  const vs =
    c.vsPandas === undefined
      ? 'pandas not installed (apt-get install python3-pandas): skipped'
      : `${c.vsPandas.toFixed(2)}× the speed of pandas reading 2 columns, ${c.vsPandasAll.toFixed(2)}× reading all (target > 1)`;
  console.log(
    `${c.size} rows ${c.encoding}: analyze runs at ${(100 * c.ceilingShare).toFixed(0)}% of its parse-only ceiling on ${threads} threads, ${(100 * c.ceilingShare1).toFixed(0)}% on one (target ≥ 80%); ${vs}; ` +
      `peak RSS ${c.rssMiB.toFixed(0)} MiB on ${threads} threads, ${c.rssMiB1.toFixed(0)} MiB on one${c.size >= 1_000_000 ? ' (target < 300)' : ''}; ${c.bytesPerDelivery} bytes held per delivery (${c.deliveries} deliveries, ${c.distinctTexts} distinct texts)`,
  );
}

// What each report format (html, pdf, csv…) adds to an analysis of the largest trace.
if (!process.argv.includes('--no-report')) {
  const largest = String(Math.max(...sizes));
  const report = spawnSync(process.execPath, [join(root, 'scripts/bench/report-formats.mjs'), '--rows', largest], {
    stdio: 'inherit',
  });
  if (report.status !== 0) process.exitCode = 1;
}

// What classifying a new distinct text costs (the catalog's growth must not slow analyze).
if (!process.argv.includes('--no-classify')) {
  const c = spawnSync(process.execPath, [join(root, 'scripts/bench/classify.mjs')], { stdio: 'inherit' });
  if (c.status !== 0) process.exitCode = 1;
}

// Domains checked over DNS (check-domain, --verify-dns) against a DNS server on 127.0.0.1.
if (!process.argv.includes('--no-dns')) {
  const dnsBench = spawnSync(process.execPath, [join(root, 'scripts/bench/dns.mjs')], { stdio: 'inherit' });
  if (dnsBench.status !== 0) process.exitCode = 1;
}

// The scan against the Graph stand-in (scripts/bench/scan.mjs): quota use and a 1,000,000-row scan's memory.
if (!process.argv.includes('--no-scan')) {
  console.log('');
  const scan = spawnSync(process.execPath, [join(root, 'scripts/bench/scan.mjs')], { stdio: 'inherit' });
  if (scan.status !== 0) process.exitCode = 1;
}
