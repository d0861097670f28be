/** CSV text → records → layout → TraceEvents: the consumer for every CSV export layout. */
import { ExotraceError } from '../model/errors.js';
import type { InputFormat } from '../model/trace.js';
import { createCsvRecordReader, type KnownHeader } from './csv/record-reader.js';
import { indexHeader, type HeaderIndex } from './formats/header.js';
import { detectLayout } from './formats/index.js';
import { fieldsOf, type LayoutSpec, type RowMapper, type SpanRowMapper } from './formats/layout.js';
import type { ReadContext } from './read-export.js';

/** Decoded text goes in; what was read comes out at the end. */
export interface TextConsumer {
  push(text: string): void;
  end(): void;
  /** physical lines seen so far (for locating problems) */
  readonly lines: number;
  /** the text so far ended a record: another reader could take over from here */
  readonly atRecordBoundary: boolean;
  /** undefined when nothing recognizable was read */
  result(): { format: InputFormat; delimiter: string; rows: number; rejectedRows: number; truncationLimits: readonly number[] } | undefined;
}

const DELIMITER_NAMES: Record<string, string> = { ',': 'comma', '\t': 'tab', ';': 'semicolon' };

/** The header of a file whose first range another reader has read: what a later range starts from. */
export interface ExportHeader {
  fields: string[];
  line: number;
  delimiter: string;
}

/**
 * `known` is given when this consumer reads a later range of a file: its text starts at a record,
 * with no header line of its own.
 */
export function createCsvExportConsumer(source: string, ctx: ReadContext, known?: ExportHeader): TextConsumer & { readonly header: ExportHeader | undefined } {
  let layout: LayoutSpec | undefined;
  let mapRow: RowMapper | undefined;
  let mapSpan: SpanRowMapper | undefined;
  let width = 0;
  let delimiter = ',';
  let rows = 0;
  let rejectedRows = 0;
  let seenHeader: ExportHeader | undefined;

  const reader = createCsvRecordReader(
    {
      header(fields, line, sniffedDelimiter) {
        delimiter = sniffedDelimiter;
        seenHeader = { fields, line, delimiter };
        const header = indexHeader(fields);
        try {
          layout = detectLayout(header, source, line);
        } catch (e) {
          if (fields.length >= 2) throw e;
          throw new ExotraceError(
            'EXO_INPUT_NOT_CSV',
            `${source} does not look like a CSV export: its first line "${truncate(fields[0] ?? '', 80)}" has no comma, tab or semicolon between column names.`,
            { source, line },
          );
        }
        useLayout(layout, header, fields.length);
      },
      record(fields, line) {
        rows++;
        const problem = mapRow!(fields, line, ctx.onEvent);
        if (problem) unusable(line, problem);
      },
      recordSpan(text, bounds, line) {
        rows++;
        const problem = mapSpan ? mapSpan(text, bounds, line, ctx.onDeliverySpan!, ctx.onEvent) : mapRow!(fieldsOf(text, bounds, width), line, ctx.onEvent);
        if (problem) unusable(line, problem);
      },
      reject(line, code, message) {
        if (!layout) {
          // No header yet: this is the header line itself, and without it nothing can be read.
          throw new ExotraceError('EXO_INPUT_NOT_CSV', `${source} line ${line}: the header line cannot be read (${message}).`, { source, line });
        }
        rows++;
        rejectedRows++;
        ctx.onIssue({ source, line, code, message });
      },
    },
    ctx.limits,
    known && ({ delimiter: known.delimiter, width: known.fields.length } satisfies KnownHeader),
  );
  function useLayout(spec: LayoutSpec, header: HeaderIndex, fieldCount: number): void {
    mapRow = spec.mapper(header, source);
    mapSpan = ctx.onDeliverySpan && spec.spanMapper?.(header, source);
    width = fieldCount;
  }

  function unusable(line: number, problem: string): void {
    rejectedRows++;
    ctx.onIssue({ source, line, code: 'EXO_ROW_UNUSABLE', message: problem });
  }

  if (known) {
    const index = indexHeader(known.fields);
    delimiter = known.delimiter;
    seenHeader = known;
    layout = detectLayout(index, source, known.line);
    useLayout(layout, index, known.fields.length);
  }

  return {
    push: (text) => reader.push(text),
    end: () => reader.end(),
    get lines() {
      return reader.lines;
    },
    get atRecordBoundary() {
      return reader.atRecordBoundary;
    },
    get header() {
      return seenHeader;
    },
    result: () =>
      layout && { format: layout.format, delimiter: DELIMITER_NAMES[delimiter] ?? delimiter, rows, rejectedRows, truncationLimits: layout.truncationLimits },
  };
}

function truncate(s: string, n: number): string {
  return s.length > n ? s.slice(0, n - 1) + '…' : s;
}
