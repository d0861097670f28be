/** Many files, .csv.gz streamed, standard input, and progress that stays out of the report. */
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { createProgressReporter } from '../src/cli/progress.js';
import { runCli } from './helpers/cli.js';
import { sample, tempDir } from './helpers/files.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

describe('inputs at scale', () => {
  it('reads a .csv.gz by its content, whatever its name', () => {
    const gz = tmp.file('trace.bin', gzipSync(readFileSync(sample('extended-report-utf16le-bom.csv'))));
    const r = runCli(['analyze', '--format', 'json', gz]);
    expect(r.status).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.inputs[0]).toMatchObject({ format: 'extended-report', encoding: 'utf-16le (BOM), gzip', rows: 104 });
    expect(report.totals.failed).toBe(14);
  });

  it('says so when a gzip file is damaged', () => {
    const good = gzipSync(readFileSync(sample('get-messagetracev2-utf8.csv')));
    const r = runCli(['analyze', tmp.file('cut.csv.gz', good.subarray(0, good.length - 40))]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/cut\.csv\.gz starts like a gzip file but cannot be decompressed/);
  });

  it('reads standard input for -, next to files', () => {
    const r = runCli(['analyze', '--format', 'json', '-', sample('message-headers-spoof.eml')], { input: readFileSync(sample('get-messagetracev2-utf8.csv'), 'utf8') });
    expect(r.status).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.inputs.map((i: { source: string; format: string }) => `${i.source}:${i.format}`)).toEqual(['stdin:messagetrace', `${sample('message-headers-spoof.eml')}:headers`]);
  });

  it('keeps progress off standard output and off non-terminals', () => {
    const r = runCli(['analyze', '--format', 'json', sample('extended-report-utf16le-bom.csv')]);
    expect(r.stderr).toBe('');
    expect(() => JSON.parse(r.stdout)).not.toThrow();
  });
});

describe('progress reporter', () => {
  it('updates at most every interval, shows share and size, and erases itself', () => {
    const out: string[] = [];
    let now = 0;
    const p = createProgressReporter((s) => out.push(s), () => now, 500);
    p.onProgress({ source: 'big.csv', bytesRead: 10 << 20, totalBytes: 100 << 20 });
    now = 400;
    p.onProgress({ source: 'big.csv', bytesRead: 20 << 20, totalBytes: 100 << 20 });
    now = 1000;
    p.onProgress({ source: 'big.csv', bytesRead: 50 << 20, totalBytes: 100 << 20 });
    p.done();
    expect(out).toEqual(['\r\x1b[Kreading big.csv: 50%, 50 of 100 MB, 1 s', '\r\x1b[K']);
  });

  it('writes nothing for a read shorter than the interval', () => {
    const out: string[] = [];
    const p = createProgressReporter((s) => out.push(s), () => 0, 500);
    p.onProgress({ source: 'small.csv', bytesRead: 1 });
    p.done();
    expect(out).toEqual([]);
  });
});
