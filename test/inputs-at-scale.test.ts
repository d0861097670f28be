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

  it('keeps the rows of a cut-off .gz and says where it was cut, alone or beside another file', () => {
    const good = gzipSync(readFileSync(sample('get-messagetracev2-utf8.csv')));
    const cut = tmp.file('cut.csv.gz', good.subarray(0, Math.floor(good.length * 0.7)));
    const alone = runCli(['analyze', '--format', 'json', cut]);
    const beside = runCli(['analyze', '--format', 'json', cut, sample('message-headers-spoof.eml')]);
    for (const r of [alone, beside]) {
      expect(r.status).toBe(2);
      const report = JSON.parse(r.stdout);
      const input = report.inputs.find((i: { source: string }) => i.source === cut);
      expect(input).toMatchObject({ format: 'messagetrace', encoding: 'utf-8, gzip' });
      expect(input.rows).toBeGreaterThan(20);
      expect(report.issues).toEqual([
        expect.objectContaining({ source: cut, code: 'EXO_INPUT_TRUNCATED', line: expect.any(Number) }),
      ]);
      expect(report.issues[0].message).toMatch(/the compressed file ends early/);
    }
    const a = JSON.parse(alone.stdout);
    const b = JSON.parse(beside.stdout);
    expect(b.totals.deliveries).toBe(a.totals.deliveries + 1);
    // damaged from the first byte on: nothing to read, said in one sentence
    const broken = runCli([
      'analyze',
      tmp.file('broken.csv.gz', Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 0xff, 0xff, 0xff, 0xff])),
    ]);
    expect(broken.status).toBe(1);
    expect(broken.stderr).toMatch(/broken\.csv\.gz: nothing could be read from it: the compressed data is damaged/);
  });

  it('reads standard input for -, next to files', () => {
    const r = runCli(['analyze', '--format', 'json', '-', sample('message-headers-spoof.eml')], {
      input: readFileSync(sample('get-messagetracev2-utf8.csv'), 'utf8'),
    });
    expect(r.status).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.inputs.map((i: { source: string; format: string }) => `${i.source}:${i.format}`)).toEqual([
      'stdin:messagetrace',
      `${sample('message-headers-spoof.eml')}:headers`,
    ]);
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
    const p = createProgressReporter(
      (s) => out.push(s),
      () => now,
      500,
    );
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
    const p = createProgressReporter(
      (s) => out.push(s),
      () => 0,
      500,
    );
    p.onProgress({ source: 'small.csv', bytesRead: 1 });
    p.done();
    expect(out).toEqual([]);
  });
});
