/**
 * Two builds of exotrace timed on the same files, interleaved (A, B, A, B…), each build's median
 * and peak RSS printed: how a refactoring shows it kept the speed. This machine's speed drifts
 * over minutes; interleaving puts the drift on both builds alike.
 *
 *   cp -r dist /tmp/before/dist   # with package.json and node_modules beside it
 *   npm run build
 *   node scripts/bench/compare-builds.mjs /tmp/before/dist dist --runs 5 [--threads 1] FILE...
 */
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i === -1 ? fallback : args.splice(i, 2)[1];
};
const runs = Number(option('runs', '5'));
const threads = option('threads', undefined);
const [a, b, ...files] = args;
if (!a || !b || files.length === 0) {
  console.error('usage: node scripts/bench/compare-builds.mjs DIST_A DIST_B [--runs N] [--threads N] FILE...');
  process.exit(64);
}
const preload = new URL('./peak-rss.cjs', import.meta.url).pathname;
const median = (xs) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];

function once(dist, file) {
  const extra = threads ? ['--threads', threads] : [];
  const started = process.hrtime.bigint();
  const r = spawnSync(
    process.execPath,
    ['-r', preload, join(resolve(dist), 'cli/bin.js'), 'analyze', file, '--format', 'json', ...extra],
    {
      encoding: 'utf8',
      maxBuffer: 1 << 30,
    },
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const rss = Number(/peakRssKiB=(\d+)/.exec(r.stderr)?.[1] ?? NaN) / 1024;
  if (r.status !== 0 && r.status !== 2) throw new Error(`${dist} on ${file} exited ${r.status}: ${r.stderr}`);
  return { seconds, rss };
}

for (const file of files) {
  const times = { [a]: [], [b]: [] };
  const peaks = { [a]: [], [b]: [] };
  for (let k = 0; k < runs; k++) {
    for (const dist of k % 2 === 0 ? [a, b] : [b, a]) {
      const { seconds, rss } = once(dist, file);
      times[dist].push(seconds);
      peaks[dist].push(rss);
    }
  }
  console.log(file);
  for (const dist of [a, b]) {
    const t = times[dist];
    console.log(
      `  ${dist}: median ${median(t).toFixed(2)} s (min ${Math.min(...t).toFixed(2)}, max ${Math.max(...t).toFixed(2)}), ` +
        `peak RSS ${Math.max(...peaks[dist]).toFixed(0)} MiB`,
    );
  }
}
