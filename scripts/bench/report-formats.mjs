#!/usr/bin/env node
/**
 * What each report format costs on a large trace: `exotrace analyze FILE --format F --out …` as a
 * whole process, for json (the aggregate alone), html, markdown, csv (every failed delivery kept)
 * and pdf (Chromium started, the page printed), with the output's size and the peak RSS. The
 * difference to json is the renderer's own cost. Never a test: the figures depend on the machine.
 *
 *   npm run bench:report                      # the 1,000,000-row UTF-8 trace of npm run bench
 *   node scripts/bench/report-formats.mjs --rows 100000 --runs 3
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeSyntheticTrace } from './generate-trace.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const rows = Number(arg('rows', '1000000'));
const runs = Number(arg('runs', '1'));
const dir = join(tmpdir(), 'exotrace-bench');
mkdirSync(dir, { recursive: true });
const file = join(dir, `extended-${rows}-utf-8-v1.csv`);
// the name and the generator npm run bench uses, so one file serves both
if (!existsSync(file)) {
  await writeSyntheticTrace(`${file}.partial`, rows, 'utf-8');
  renameSync(`${file}.partial`, file);
}
const preload = join(root, 'scripts/bench/peak-rss.cjs');
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

console.log(
  `\nreport formats on ${rows.toLocaleString('en-US')} rows (${(statSync(file).size / 1e6).toFixed(0)} MB, UTF-8), ${runs} run(s), median\n`,
);
console.log(
  `${'format'.padEnd(10)} ${'seconds'.padStart(8)} ${'over json'.padStart(10)} ${'output'.padStart(10)} ${'peak RSS MiB'.padStart(13)}`,
);
let json;
for (const format of ['json', 'markdown', 'html', 'csv', 'pdf']) {
  const out = join(dir, `report.${format}`);
  const times = [];
  let rss = 0;
  for (let i = 0; i < runs; i++) {
    const started = process.hrtime.bigint();
    const r = spawnSync(
      process.execPath,
      ['-r', preload, join(root, 'dist/cli/bin.js'), 'analyze', file, '--format', format, '--out', out],
      { encoding: 'utf8' },
    );
    times.push(Number(process.hrtime.bigint() - started) / 1e9);
    if (r.status !== 0) {
      console.log(`${format.padEnd(10)} failed (exit ${r.status}): ${r.stderr.split('\n')[0]}`);
      break;
    }
    rss = Math.max(rss, Number(/peakRssKiB=(\d+)/.exec(r.stderr)?.[1] ?? 0) / 1024);
  }
  if (times.length < runs) continue;
  const t = median(times);
  json ??= t;
  const size = statSync(out).size;
  console.log(
    `${format.padEnd(10)} ${t.toFixed(2).padStart(8)} ${(format === 'json' ? '' : `${t >= json ? '+' : '−'}${Math.abs(t - json).toFixed(2)}`).padStart(10)} ${`${(size / 1024).toFixed(0)} KiB`.padStart(10)} ${rss.toFixed(0).padStart(13)}`,
  );
}
