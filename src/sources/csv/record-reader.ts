/**
 * A line-aware RFC 4180 record reader with recovery.
 *
 * Why not csv-parse here: after one unbalanced quote, csv-parse (even with
 * skip_records_with_error) either folds the following rows into one field or drops every row to
 * the end of the file (test/csv-record-reader.test.ts runs both on the same input). An
 * export must lose only the damaged row. So records are assembled from physical lines, and a
 * record that spans lines but does not come out as a valid row is taken to start with a broken
 * quote: its first line is reported and the lines after it are read again as rows of their own.
 * csv-parse stays the reference: on well-formed input both must produce the same records.
 *
 * Quoting rules: a field that starts with `"` is quoted, `""` inside it is one quote, and it may
 * span lines (subjects do). A quote inside an unquoted field is kept as text (relaxed, as
 * csv-parse's relax_quotes). After a closing quote only the delimiter or the line end may follow.
 */
import type { Limits } from '../../model/limits.js';
import { createLineSplitter, type LineSplitter } from './line-splitter.js';
import { parseInto, splitInPlace, type Pending } from './split-line.js';

export type CsvIssueCode =
  | 'EXO_CSV_FIELD_COUNT'
  | 'EXO_CSV_BAD_QUOTE'
  | 'EXO_CSV_QUOTE_NOT_CLOSED'
  | 'EXO_CSV_RECORD_TOO_LARGE'
  | 'EXO_CSV_TOO_MANY_FIELDS';

export interface CsvRecordSink {
  /** The header row, with the delimiter that was sniffed from it. */
  header(fields: string[], line: number, delimiter: string): void;
  record(fields: string[], line: number): void;
  reject(line: number, code: CsvIssueCode, message: string): void;
  /**
   * Optional: a row of the header's width on one line (most rows), given in place. Field i is
   * `text.slice(bounds[2 * i], bounds[2 * i + 1])`, without its quotes; a field with doubled
   * quotes has its start stored as `~start` (negative), and is that slice with `""` read as `"`
   * (fieldsOf in src/sources/formats/layout.ts does both). `bounds` is reused for the next row,
   * so it is read during the call only. Without this method, every row comes through `record`.
   */
  recordSpan?(text: string, bounds: Int32Array, line: number): void;
}

export interface CsvRecordReader extends Omit<LineSplitter, 'atLineStart'> {
  /** records delivered (header excluded) */
  readonly records: number;
  readonly rejected: number;
  /**
   * No record is half read: the text pushed so far ended a record (or a line between records).
   * Where this holds, the rest of the file can be read by another reader that starts from the
   * same header, with the same result.
   */
  readonly atRecordBoundary: boolean;
}

/** A header already read elsewhere (by the reader of the file's first range). */
export interface KnownHeader {
  delimiter: string;
  /** fields per row */
  width: number;
}

const PREAMBLE = /^#(TYPE|Software|Version|Log-type|Date)\b/i;
const FIELDS_DIRECTIVE = /^#Fields:\s*/i;

/** What the two halves of the reader share. */
interface ReaderState {
  delimiter: string;
  /** fields per row, known once the header is read; -1 before */
  expected: number;
  /** a record that spans lines, still being read */
  pending: Pending | null;
  records: number;
  rejected: number;
}

export function createCsvRecordReader(sink: CsvRecordSink, limits: Limits, knownHeader?: KnownHeader): CsvRecordReader {
  const st: ReaderState = {
    delimiter: knownHeader?.delimiter ?? '',
    expected: knownHeader?.width ?? -1,
    pending: null,
    records: 0,
    rejected: 0,
  };
  const { onLine, recover, reject } = createLongWay(sink, limits, st);
  let bounds = new Int32Array(0);
  const recordSpan = sink.recordSpan?.bind(sink);

  /**
   * The fast path: a line that no record spanning lines is waiting for, whose quoted fields (if
   * any) close on it, is a row by itself, read in place. Anything else (the header, a quote left
   * open or followed by text, a wrong field count) goes through onLine, which reads it the long
   * way and says what is wrong. Both read such a line alike (test/csv-record-reader.test.ts).
   */
  function onLineSpan(text: string, start: number, end: number, lineNo: number): void {
    if (recordSpan !== undefined && st.pending === null && st.expected >= 0 && start < end) {
      if (bounds.length !== 2 * st.expected) bounds = new Int32Array(2 * st.expected);
      if (!splitInPlace(text, start, end, bounds, st.expected, st.delimiter))
        return onLine(text.slice(start, end), lineNo);
      st.records++;
      recordSpan(text, bounds, lineNo);
      return;
    }
    onLine(text.slice(start, end), lineNo);
  }

  const splitter = createLineSplitter(
    {
      line: onLineSpan,
      overlong(lineNo, chars) {
        if (st.pending)
          recover(
            st.pending,
            'EXO_CSV_QUOTE_NOT_CLOSED',
            `a quoted field opened on this line runs into an oversized line ` +
              `${later(lineNo - st.pending.startLine)} later`,
          );
        reject(
          lineNo,
          'EXO_CSV_RECORD_TOO_LARGE',
          `a line of ${chars} characters, more than the ${limits.maxRecordChars} a row may have; it was skipped ` +
            `without being kept`,
        );
      },
    },
    limits.maxRecordChars,
  );

  return {
    push: (chunk) => splitter.push(chunk),
    end() {
      splitter.end();
      if (st.pending)
        recover(st.pending, 'EXO_CSV_QUOTE_NOT_CLOSED', 'a quoted field opened on this line is never closed');
    },
    get lines() {
      return splitter.lines;
    },
    get records() {
      return st.records;
    },
    get rejected() {
      return st.rejected;
    },
    get atRecordBoundary() {
      return st.pending === null && splitter.atLineStart;
    },
  };
}

/**
 * The long way: a line cut into fields, records that span lines assembled, and every broken one
 * reported with what is wrong and read again from its second line on.
 */
function createLongWay(sink: CsvRecordSink, limits: Limits, st: ReaderState) {
  function reject(line: number, code: CsvIssueCode, message: string): void {
    st.rejected++;
    sink.reject(line, code, message);
  }

  /** The record starting at `p.startLine` is broken: report its first line, re-read the rest. */
  function recover(p: Pending, code: CsvIssueCode, message: string): void {
    st.pending = null;
    reject(p.startLine, code, message);
    const rest = p.lines.slice(1);
    for (let k = 0; k < rest.length; k++) onLine(rest[k]!, p.startLine + 1 + k);
  }

  function finish(p: Pending): void {
    st.pending = null;
    if (st.expected < 0) {
      st.expected = headerWidth(p.fields);
      sink.header(p.fields.slice(0, st.expected), p.startLine, st.delimiter);
      return;
    }
    finishRow(p.fields, p.startLine, p);
  }

  /** A complete row: check its width, then hand it on. `p` is the pending record when it spanned lines. */
  function finishRow(row: string[], startLine: number, p: Pending | null): void {
    const fields = withoutTrailingEmpty(row, st.expected);
    if (fields.length !== st.expected) {
      const message =
        `the row has ${fields.length} fields where the header has ${st.expected}, so its columns cannot be ` +
        `matched; it was skipped`;
      if (p && p.lines.length > 1)
        recover(
          p,
          'EXO_CSV_FIELD_COUNT',
          `${message} (an unbalanced quote joined this line and the ${later(p.lines.length - 1)} after it; they ` +
            `were read again as rows of their own)`,
        );
      else
        reject(
          startLine,
          'EXO_CSV_FIELD_COUNT',
          `${message} (a delimiter or a line break inside an unquoted field shifts a row: look at it in a text editor)`,
        );
      return;
    }
    st.records++;
    sink.record(fields, startLine);
  }

  function onLine(rawLine: string, lineNo: number): void {
    let line = rawLine;
    if (st.expected < 0 && st.pending === null) {
      const header = headerText(line, lineNo);
      if (header === undefined) return;
      line = header;
      if (!st.delimiter) st.delimiter = sniffDelimiter(line);
    }
    let p = st.pending;
    if (p === null) {
      if (line === '') return; // blank lines between rows carry nothing
      // Most rows have no quote at all: the engine's split does the whole row at once.
      if (st.expected >= 0 && line.indexOf('"') === -1) {
        const fields = line.split(st.delimiter);
        if (fields.length > limits.maxFields)
          reject(lineNo, 'EXO_CSV_TOO_MANY_FIELDS', tooManyFields(limits.maxFields));
        else finishRow(fields, lineNo, null);
        return;
      }
      p = { fields: [], field: '', inQuotes: false, startLine: lineNo, lines: [line], chars: line.length };
      st.pending = p;
    } else {
      p.lines.push(line);
      p.chars += line.length + 1;
      if (p.chars > limits.maxRecordChars || p.lines.length > limits.maxRecordLines) {
        recover(
          p,
          'EXO_CSV_QUOTE_NOT_CLOSED',
          `a quoted field opened on this line is still open after ${p.lines.length} lines`,
        );
        return;
      }
    }
    const status = parseInto(p, line, st.delimiter, limits.maxFields);
    if (status === 'complete') finish(p);
    else if (status === 'bad-quote') {
      if (p.lines.length > 1)
        recover(
          p,
          'EXO_CSV_BAD_QUOTE',
          `a quote opened on this line closes ${later(lineNo - p.startLine)} later in the middle of a field`,
        );
      else {
        st.pending = null;
        reject(
          p.startLine,
          'EXO_CSV_BAD_QUOTE',
          'text after a closing quote, before the next delimiter; the row was skipped (a quote inside a quoted ' +
            'field must be doubled: "")',
        );
      }
    } else if (status === 'too-many-fields') {
      st.pending = null;
      reject(p.startLine, 'EXO_CSV_TOO_MANY_FIELDS', tooManyFields(limits.maxFields));
    }
  }

  return { onLine, recover, reject };
}

/**
 * Where the header may be: undefined for a line before it (blank, a #TYPE or #Software preamble), else the line without
 * a BOM or #Fields: directive.
 */
function headerText(line: string, lineNo: number): string | undefined {
  const text = lineNo === 1 && line.charCodeAt(0) === 0xfeff ? line.slice(1) : line;
  if (text.trim() === '' || PREAMBLE.test(text)) return undefined;
  const directive = FIELDS_DIRECTIVE.exec(text);
  return directive ? text.slice(directive[0].length) : text;
}

/** The header's width: a trailing delimiter after the last column name makes an empty column nobody named. */
function headerWidth(fields: readonly string[]): number {
  let width = fields.length;
  while (width > 1 && fields[width - 1]!.trim() === '') width--;
  return width;
}

/** A trailing delimiter on every row (some re-saves add one) is not damage. */
function withoutTrailingEmpty(fields: string[], expected: number): string[] {
  return fields.length > expected && fields.slice(expected).every((f) => f === '') ? fields.slice(0, expected) : fields;
}

function tooManyFields(max: number): string {
  return `more than ${max} fields, far more than any export has; the row was skipped`;
}

/**
 * Messages name lines relative to the issue's own line: a range of a file read on another thread
 * does not know its first line number until the ranges before it are read.
 */
function later(lines: number): string {
  return lines === 1 ? '1 line' : `${lines} lines`;
}

/**
 * The delimiter of a header line: the most frequent of comma, tab and semicolon outside quotes.
 * Tab comes from Excel's "Unicode Text" re-save, semicolon from locales whose list separator it is.
 */
export function sniffDelimiter(headerLine: string): string {
  const counts: Record<string, number> = { ',': 0, '\t': 0, ';': 0 };
  let inQuotes = false;
  for (let i = 0; i < headerLine.length; i++) {
    const c = headerLine[i]!;
    if (c === '"') inQuotes = !inQuotes;
    else if (!inQuotes && c in counts) counts[c]!++;
  }
  let best = ',';
  for (const d of ['\t', ';']) if (counts[d]! > counts[best]!) best = d;
  return best;
}
