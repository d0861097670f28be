/**
 * Writes the text and JSON reports of one build of exotrace for a set of inputs, so that two
 * builds can be compared byte for byte (`diff -r`): the proof that a refactoring changed no answer.
 * The generation time is the only line that differs between runs; it is blanked.
 *
 *   node scripts/report-snapshot.mjs DIST OUTDIR [--threads N] FILE...
 *   cp -r dist /tmp/before-dist   # before the change
 *   node scripts/report-snapshot.mjs /tmp/before-dist /tmp/before samples/* test/fixtures/ndr/*
 *   node scripts/report-snapshot.mjs dist /tmp/after samples/* test/fixtures/ndr/*
 *   diff -r /tmp/before /tmp/after
 *
 * Every file is analyzed alone, and all of them together once.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';

const args = process.argv.slice(2);
const threadsAt = args.indexOf('--threads');
const threads = threadsAt === -1 ? undefined : args.splice(threadsAt, 2)[1];
const [dist, outDir, ...files] = args;
if (!dist || !outDir || files.length === 0) {
  console.error('usage: node scripts/report-snapshot.mjs DIST OUTDIR [--threads N] FILE...');
  process.exit(64);
}
mkdirSync(outDir, { recursive: true });
const bin = join(resolve(dist), 'cli/bin.js');
const blankTime = (s) => s.replace(/("generatedAt": ")[^"]*"/, '$1"').replace(/(exotrace report, generated ).*/, '$1');

function snapshot(name, inputs) {
  for (const format of ['text', 'json']) {
    const extra = threads ? ['--threads', threads] : [];
    const r = spawnSync(process.execPath, [bin, 'analyze', ...inputs, '--format', format, ...extra], {
      encoding: 'utf8',
      maxBuffer: 1 << 30,
      env: { ...process.env, NO_COLOR: '1' },
    });
    const body = `exit ${r.status}\n--- stdout\n${blankTime(r.stdout)}\n--- stderr\n${r.stderr}`;
    writeFileSync(join(outDir, `${name}.${format}.txt`), body);
  }
}

for (const file of files) snapshot(basename(file), [file]);
if (files.length > 1) snapshot('ALL', files);
