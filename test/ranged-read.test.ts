/**
 * A large export read on several threads gives the report one thread gives: same counts, same
 * first examples, same issues at the same lines. Real files, real worker threads (the built
 * range reader in dist/, which `npm test` builds first).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCatalog } from '../src/catalog/index.js';
import { createClassifier } from '../src/classify/classifier.js';
import { defaultLimits } from '../src/model/limits.js';
import type { Report } from '../src/model/report.js';
import { analyzeSources, MIN_RANGE_BYTES } from '../src/pipeline/analyze.js';
import { fileSource } from '../src/sources/file-source.js';
import { reportDocument } from '../src/render/json.js';
import { expectValidReport } from './helpers/report-schema.js';
import { planRanges } from '../src/threads/plan-ranges.js';
import { runCli } from './helpers/cli.js';
import { encodeText, repoRoot, tempDir } from './helpers/files.js';
import { fixedNow } from './helpers/analyze.js';
// @ts-expect-error plain ESM module shared with the benchmark
import { writeSyntheticTrace } from '../scripts/bench/generate-trace.mjs';

const rangeWorker = pathToFileURL(join(repoRoot, 'dist/threads/range-worker.js'));
const MIN_RANGE = 128 * 1024;

async function analyzeWith(paths: string[], threads: number): Promise<Report> {
  const catalog = createCatalog();
  const { report } = await analyzeSources(
    paths.map(fileSource),
    { catalog, classifier: createClassifier(catalog), limits: defaultLimits, now: fixedNow },
    { threads, rangeWorker, minRangeBytes: MIN_RANGE },
  );
  expectValidReport(reportDocument(report));
  return report;
}

const tmp = tempDir();
let utf8: string;
let utf16: string;
let damaged: string;
let withAuth: string;

/** Rows that cannot be read, spread over the file so that every range gets some. */
function damage(text: string): string {
  const lines = text.split('\r\n');
  const width = lines[0]!.split(',').length;
  for (const share of [0.15, 0.4, 0.65, 0.9]) {
    const at = Math.floor(lines.length * share);
    // a row with too few fields, and one whose quote never closes (it must cost only itself)
    lines.splice(at, 0, 'broken,row', `2026-11-02T10:00:00.000Z,"unclosed${',x'.repeat(width - 2)}`);
  }
  return lines.join('\r\n');
}

beforeAll(async () => {
  utf8 = join(tmp.dir, 'extended-utf8.csv');
  await writeSyntheticTrace(utf8, 12_000, 'utf-8', 7);
  utf16 = join(tmp.dir, 'extended-utf16le.csv');
  await writeSyntheticTrace(utf16, 12_000, 'utf-16le', 7);
  damaged = tmp.file('damaged.csv', encodeText(damage(readFileSync(utf8, 'utf8')), 'utf-8-bom'));
  withAuth = join(tmp.dir, 'extended-auth.csv');
  await writeSyntheticTrace(withAuth, 12_000, 'utf-8', 7, 'minimal', { auth: true });
}, 60_000);
afterAll(() => tmp.cleanup());

const withoutTime = (r: Report) => ({ ...r, generatedAt: '' });

describe('reading one file on several threads', () => {
  it('cuts the synthetic exports into ranges at row starts', async () => {
    for (const file of [utf8, utf16]) {
      const size = readFileSync(file).length;
      const plan = await planRanges(file, size, 4, MIN_RANGE, defaultLimits);
      expect(plan?.starts.length).toBe(4);
      const text = readFileSync(file);
      for (const start of plan!.starts.slice(1)) {
        // every cut follows a line break and starts a dated row
        const before =
          file === utf16
            ? text.subarray(start - 2, start).toString('utf16le')
            : text.subarray(start - 1, start).toString('utf8');
        const after =
          file === utf16
            ? text.subarray(start, start + 8).toString('utf16le')
            : text.subarray(start, start + 4).toString('utf8');
        expect(before).toBe('\n');
        expect(after).toBe('2026');
      }
    }
  });

  it.each([
    ['UTF-8', () => utf8],
    ['UTF-16LE with BOM', () => utf16],
  ])('gives the one-thread report for a %s export', async (_name, file) => {
    const one = await analyzeWith([file()], 1);
    const four = await analyzeWith([file()], 4);
    expect(one.totals.failed).toBeGreaterThan(100);
    expect(one.causes.length).toBeGreaterThan(5);
    expect(withoutTime(four)).toEqual(withoutTime(one));
  });

  it('gives the one-thread report when a third of the rows have no time, final events among them', async () => {
    const lines = readFileSync(utf8, 'utf8').split('\r\n');
    const blanked = lines.map((l, i) => (i > 0 && i % 3 === 0 ? l.replace(/^2026-[^,]*/, '') : l)).join('\r\n');
    const file = tmp.file('missing-times.csv', blanked);
    const one = await analyzeWith([file], 1);
    const four = await analyzeWith([file], 4);
    expect(one.totals.failed).toBeGreaterThan(100);
    expect(withoutTime(four)).toEqual(withoutTime(one));
  });

  it('counts authentication results once per message, whichever thread read them', async () => {
    const one = await analyzeWith([withAuth], 1);
    const four = await analyzeWith([withAuth], 4);
    // about 45% of the messages are inbound and carry results; one domain of eight fails DMARC
    expect(one.authentication!.messages).toBeGreaterThan(0.4 * one.totals.messages);
    const adatum = one.authentication!.domains.find((d) => d.domain === 'adatum.com')!;
    expect(adatum.dmarc).toEqual({ fail: adatum.messages });
    expect(one.authentication!.domains.find((d) => d.domain === 'fabrikam.com')!.dmarc).toHaveProperty('pass');
    expect(withoutTime(four)).toEqual(withoutTime(one));
    // and a message read by two threads (its rows in two files) is counted once
    const twice = await analyzeWith([withAuth, withAuth], 2);
    expect(twice.authentication!.messages).toBe(one.authentication!.messages);
  });

  it('reports damaged rows with the same lines as one thread does', async () => {
    const one = await analyzeWith([damaged], 1);
    const three = await analyzeWith([damaged], 3);
    expect(one.issues.length).toBe(8);
    expect(withoutTime(three)).toEqual(withoutTime(one));
    // physical lines: subjects hold bare line feeds inside quotes
    const lines = readFileSync(damaged, 'utf8').split('\n');
    for (const issue of three.issues) expect(lines[issue.line! - 1]).toMatch(/^broken,row\r$|unclosed/);
  });

  it('keeps a message whose events are in two files one message', async () => {
    const one = await analyzeWith([utf8, utf16], 1);
    const two = await analyzeWith([utf8, utf16], 2);
    expect(withoutTime(two)).toEqual(withoutTime(one));
    expect(two.totals.messages).toBe((await analyzeWith([utf8], 1)).totals.messages);
  });

  it('reads on where a cut falls inside a quoted field that holds whole rows', async () => {
    // Every subject carries lines that read as complete rows on their own, so the planner's cuts
    // land inside quoted fields; the reader before each cut must notice and read on.
    const header = readFileSync(utf8, 'utf8').split('\r\n')[0]!;
    const columns = header.split(',');
    const row = (i: number, subject: string, event: string, status: string) =>
      columns
        .map((c) => {
          if (c === 'date_time_utc') return `2026-11-03T08:${String(i % 60).padStart(2, '0')}:00.000Z`;
          if (c === 'event_id') return event;
          if (c === 'network_message_id') return `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
          if (c === 'recipient_address') return `user${i}@contoso.com`;
          if (c === 'recipient_status') return status;
          if (c === 'message_subject') return subject;
          if (c === 'sender_address') return 'alerts@fabrikam.com';
          return '';
        })
        .join(',');
    const fake = row(999_999, 'fake', 'DELIVER', '250 2.0.0 OK');
    const out: string[] = [header];
    for (let i = 0; i < 3000; i++) {
      out.push(
        row(
          i,
          `"Report ${i}\n${fake}\n${fake}\n${fake}"`,
          'FAIL',
          '550 5.1.10 RESOLVER.ADR.RecipientNotFound; not found',
        ),
      );
    }
    const file = tmp.file('embedded-rows.csv', out.join('\r\n') + '\r\n');
    const plan = await planRanges(file, readFileSync(file).length, 4, MIN_RANGE, defaultLimits);
    expect(plan?.starts.length).toBeGreaterThan(1);
    const one = await analyzeWith([file], 1);
    const four = await analyzeWith([file], 4);
    expect(one.totals).toMatchObject({ messages: 3000, failed: 3000, delivered: 0 });
    expect(withoutTime(four)).toEqual(withoutTime(one));
  });

  it('leaves small, compressed and header-only inputs to one reader', async () => {
    const small = join(repoRoot, 'samples/extended-report-utf16le-bom.csv');
    expect(await planRanges(small, readFileSync(small).length, 4, MIN_RANGE, defaultLimits)).toBeUndefined();
    const zipped = tmp.file('big.csv.gz', gzipSync(readFileSync(utf8)));
    expect(await planRanges(zipped, readFileSync(zipped).length, 4, 1024, defaultLimits)).toBeUndefined();
    const eml = join(repoRoot, 'samples/message-headers-spoof.eml');
    expect(await planRanges(eml, readFileSync(eml).length, 4, 1024, defaultLimits)).toBeUndefined();
  });
});

describe('the --threads option', () => {
  it('gives the same JSON report on one thread and on several for an export large enough to cut', async () => {
    // Past twice MIN_RANGE_BYTES, so that the command line really cuts it.
    const large = join(tmp.dir, 'large-utf16le.csv');
    await writeSyntheticTrace(large, 140_000, 'utf-16le', 11);
    const size = readFileSync(large).length;
    expect(size).toBeGreaterThan(2 * MIN_RANGE_BYTES);
    expect((await planRanges(large, size, 2, MIN_RANGE_BYTES, defaultLimits))?.starts.length).toBe(2);
    const one = runCli(['analyze', large, '--format', 'json', '--threads', '1']);
    const two = runCli(['analyze', large, '--format', 'json', '--threads', '2']);
    expect(one.status).toBe(0);
    expect(two.status).toBe(0);
    expect({ ...JSON.parse(two.stdout), generatedAt: '' }).toEqual({ ...JSON.parse(one.stdout), generatedAt: '' });
  }, 60_000);

  it('refuses a count that is not a whole number from 1 to 64', () => {
    for (const bad of ['0', '1.5', 'many', '65']) {
      const r = runCli(['analyze', utf8, '--threads', bad]);
      expect(r.status).toBe(64);
      expect(r.stderr).toMatch(/--threads|threads/);
    }
  });
});
