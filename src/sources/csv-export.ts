/** CSV text → records → layout → TraceEvents: the consumer for every CSV export layout. */
import { ExotraceError } from '../model/errors.js';
import type { InputFormat, InputKind } from '../model/input.js';
import type { DateOrderDecision } from '../model/dates.js';
import { createDateGate, type DateGate } from './csv/date-gate.js';
import { createCsvRecordReader, type KnownHeader } from './csv/record-reader.js';
import { indexHeader, type HeaderIndex } from './formats/header.js';
import { detectLayout } from './formats/index.js';
import { fieldsOf, type LayoutSpec, type MapperContext, type RowMapper, type SpanRowMapper } from './formats/layout.js';
import type { ReadContext } from './read-export.js';
import { createUnknownValues } from './unknown-values.js';

/** What a consumer read, once its input has ended. */
export interface ConsumerResult {
  format: InputFormat;
  kind?: InputKind;
  /** the field separator's name, for CSV */
  delimiter?: string;
  rows: number;
  rejectedRows: number;
  truncationLimits: readonly number[];
  /** how the input's locale dates were read, when it had any */
  dates?: DateOrderDecision;
}

/** Decoded text goes in; what was read comes out at the end. */
export interface TextConsumer {
  push(text: string): void;
  end(): void;
  /** physical lines seen so far (for locating problems) */
  readonly lines: number;
  /** the text so far ended a record: another reader could take over from here */
  readonly atRecordBoundary: boolean;
  /** undefined when nothing recognizable was read */
  result(): ConsumerResult | undefined;
}

const DELIMITER_NAMES: Record<string, string> = { ',': 'comma', '\t': 'tab', ';': 'semicolon' };

/** The header of a file whose first range another reader has read: what a later range starts from. */
export interface ExportHeader {
  fields: string[];
  line: number;
  delimiter: string;
}

/**
 * What kind of CSV a header says the file is, beyond its layout: an Exchange Server tracking log, or its PowerShell
 * export.
 */
function kindOf(header: HeaderIndex): InputKind | undefined {
  if (header.has('date-time') && header.names.some((n) => n.includes('-'))) return 'tracking-log';
  if (header.has('Timestamp') && header.has('EventId')) return 'tracking-log-export';
  return undefined;
}

/**
 * `known` is given when this consumer reads a later range of a file: its text starts at a record,
 * with no header line of its own, and the first range's reader has settled the dates.
 */
export function createCsvExportConsumer(
  source: string,
  ctx: ReadContext,
  known?: ExportHeader & { dates?: DateOrderDecision },
): TextConsumer & { readonly header: ExportHeader | undefined; readonly dateGate: DateGate } {
  let layout: LayoutSpec | undefined;
  let index: HeaderIndex | undefined;
  let mapRow: RowMapper | undefined;
  let mapSpan: SpanRowMapper | undefined;
  let width = 0;
  let delimiter = ',';
  let rows = 0;
  let rejectedRows = 0;
  let seenHeader: ExportHeader | undefined;
  let timeColumn = -1;
  const unknownValues = createUnknownValues(source, ctx.onIssue);

  const reader = createCsvRecordReader(
    {
      header(fields, line, sniffedDelimiter) {
        delimiter = sniffedDelimiter;
        seenHeader = { fields, line, delimiter };
        const header = indexHeader(fields);
        layout = layoutOf(header, fields, source, line);
        useLayout(layout, header, fields.length);
      },
      record(fields, line) {
        rows++;
        if (gate.state.open || gate.settles(timeColumn < 0 ? '' : (fields[timeColumn] ?? ''), line)) map(fields, line);
        else gate.park(fields, line);
      },
      recordSpan(text, bounds, line) {
        rows++;
        const state = gate.state;
        if (
          !state.open &&
          !gate.settles(timeColumn < 0 ? '' : fieldsOf(text, bounds, timeColumn + 1)[timeColumn]!, line)
        )
          return gate.park(fieldsOf(text, bounds, width), line);
        // locale-dated files (PowerShell's, a few thousand rows) go the long way, where each date is checked
        if (gate.state.open && gate.state.dates) return map(fieldsOf(text, bounds, width), line);
        const problem = mapSpan
          ? mapSpan(text, bounds, line, ctx.onDeliverySpan!, ctx.onEvent)
          : mapRow!(fieldsOf(text, bounds, width), line, ctx.onEvent);
        if (problem) unusable(line, problem);
      },
      reject(line, code, message) {
        // No header yet: this is the header line itself, and without it nothing can be read.
        if (!layout) throw headerUnreadable(source, line, message);
        rows++;
        rejectedRows++;
        ctx.onIssue({ source, line, code, message });
      },
    },
    ctx.limits,
    known && ({ delimiter: known.delimiter, width: known.fields.length } satisfies KnownHeader),
  );

  function useLayout(spec: LayoutSpec, header: HeaderIndex, fieldCount: number): void {
    index = header;
    width = fieldCount;
    timeColumn = header.indexOf(...spec.timeColumn);
    if (ctx.dateOrder) gate.open({ order: ctx.dateOrder, basis: 'stated' });
    else if (known) gate.open(known.dates);
    else if (timeColumn < 0) gate.open(undefined); // no dates to settle
  }

  const gate = createDateGate(source, ctx.onIssue, {
    /** The file's dates are settled: make the mappers (the rows that waited are mapped next, in order). */
    opened(dates) {
      const mctx: MapperContext = { source, dateOrder: dates?.order, onUnknownValue: unknownValues.add };
      mapRow = layout!.mapper(index!, mctx);
      // rows read in place are read with the same dates
      mapSpan = ctx.onDeliverySpan && layout!.spanMapper?.(index!, mctx);
    },
    map,
  });

  function map(fields: string[], line: number): void {
    const problem = mapRow!(fields, line, ctx.onEvent);
    if (problem) unusable(line, problem);
    else if (timeColumn >= 0) gate.check(fields[timeColumn] ?? '', line);
  }

  function unusable(line: number, problem: string): void {
    rejectedRows++;
    ctx.onIssue({ source, line, code: 'EXO_ROW_UNUSABLE', message: problem });
  }

  if (known) {
    const header = indexHeader(known.fields);
    delimiter = known.delimiter;
    seenHeader = known;
    layout = detectLayout(header, source, known.line);
    useLayout(layout, header, known.fields.length);
  }

  return {
    push: (text) => reader.push(text),
    end() {
      reader.end();
      if (layout) gate.end();
      unknownValues.flush();
    },
    get lines() {
      return reader.lines;
    },
    get atRecordBoundary() {
      return reader.atRecordBoundary;
    },
    get header() {
      return seenHeader;
    },
    get dateGate() {
      return gate.state;
    },
    result: () => layout && resultOf(layout, index!, delimiter, rows, rejectedRows, gate.state),
  };
}

function headerUnreadable(source: string, line: number, message: string): ExotraceError {
  return new ExotraceError('EXO_INPUT_NOT_CSV', `the header line cannot be read (${message}), so no row can be.`, {
    source,
    line,
  });
}

function resultOf(
  layout: LayoutSpec,
  index: HeaderIndex,
  delimiter: string,
  rows: number,
  rejectedRows: number,
  gate: DateGate,
): ConsumerResult {
  const kind = kindOf(index);
  return {
    format: layout.format,
    ...(kind ? { kind } : {}),
    delimiter: DELIMITER_NAMES[delimiter] ?? delimiter,
    rows,
    rejectedRows,
    truncationLimits: layout.truncationLimits,
    ...(gate.open && gate.dates ? { dates: gate.dates } : {}),
  };
}

/** The layout a header names; a "header" of one field is said not to be CSV at all. */
function layoutOf(header: HeaderIndex, fields: readonly string[], source: string, line: number): LayoutSpec {
  try {
    return detectLayout(header, source, line);
  } catch (e) {
    if (fields.length >= 2) throw e;
    throw new ExotraceError(
      'EXO_INPUT_NOT_CSV',
      `this does not look like a message trace export: its first line "${truncate(fields[0] ?? '', 80)}" has no ` +
        `comma, tab or semicolon between column names. exotrace reads the admin center's CSV downloads, ` +
        `Get-MessageTrace(V2)/Get-MessageTraceDetail(V2) and Get-MessageTrackingLog exports, tracking logs, Graph ` +
        `JSON and message (.eml, .msg, .mbox) files.`,
      { source, line },
    );
  }
}

function truncate(s: string, n: number): string {
  return s.length > n ? s.slice(0, n - 1) + '…' : s;
}
