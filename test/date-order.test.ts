/**
 * Windows PowerShell writes dates in the culture of the machine: a file's dates are day-first or
 * month-first as a whole, decided once per file and applied to every row and every thread, so a
 * day-first export folds exactly as its ISO twin.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createCatalog } from '../src/catalog/index.js';
import { createClassifier } from '../src/classify/classifier.js';
import { defaultLimits } from '../src/model/limits.js';
import type { Report } from '../src/model/report.js';
import { createDateOrderDetector } from '../src/normalize/date-order.js';
import { parseTraceTime } from '../src/normalize/timestamps.js';
import { analyzeSources } from '../src/pipeline/analyze.js';
import { fileSource } from '../src/sources/file-source.js';
import { reportDocument } from '../src/render/json.js';
import { expectValidReport } from './helpers/report-schema.js';
import { planRanges } from '../src/threads/plan-ranges.js';
import { fixedNow } from './helpers/analyze.js';
import { runCli } from './helpers/cli.js';
import { encodeText, repoRoot, tempDir } from './helpers/files.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

const rangeWorker = pathToFileURL(join(repoRoot, 'dist/threads/range-worker.js'));

async function analyzeWith(
  paths: string[],
  options: { threads?: number; dateOrder?: 'dmy' | 'mdy' } = {},
): Promise<Report> {
  const catalog = createCatalog();
  const { report } = await analyzeSources(
    paths.map(fileSource),
    { catalog, classifier: createClassifier(catalog), limits: defaultLimits, now: fixedNow },
    {
      threads: options.threads ?? 1,
      rangeWorker,
      minRangeBytes: 64 * 1024,
      ...(options.dateOrder ? { dateOrder: options.dateOrder } : {}),
    },
  );
  expectValidReport(reportDocument(report));
  return report;
}

const DETAIL_HEADER = [
  'PSComputerName',
  'RunspaceId',
  'PSShowComputerName',
  'Organization',
  'MessageId',
  'MessageTraceId',
  'Date',
  'Event',
  'Action',
  'Detail',
  'Data',
  'StartDate',
  'EndDate',
  'RecipientAddress',
  'SenderAddress',
];

interface DetailRow {
  at: string; // ISO
  event: string;
  detail: string;
  trace: string;
  recipient: string;
}

/** A date as Windows PowerShell writes it under a culture. */
function written(iso: string, culture: 'iso' | 'en-GB' | 'de-DE' | 'en-US' | 'nl-NL'): string {
  const d = new Date(iso);
  const p = (n: number) => String(n).padStart(2, '0');
  const [day, month, year, h, m, s] = [
    d.getUTCDate(),
    d.getUTCMonth() + 1,
    d.getUTCFullYear(),
    d.getUTCHours(),
    d.getUTCMinutes(),
    d.getUTCSeconds(),
  ];
  switch (culture) {
    case 'iso':
      return iso.replace(/\.\d+Z$/, '');
    case 'en-GB':
      return `${p(day)}/${p(month)}/${year} ${p(h)}:${p(m)}:${p(s)}`;
    case 'de-DE':
      return `${p(day)}.${p(month)}.${year} ${p(h)}:${p(m)}:${p(s)}`;
    case 'nl-NL':
      return `${day}-${month}-${year} ${p(h)}:${p(m)}:${p(s)}`;
    case 'en-US':
      return `${month}/${day}/${year} ${h % 12 || 12}:${p(m)}:${p(s)} ${h < 12 ? 'AM' : 'PM'}`;
  }
}

/** Get-MessageTraceDetailV2 | Export-Csv under Windows PowerShell 5.1: #TYPE line, every field quoted. */
function detailExport(rows: readonly DetailRow[], culture: Parameters<typeof written>[1], delimiter = ','): string {
  const q = (v: string) => `"${v.replace(/"/g, '""')}"`;
  const lines = [
    '#TYPE Deserialized.Microsoft.Exchange.Management.FfoReporting.MessageTraceDetail',
    DETAIL_HEADER.map(q).join(delimiter),
  ];
  for (const r of rows) {
    const values = [
      'outlook.office365.com',
      '6f1a2b3c-0000-4000-8000-000000000001',
      'False',
      'contoso.onmicrosoft.com',
      `<${r.trace}@contoso.com>`,
      r.trace,
      written(r.at, culture),
      r.event,
      '',
      r.detail,
      '',
      written('2025-09-01T00:00:00.000Z', culture),
      written('2025-09-20T00:00:00.000Z', culture),
      r.recipient,
      'alex@contoso.com',
    ];
    lines.push(values.map(q).join(delimiter));
  }
  return lines.join('\r\n') + '\r\n';
}

const trace = (n: number) => `0a1b2c3d-0000-4000-8000-${String(n).padStart(12, '0')}`;

/** Receive, Defer, Fail over midnight of 12 to 13 September: day-first, 12/09 and 13/09. */
function sequence(n: number, startIso: string): DetailRow[] {
  const t = Date.parse(startIso);
  const at = (minutes: number) => new Date(t + minutes * 60_000).toISOString();
  const recipient = `user${n}@fabrikam.com`;
  return [
    {
      at: at(0),
      event: 'Receive',
      detail: 'Message received by: AM0PR04MB1234.eurprd04.prod.outlook.com',
      trace: trace(n),
      recipient,
    },
    {
      at: at(5),
      event: 'Defer',
      detail: 'Reason: [{LED=451 4.4.0 DNS query failed};{MSG=};{FQDN=};{IP=};{LRT=}]',
      trace: trace(n),
      recipient,
    },
    {
      at: at(25),
      event: 'Fail',
      detail: 'Reason: [{LED=550 4.4.7 QUEUE.Expired; message expired};{MSG=};{FQDN=};{IP=};{LRT=}]',
      trace: trace(n),
      recipient,
    },
  ];
}

const comparable = (r: Report) => ({
  totals: r.totals,
  period: r.period,
  causes: r.causes.map((c) => [c.id, c.count]),
  pending: r.pendingCauses?.map((c) => [c.id, c.count]),
  issues: r.issues,
});

describe('a file’s date order', () => {
  const rows = [...sequence(1, '2025-09-12T23:50:00.000Z'), ...sequence(2, '2025-09-12T23:40:00.000Z')];

  it.each(['en-GB', 'de-DE', 'nl-NL', 'en-US'] as const)(
    'a %s export folds exactly as its ISO twin',
    async (culture) => {
      const iso = tmp.file(`iso-${culture}.csv`, encodeText(detailExport(rows, 'iso'), 'utf-8'));
      const local = tmp.file(
        `${culture}.csv`,
        encodeText(detailExport(rows, culture, culture === 'de-DE' ? ';' : ','), 'utf-8'),
      );
      const a = await analyzeWith([iso]);
      const b = await analyzeWith([local]);
      expect(a.totals).toMatchObject({ failed: 2, pending: 0 });
      expect(comparable(b)).toEqual(comparable(a));
      expect(b.inputs[0]!.dates).toMatchObject({ order: culture === 'en-US' ? 'mdy' : 'dmy', basis: 'evidence' });
      expect(b.notes.join(' ')).not.toMatch(/--date-order/);
    },
  );

  it('reads 12/09 as 12 September in a file that also has 13/09, whichever comes first (it used to fold to pending)', async () => {
    const late = [...rows].reverse();
    const report = await analyzeWith([tmp.file('reversed.csv', detailExport(late, 'en-GB'))]);
    expect(report.totals).toMatchObject({ failed: 2, pending: 0 });
    expect(report.period).toEqual({ start: '2025-09-12T23:40:00.000Z', end: '2025-09-13T00:15:00.000Z' });
  });

  it('says when nothing in the file settles the order, and how to state it', async () => {
    // all in the first days of a month: 05/09 could be 5 September or 9 May
    const early = [...sequence(3, '2025-09-05T10:00:00.000Z')];
    const file = tmp.file('ambiguous.csv', detailExport(early, 'en-GB'));
    const assumed = await analyzeWith([file]);
    expect(assumed.inputs[0]!.dates).toMatchObject({ order: 'dmy', basis: 'assumed', example: '05/09/2025 10:00:00' });
    expect(assumed.notes.join(' ')).toMatch(
      /ambiguous\.csv: no date in the file tells whether a date like 05\/09\/2025 10:00:00 is day or month first; exotrace read them day first .* run again with --date-order mdy/,
    );
    expect(assumed.period!.start).toBe('2025-09-05T10:00:00.000Z');
    const stated = await analyzeWith([file], { dateOrder: 'mdy' });
    expect(stated.inputs[0]!.dates).toEqual({ order: 'mdy', basis: 'stated' });
    expect(stated.period!.start).toBe('2025-05-09T10:00:00.000Z');
    expect(stated.notes.join(' ')).not.toMatch(/--date-order/);
    // the command line takes it too
    const r = runCli(['analyze', '--format', 'json', '--date-order', 'mdy', file]);
    expect(JSON.parse(r.stdout).period.start).toBe('2025-05-09T10:00:00.000Z');
  });

  it('assumes month-first for 12-hour times with AM/PM, as en-US writes them', async () => {
    const report = await analyzeWith([
      tmp.file('us-ambiguous.csv', detailExport(sequence(4, '2025-09-05T10:00:00.000Z'), 'en-US')),
    ]);
    expect(report.inputs[0]!.dates).toMatchObject({ order: 'mdy', basis: 'assumed' });
    expect(report.period!.start).toBe('2025-09-05T10:00:00.000Z');
  });

  it('reports a date the settled order cannot read, once, with its line', async () => {
    // the first fail (13/09 00:15, row 4) settles day-first; the second fail is written month-first
    const text = detailExport(rows, 'en-GB').replace(/"13\/09\/2025 00:05:00"/, '"09/13/2025 00:05:00"');
    const report = await analyzeWith([tmp.file('mixed.csv', text)]);
    const conflicts = report.issues.filter((i) => i.code === 'EXO_DATE_ORDER_CONFLICT');
    expect(conflicts).toHaveLength(1);
    expect(conflicts[0]!.message).toMatch(
      /the date "09\/13\/2025 00:05:00" cannot be read day first, the order this file.s dates were read in \(as 13\/09\/2025 00:15:00 on line 5 shows\)/,
    );
    expect(conflicts[0]!.line).toBe(text.split('\r\n').findIndex((l) => l.includes('09/13/2025')) + 1);
  });

  it('applies the order to every thread of a large file, settled by its first rows or not', async () => {
    const many = Array.from({ length: 600 }, (_, i) =>
      sequence(100 + i, new Date(Date.parse('2025-09-12T23:30:00.000Z') + (i % 40) * 60_000).toISOString()),
    ).flat();
    // the first 2 MB of rows (3 September) settle nothing; later ones do
    const ambiguous = Array.from({ length: 2500 }, (_, i) => sequence(5000 + i, '2025-09-03T08:00:00.000Z')).flat();
    for (const [name, list, planned] of [
      ['large-settled.csv', many, true],
      ['large-late.csv', [...ambiguous, ...many], false],
    ] as const) {
      const file = tmp.file(name, detailExport(list, 'en-GB'));
      // settled by the head: cut into ranges that read the dates alike; else read by one reader, which settles as it
      // goes
      const plan = await planRanges(file, statSync(file).size, 4, 64 * 1024, defaultLimits);
      expect(plan !== undefined).toBe(planned);
      if (plan) expect(plan.dates).toMatchObject({ order: 'dmy', basis: 'evidence' });
      const one = await analyzeWith([file], { threads: 1 });
      const four = await analyzeWith([file], { threads: 4 });
      expect(one.totals.failed).toBe(list.length / 3);
      expect(one.totals.pending).toBe(0);
      expect({ ...four, generatedAt: '' }).toEqual({ ...one, generatedAt: '' });
    }
  });
});

describe('the date order detector', () => {
  it('takes a first number above 12 as a day, a second above 12 as a day too, a dotted date as day-first', () => {
    for (const [value, order] of [
      ['13/09/2025 10:00:00', 'dmy'],
      ['09/13/2025 10:00:00', 'mdy'],
      ['05.09.2025 10:00:00', 'dmy'],
      ['1/21/2025 3:45:12 AM', 'mdy'],
    ] as const) {
      const d = createDateOrderDetector();
      expect(d.observe(value, 7)).toBe(true);
      expect(d.decide()).toEqual({ order, basis: 'evidence', example: value, line: 7 });
    }
    const d = createDateOrderDetector();
    expect(d.observe('2025-09-13T10:00:00Z', 1)).toBe(false);
    expect(d.observe('', 2)).toBe(false);
    expect(d.sawLocaleDates).toBe(false);
  });

  it('reads a locale date in the order given, and refuses a date that order cannot read', () => {
    expect(parseTraceTime('12/09/2025 13:05:00', 'dmy')).toBe(Date.parse('2025-09-12T13:05:00Z'));
    expect(parseTraceTime('12/09/2025 13:05:00', 'mdy')).toBe(Date.parse('2025-12-09T13:05:00Z'));
    expect(parseTraceTime('13/09/2025 13:05:00', 'mdy')).toBeUndefined();
    expect(parseTraceTime('31/04/2025 13:05:00', 'dmy')).toBeUndefined();
    expect(parseTraceTime('12-9-2025 13:05', 'dmy')).toBe(Date.parse('2025-09-12T13:05:00Z'));
  });
});
