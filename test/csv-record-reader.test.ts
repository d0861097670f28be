import { parse as csvParseSync } from 'csv-parse/sync';
import { parse as csvParseStream } from 'csv-parse';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultLimits, type Limits } from '../src/model/limits.js';
import fc from 'fast-check';
import { createCsvRecordReader, sniffDelimiter } from '../src/sources/csv/record-reader.js';
import { fieldsOf } from '../src/sources/formats/layout.js';

interface Read {
  header: string[];
  delimiter: string;
  records: Array<{ line: number; fields: string[] }>;
  rejects: Array<{ line: number; code: string }>;
}

/**
 * Feeds text in chunks of `chunk` characters, as a stream would. `inPlace`: the sink takes rows
 * given in place too (as analyze's does) and cuts them into fields; either way the records read
 * must be the same.
 */
function read(text: string, chunk = 7, limits: Partial<Limits> = {}, inPlace = IN_PLACE): Read {
  const out: Read = { header: [], delimiter: '', records: [], rejects: [] };
  const reader = createCsvRecordReader(
    {
      header: (fields, _line, d) => {
        out.header = fields;
        out.delimiter = d;
      },
      record: (fields, line) => out.records.push({ line, fields }),
      reject: (line, code) => out.rejects.push({ line, code }),
      ...(inPlace
        ? {
            recordSpan: (text: string, bounds: Int32Array, line: number) =>
              out.records.push({ line, fields: fieldsOf(text, bounds, bounds.length / 2) }),
          }
        : {}),
    },
    { ...defaultLimits, ...limits },
  );
  for (let i = 0; i < text.length; i += chunk) reader.push(text.slice(i, i + chunk));
  reader.end();
  return out;
}

// Every test below runs twice: rows cut into fields by the reader, and rows given in place.
let IN_PLACE = false;

describe.each([
  ['cut into fields', false],
  ['given in place', true],
])('CSV record reader, rows %s', (_mode, inPlace) => {
  beforeEach(() => {
    IN_PLACE = inPlace;
  });
  afterEach(() => {
    IN_PLACE = false;
  });

  it('reads quoted fields with doubled quotes, delimiters and line breaks, with start lines', () => {
    const r = read('a,b,c\r\n1,"x, ""y""",z\r\n2,"line one\r\nline two",w\r\n3,,\r\n');
    expect(r.header).toEqual(['a', 'b', 'c']);
    expect(r.records).toEqual([
      { line: 2, fields: ['1', 'x, "y"', 'z'] },
      { line: 3, fields: ['2', 'line one\nline two', 'w'] },
      { line: 5, fields: ['3', '', ''] },
    ]);
    expect(r.rejects).toEqual([]);
  });

  it('skips a #TYPE line and blank lines, reads an on-prem #Fields: header', () => {
    expect(read('#TYPE Deserialized.X\n"A","B"\n\n"1","2"\n').records).toEqual([{ line: 4, fields: ['1', '2'] }]);
    const onPrem = read(
      '#Software: Microsoft Exchange Server\n#Version: 15.0.0.0\n#Fields: date-time,event-id\n2017-05-22T17:33:35.632Z,AGENTINFO\n',
    );
    expect(onPrem.header).toEqual(['date-time', 'event-id']);
    expect(onPrem.records).toEqual([{ line: 4, fields: ['2017-05-22T17:33:35.632Z', 'AGENTINFO'] }]);
  });

  it('sniffs tab and semicolon delimiters from the header', () => {
    expect(read('a\tb\n1\t2\n').records[0]!.fields).toEqual(['1', '2']);
    expect(read('a;b\n1;2\n').delimiter).toBe(';');
    expect(sniffDelimiter('"date,time","x";"y";"z"')).toBe(';');
  });

  it('accepts a trailing delimiter on every row, rejects a row with a different field count', () => {
    expect(read('a,b,\n1,2,\n').records).toEqual([{ line: 2, fields: ['1', '2'] }]);
    const r = read('a,b,c\n1,2,3\n4,5\n6,7,8,9\n10,11,12\n');
    expect(r.records.map((x) => x.line)).toEqual([2, 5]);
    expect(r.rejects).toEqual([
      { line: 3, code: 'EXO_CSV_FIELD_COUNT' },
      { line: 4, code: 'EXO_CSV_FIELD_COUNT' },
    ]);
  });

  it('loses only the row with an unbalanced quote when the quote never closes', () => {
    const r = read('a,b,c\n1,2,3\n4,"broken,6\n7,8,9\n10,11,12\n');
    expect(r.rejects).toEqual([{ line: 3, code: 'EXO_CSV_QUOTE_NOT_CLOSED' }]);
    expect(r.records.map((x) => x.fields[0])).toEqual(['1', '7', '10']);
    expect(r.records.map((x) => x.line)).toEqual([2, 4, 5]);
  });

  it('loses only the row with an unbalanced quote when a later quote closes it', () => {
    const r = read('a,b,c\n1,"x,y\n2,3,4\n5,"q",6\n7,8,9\n');
    expect(r.rejects[0]).toEqual({ line: 2, code: 'EXO_CSV_BAD_QUOTE' });
    expect(r.records.map((x) => x.fields)).toEqual([
      ['2', '3', '4'],
      ['5', 'q', '6'],
      ['7', '8', '9'],
    ]);
  });

  it('keeps a quote inside an unquoted field as text', () => {
    expect(read('a,b\n5 1/2",x\n').records[0]!.fields).toEqual(['5 1/2"', 'x']);
  });

  it('rejects text after a closing quote on one line, and goes on', () => {
    const r = read('a,b\n"q"w,1\n2,3\n');
    expect(r.rejects).toEqual([{ line: 2, code: 'EXO_CSV_BAD_QUOTE' }]);
    expect(r.records).toEqual([{ line: 3, fields: ['2', '3'] }]);
  });

  it('caps a quoted field that runs on for too many lines, and re-reads what followed', () => {
    const rows = Array.from({ length: 30 }, (_, i) => `${i},v${i}`).join('\n');
    const r = read(`a,b\n"open,x\n${rows}\n`, 64, { maxRecordLines: 5 });
    expect(r.rejects[0]).toEqual({ line: 2, code: 'EXO_CSV_QUOTE_NOT_CLOSED' });
    expect(r.records).toHaveLength(30);
  });

  it('rejects an oversized line without buffering it, and reads the next rows', () => {
    const r = read(`a,b\n1,${'x'.repeat(5000)}\n2,3\n`, 100, { maxRecordChars: 1000 });
    expect(r.rejects).toEqual([{ line: 2, code: 'EXO_CSV_RECORD_TOO_LARGE' }]);
    expect(r.records).toEqual([{ line: 3, fields: ['2', '3'] }]);
  });

  it('rejects a row with more fields than allowed', () => {
    const r = read(`a,b\n${Array.from({ length: 50 }, () => 'x').join(',')}\n1,2\n`, 7, { maxFields: 10 });
    expect(r.rejects).toEqual([{ line: 2, code: 'EXO_CSV_TOO_MANY_FIELDS' }]);
    expect(r.records).toHaveLength(1);
  });
});

describe('against csv-parse, the reference', () => {
  // A deterministic generator of well-formed CSV with every quoting case.
  function* randomRows(seed: number, count: number, width: number): Generator<string[]> {
    let s = seed;
    const rnd = () => (s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    const pieces = [
      'plain',
      'with, comma',
      'say "hi"',
      'two\nlines',
      '',
      ' spaced ',
      'ünïcødé 📈',
      '=SUM(A1)',
      ';semi;',
      '\ttab',
    ];
    for (let i = 0; i < count; i++)
      yield Array.from(
        { length: width },
        () => pieces[Math.floor(rnd() * pieces.length)]! + (rnd() < 0.3 ? String(i) : ''),
      );
  }
  const quote = (f: string) => (/[",\n\r]/.test(f) || f.startsWith(' ') ? `"${f.replace(/"/g, '""')}"` : f);

  it('gives the same records as csv-parse on well-formed input', () => {
    const rows = [['h1', 'h2', 'h3', 'h4'], ...randomRows(42, 500, 4)];
    const text = rows.map((r) => r.map(quote).join(',')).join('\r\n') + '\r\n';
    const reference = csvParseSync(text, { relax_column_count: false }) as string[][];
    const ours = read(text, 13);
    expect([ours.header, ...ours.records.map((r) => r.fields)]).toEqual(
      reference.map((r) => r.map((f) => f.replace(/\r\n/g, '\n'))),
    );
    expect(ours.rejects).toEqual([]);
  });

  it('recovers rows csv-parse loses after an unbalanced quote (why the reader is our own)', async () => {
    const text = 'a,b,c\n1,2,3\n4,"broken,6\n7,8,9\n10,11,12\n';
    const kept: string[][] = [];
    await new Promise<void>((resolve) => {
      const p = csvParseStream({ relax_column_count: true, skip_records_with_error: true });
      p.on('data', (r: string[]) => kept.push(r));
      p.on('end', () => resolve());
      p.on('error', () => resolve());
      p.end(text);
    });
    // csv-parse keeps the header and the row before the damage, and nothing after it.
    expect(kept.map((r) => r[0])).toEqual(['a', '1']);
    expect(read(text).records.map((r) => r.fields[0])).toEqual(['1', '7', '10']);
  });
});

describe('rows given in place', () => {
  // lines built from the characters that matter to CSV, in fields that are quoted or not
  const field = fc.oneof(
    fc.stringMatching(/^[a-z0-9 @.;-]{0,6}$/),
    fc.stringMatching(/^[a-z ,"\r\n]{0,6}$/).map((v) => `"${v.replace(/"/g, '""')}"`),
    fc.stringMatching(/^[a-z ,"]{0,5}$/).map((v) => `"${v}"`),
    fc.constantFrom('"', '""', '"a"b', 'a"b', '"unclosed', ''),
  );
  const row = fc.array(field, { minLength: 1, maxLength: 5 }).map((fields) => fields.join(','));
  const csv = fc
    .tuple(fc.array(row, { maxLength: 12 }), fc.constantFrom('\n', '\r\n'))
    .map(([rows, eol]) => ['h1,h2,h3', ...rows].join(eol) + eol);

  it('gives the same records, rejects and lines as rows cut into fields, on any input', () => {
    fc.assert(
      fc.property(csv, fc.integer({ min: 1, max: 40 }), (text, chunk) => {
        expect(read(text, chunk, {}, true)).toEqual(read(text, chunk, {}, false));
      }),
      { numRuns: 1500 },
    );
  });
});
