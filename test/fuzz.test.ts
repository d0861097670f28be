/**
 * Property-based tests: whatever bytes or text arrive, the importers, the classifier and the
 * Authentication-Results parser never crash, hang or allocate without bound; a file gives a
 * report with issues, or one clear ExotraceError. Seeds are fixed so CI runs are repeatable;
 * the whole file runs in a few seconds.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createCatalog } from '../src/catalog/index.js';
import { parseAuthResults } from '../src/classify/auth-results.js';
import { authVerdict } from '../src/classify/auth-verdict.js';
import { createClassifier } from '../src/classify/classifier.js';
import { clusterKey } from '../src/classify/cluster.js';
import { isExotraceError } from '../src/model/errors.js';
import { defaultLimits, type Limits } from '../src/model/limits.js';
import type { TraceEvent } from '../src/model/trace.js';
import type { DeliverySpanSink } from '../src/aggregate/delivery-span.js';
import type { Issue } from '../src/model/errors.js';
import type { InputSummary } from '../src/model/input.js';
import { parseTraceTime } from '../src/normalize/timestamps.js';
import { readExportStream } from '../src/sources/read-export.js';
import { parseDeliveryStatus } from '../src/sources/messages/bounce.js';
import { encodeText, repoRoot, sampleText } from './helpers/files.js';

const catalog = createCatalog();
const ids = new Set([...catalog.causes.map((c) => c.id), 'unknown']);
const runs = { seed: 20261123, numRuns: 150 };

interface Outcome {
  summary?: InputSummary;
  error?: string;
  events: number;
  issues: Issue[];
}

async function readBytes(bytes: Uint8Array, limits: Partial<Limits> = {}, chunkSize = 4096): Promise<Outcome> {
  const events: TraceEvent[] = [];
  const issues: Issue[] = [];
  async function* chunks() {
    for (let i = 0; i < bytes.length; i += chunkSize) yield bytes.subarray(i, i + chunkSize);
  }
  try {
    // Rows read in place come as spans, as in analyze: each must name a key and a recipient inside the text.
    let spans = 0;
    const onDeliverySpan: DeliverySpanSink = ({ text, keyStart, keyEnd, recipientStart, recipientEnd }) => {
      expect(0 <= keyStart && keyStart < keyEnd && keyEnd <= text.length).toBe(true);
      expect(0 <= recipientStart && recipientStart < recipientEnd && recipientEnd <= text.length).toBe(true);
      spans++;
    };
    const summary = await readExportStream(chunks(), 'fuzz.csv', {
      limits: { ...defaultLimits, ...limits },
      onEvent: (e) => events.push(e),
      onDeliverySpan,
      onIssue: (i) => issues.push(i),
    });
    return { summary, events: events.length + spans, issues };
  } catch (e) {
    if (!isExotraceError(e)) throw e; // anything else is a crash
    expect(e.message.length).toBeGreaterThan(10);
    return { error: e.code, events: events.length, issues };
  }
}

/** Nothing is lost silently: each rejected row has an issue with its line. */
function everyRejectedRowIsReported(out: Outcome): void {
  const rowIssues = out.issues.filter((i) => i.code.startsWith('EXO_CSV_') || i.code === 'EXO_ROW_UNUSABLE');
  expect(rowIssues.length).toBe(out.summary!.rejectedRows);
  for (const i of rowIssues) expect(i.line).toBeGreaterThanOrEqual(1);
}

const extended = sampleText('extended-report-utf16le-bom.csv');
const extendedLines = extended.split('\r\n').filter(Boolean);

describe('importers never crash', () => {
  it('on random bytes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 3000 }), async (bytes) => {
        const out = await readBytes(bytes);
        expect(out.summary !== undefined || out.error !== undefined).toBe(true);
      }),
      runs,
    );
  });

  it('on random text after a valid header, in any encoding', async () => {
    const header = extendedLines[0]!;
    await fc.assert(
      fc.asyncProperty(
        fc.string({ maxLength: 2000, unit: 'binary' }),
        fc.constantFrom('utf-8', 'utf-16le-bom', 'utf-16be', 'windows-1252' as const),
        async (body, encoding) => {
          const out = await readBytes(encodeText(`${header}\r\n${body}`, encoding));
          if (out.summary) everyRejectedRowIsReported(out);
        },
      ),
      runs,
    );
  });

  it('on a real export cut at any byte, including inside a UTF-16 character', async () => {
    const bytes = encodeText(extended, 'utf-16le-bom');
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: bytes.length }),
        fc.integer({ min: 1, max: 9000 }),
        async (cut, chunkSize) => {
          const out = await readBytes(bytes.subarray(0, cut), {}, chunkSize);
          if (out.summary) {
            expect(out.summary.rows).toBeLessThanOrEqual(extendedLines.length - 1);
            everyRejectedRowIsReported(out);
          }
        },
      ),
      { ...runs, numRuns: 60 },
    );
  });

  it('on stray quotes: each costs at most the rows it touches, the others are read', async () => {
    const rows = extendedLines.length - 1;
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.integer({ min: extendedLines[0]!.length + 2, max: extended.length - 1 }), {
          minLength: 1,
          maxLength: 4,
        }),
        async (positions) => {
          let text = extended;
          for (const p of [...positions].sort((a, b) => b - a)) text = text.slice(0, p) + '"' + text.slice(p);
          const out = await readBytes(encodeText(text, 'utf-8'));
          expect(out.summary).toBeDefined();
          const accepted = out.summary!.rows - out.summary!.rejectedRows;
          expect(accepted).toBeGreaterThanOrEqual(rows - 2 * positions.length);
          for (const issue of out.issues) expect(issue.line).toBeGreaterThan(1);
          everyRejectedRowIsReported(out);
        },
      ),
      { ...runs, numRuns: 80 },
    );
  });

  it('on a file that switches encoding half way (UTF-8 then windows-1252)', async () => {
    // The first part is longer than the sniffing window, so UTF-8 is chosen before the switch.
    const [header, ...data] = extendedLines;
    const first = [header, ...data, ...data, ...data, ...data].join('\r\n') + '\r\n';
    const bytes = Buffer.concat([
      encodeText(first, 'utf-8'),
      encodeText(data.join('\r\n').replace(/ /g, 'é'), 'windows-1252'),
    ]);
    const out = await readBytes(bytes);
    expect(out.summary!.encoding).toBe('utf-8');
    expect(out.issues.map((i) => i.code)).toContain('EXO_TEXT_INVALID_BYTES');
    expect(out.summary!.rows).toBe(5 * data.length);
  });
});

describe('the message and JSON readers never crash', () => {
  const bounce = readFileSync(join(repoRoot, 'test/fixtures/ndr/postfix-two-recipients.eml'), 'latin1');

  it('on a real bounce cut at any byte, or with random text spliced in', async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat(bounce.length), fc.string({ maxLength: 400, unit: 'binary' }), async (cut, noise) => {
        for (const text of [bounce.slice(0, cut), bounce.slice(0, cut) + noise + bounce.slice(cut)]) {
          const out = await readBytes(Buffer.from(text, 'latin1'));
          expect(out.summary !== undefined || out.error !== undefined).toBe(true);
        }
      }),
      { ...runs, numRuns: 60 },
    );
  });

  it('on random header blocks, delivery-status reports and bodies', async () => {
    const field = fc.tuple(
      fc.constantFrom(
        'From',
        'To',
        'Subject',
        'Message-ID',
        'Content-Type',
        'X-Failed-Recipients',
        'Received',
        'Final-Recipient',
        'Action',
        'Status',
        'Diagnostic-Code',
      ),
      fc.string({ maxLength: 60 }),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(field, { minLength: 2, maxLength: 12 }),
        fc.string({ maxLength: 600 }),
        async (fields, body) => {
          const text = `${fields.map(([n, v]) => `${n}: ${v.replace(/[\r\n]/g, ' ')}`).join('\r\n')}\r\nSubject: Undeliverable: x\r\nFrom: MAILER-DAEMON@example.org\r\n\r\n${body}`;
          const out = await readBytes(Buffer.from(text, 'utf8'));
          expect(out.summary !== undefined || out.error !== undefined).toBe(true);
        },
      ),
      runs,
    );
    await fc.assert(
      fc.property(fc.string({ maxLength: 800 }), (report) => void parseDeliveryStatus(report)),
      runs,
    );
  });

  it('on any JSON value, as a document or as JSON Lines', async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue({ maxDepth: 4 }), fc.boolean(), async (value, lines) => {
        const text =
          lines && Array.isArray(value) ? value.map((v) => JSON.stringify(v)).join('\n') : JSON.stringify(value);
        if (!text || !/^[[{]/.test(text)) return;
        const out = await readBytes(Buffer.from(text, 'utf8'));
        expect(out.summary !== undefined || out.error !== undefined).toBe(true);
      }),
      runs,
    );
  });
});

describe('importers bound what one cell or row may cost', () => {
  it('a 10 MB cell: the row is rejected without being buffered, the next rows are read', async () => {
    const header = extendedLines[0]!;
    const big = '"' + 'x'.repeat(10 * 1024 * 1024) + extendedLines[1]!.slice(1);
    const before = process.memoryUsage().heapUsed;
    const out = await readBytes(
      encodeText([header, big, ...extendedLines.slice(2, 6)].join('\r\n') + '\r\n', 'utf-8'),
      {},
      1 << 16,
    );
    expect(out.issues).toEqual([expect.objectContaining({ line: 2, code: 'EXO_CSV_RECORD_TOO_LARGE' })]);
    expect(out.summary!.rows - out.summary!.rejectedRows).toBe(4);
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(200 * 1024 * 1024);
  });

  it('a 10 MB quoted cell spanning lines is cut off at the limit too', async () => {
    const header = extendedLines[0]!;
    const big = '"' + 'line\n'.repeat(2 * 1024 * 1024);
    const out = await readBytes(
      encodeText([header, big, ...extendedLines.slice(2, 6)].join('\r\n') + '\r\n', 'utf-8'),
      { maxRecordLines: 100 },
      1 << 16,
    );
    expect(out.summary).toBeDefined();
    expect(out.issues[0]).toMatchObject({ line: 2, code: 'EXO_CSV_QUOTE_NOT_CLOSED' });
  });

  it('100,000 columns: one clear error for the header, a rejected row for data', async () => {
    const wide = Array.from({ length: 100_000 }, (_, i) => `c${i}`).join(',');
    expect((await readBytes(encodeText(wide + '\r\n1,2\r\n', 'utf-8'))).error).toBe('EXO_INPUT_NOT_CSV');
    const out = await readBytes(encodeText([extendedLines[0], wide, extendedLines[1]].join('\r\n') + '\r\n', 'utf-8'));
    expect(out.issues).toEqual([expect.objectContaining({ line: 2, code: 'EXO_CSV_TOO_MANY_FIELDS' })]);
    expect(out.summary!.rows - out.summary!.rejectedRows).toBe(1);
  });
});

describe('the classifier and the Authentication-Results parser never crash or hang', () => {
  const classifier = createClassifier(catalog);
  const text = fc.oneof(
    fc.string({ maxLength: 400, unit: 'grapheme' }),
    fc.string({ maxLength: 400, unit: 'binary' }),
    // text made of the pieces real failure texts are made of
    fc
      .array(
        fc.constantFrom(
          '550',
          '5.7.1',
          '4.4.7',
          ' ',
          ';',
          '[{LED=',
          '};{MSG=',
          '}]',
          "Remote Server returned '",
          "'",
          '#',
          '##',
          '<',
          '>',
          'smtp;',
          'spf=',
          'fail',
          'dmarc=',
          'action=',
          'compauth=',
          'reason=',
          '(',
          ')',
          'host x said:',
          '550-5.7.26 ',
          'mailbox',
          'relay',
          '\n',
          '\t',
          '"',
        ),
        { maxLength: 80 },
      )
      .map((parts) => parts.join('')),
  );

  it('classifies anything into a catalog id, quickly', () => {
    fc.assert(
      fc.property(text, (t) => {
        const start = performance.now();
        const v = classifier.classify(t);
        expect(ids.has(v.id)).toBe(true);
        expect(performance.now() - start).toBeLessThan(250);
        clusterKey(t);
      }),
      { ...runs, numRuns: 400 },
    );
  });

  it('parses any Authentication-Results value', () => {
    fc.assert(
      fc.property(text, (t) => {
        const v = authVerdict(parseAuthResults(t));
        expect(ids.has(v.id)).toBe(true);
      }),
      { ...runs, numRuns: 400 },
    );
  });

  it('stays fast on a very long text', () => {
    const long = '550 5.7.1 ' + 'a(b'.repeat(300_000) + ' spf=fail '.repeat(1000);
    const start = performance.now();
    classifier.classify(long);
    authVerdict(parseAuthResults(long.slice(0, 200_000)));
    expect(performance.now() - start).toBeLessThan(2000);
  });
});

describe('trace times', () => {
  it('the fast ISO reader agrees with the engine for every UTC time', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1971-01-01T00:00:00Z'), max: new Date('2099-12-31T23:59:59Z'), noInvalidDate: true }),
        fc.integer({ min: 0, max: 7 }),
        (d, digits) => {
          const iso = d.toISOString();
          const fraction = digits === 0 ? '' : '.' + (iso.slice(20, 23) + '0000').slice(0, digits);
          const s = iso.slice(0, 19) + fraction + 'Z';
          expect(parseTraceTime(s)).toBe(Date.parse(s));
        },
      ),
      runs,
    );
  });
});
