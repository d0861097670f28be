#!/usr/bin/env node
/**
 * npm run bench: throughput and peak memory of `exotrace analyze` on large synthetic Extended
 * reports, next to its parse-only ceiling and to pandas, each run as a whole process on the same
 * file. Never a test: the figures depend on the machine.
 *
 *   npm run bench                       # 100k and 1M rows, UTF-16LE and UTF-8, 3 runs each
 *   npm run bench -- --sizes 100000 --runs 1
 *
 * Generated files are kept in $TMPDIR/exotrace-bench and reused (they are deterministic).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
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

function measure(command, args) {
  const times = [];
  let rss = 0;
  let stdout = '';
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    const r = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    if (r.status !== 0 && r.status !== 2) throw new Error(`${command} ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
    times.push(seconds);
    rss = Math.max(rss, Number(/peakRssKiB=(\d+)/.exec(r.stderr)?.[1] ?? 0));
    stdout = r.stdout;
  }
  times.sort((a, b) => a - b);
  return { seconds: times[Math.floor(times.length / 2)], rssMiB: rss / 1024, stdout };
}

const node = process.execPath;
const preload = join(root, 'scripts/bench/peak-rss.cjs');
const rows = [];
const checks = [];
for (const size of sizes) {
  for (const encoding of encodings) {
    const file = join(cacheDir, `extended-${size}-${encoding}-v${GENERATOR_VERSION}.csv`);
    if (!existsSync(file)) {
      process.stderr.write(`generating ${file} … `);
      const partial = `${file}.partial`;
      const info = await writeSyntheticTrace(partial, size, encoding);
      renameSync(partial, file);
      process.stderr.write(`${info.rows} rows, ${(info.bytes / 1e6).toFixed(0)} MB\n`);
    }
    const mb = statSync(file).size / 1e6;
    process.stderr.write(`measuring ${size} rows ${encoding} (${runs} runs each) …\n`);
    const analyze = measure(node, ['-r', preload, join(root, 'dist/cli/bin.js'), 'analyze', file, '--format', 'json']);
    const report = JSON.parse(analyze.stdout);
    const dataRows = report.inputs[0].rows;
    const parseOnly = measure(node, ['-r', preload, join(root, 'scripts/bench/parse-only.mjs'), file]);
    const csvParse = measure(node, ['-r', preload, join(root, 'scripts/bench/csv-parse-only.mjs'), file]);
    const memory = JSON.parse(spawnSync(node, ['--expose-gc', join(root, 'scripts/bench/fold-memory.mjs'), file], { encoding: 'utf8' }).stdout);
    const pyEncoding = encoding === 'utf-16le' ? 'utf-16' : 'utf-8';
    const pandas = python ? measure(python, [join(root, 'scripts/bench/pandas_count.py'), file, pyEncoding]) : undefined;
    const pandasAll = python ? measure(python, [join(root, 'scripts/bench/pandas_count.py'), file, pyEncoding, '--all']) : undefined;
    const line = (tool, m) => ({ size, encoding, mb, tool, seconds: m.seconds, rowsPerSecond: dataRows / m.seconds, mbPerSecond: mb / m.seconds, rssMiB: m.rssMiB });
    rows.push(line('exotrace analyze', analyze), line('parse-only ceiling', parseOnly), line('csv-parse only', csvParse));
    if (pandas) rows.push(line('pandas, 2 columns', pandas));
    if (pandasAll) rows.push(line('pandas, all columns', pandasAll));
    checks.push({
      size,
      encoding,
      ceilingShare: parseOnly.seconds / analyze.seconds,
      vsPandas: pandas ? pandas.seconds / analyze.seconds : undefined,
      vsPandasAll: pandasAll ? pandasAll.seconds / analyze.seconds : undefined,
      rssMiB: analyze.rssMiB,
      bytesPerDelivery: memory.bytesPerDelivery,
      deliveries: memory.deliveries,
      distinctTexts: memory.distinctTexts,
    });
  }
}

const pad = (s, n) => String(s).padStart(n);
console.log(`\nexotrace bench on ${process.platform} ${process.arch}, Node ${process.version}, ${runs} run(s) each, median time\n`);
console.log(`${'rows'.padEnd(9)} ${'encoding'.padEnd(9)} ${'MB'.padStart(5)}  ${'tool'.padEnd(19)} ${pad('seconds', 8)} ${pad('rows/s', 10)} ${pad('MB/s', 7)} ${pad('peak RSS MiB', 13)}`);
for (const r of rows) {
  console.log(`${String(r.size).padEnd(9)} ${r.encoding.padEnd(9)} ${r.mb.toFixed(0).padStart(5)}  ${r.tool.padEnd(19)} ${pad(r.seconds.toFixed(2), 8)} ${pad(Math.round(r.rowsPerSecond).toLocaleString('en-US'), 10)} ${pad(r.mbPerSecond.toFixed(1), 7)} ${pad(r.rssMiB.toFixed(0), 13)}`);
}
console.log('');
for (const c of checks) {
  const vs = c.vsPandas === undefined ? 'pandas not installed (apt-get install python3-pandas): skipped' : `${c.vsPandas.toFixed(2)}× the speed of pandas reading 2 columns, ${c.vsPandasAll.toFixed(2)}× reading all (target > 1)`;
  console.log(`${c.size} rows ${c.encoding}: analyze runs at ${(100 * c.ceilingShare).toFixed(0)}% of its parse-only ceiling (target ≥ 80%); ${vs}; peak RSS ${c.rssMiB.toFixed(0)} MiB${c.size >= 1_000_000 ? ' (target < 300)' : ''}; ${c.bytesPerDelivery} bytes held per delivery (${c.deliveries} deliveries, ${c.distinctTexts} distinct texts)`);
}
