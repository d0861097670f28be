/** CSV text → records → layout → TraceEvents: the consumer for every CSV export layout. */
import { ExotraceError } from '../model/errors.js';
import type { InputFormat, InputKind } from '../model/input.js';
import { createDateOrderDetector, type DateOrderDecision } from '../normalize/date-order.js';
import { localeDateParts, parseTraceTime } from '../normalize/timestamps.js';
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
 * Rows wait (as fields) until the file's date order is known, at most this many, or this many
 * characters: past that, the order is assumed and said so. Exports whose times are ISO (the admin
 * center's, PowerShell 7's) open the gate at their first row and never wait.
 */
const MAX_WAITING_ROWS = 50_000;
const MAX_WAITING_CHARS = 32 * 1024 * 1024;

/** Where a file stands on its dates: rows wait while `waiting`. */
type DateGate = { open: false } | { open: true; dates?: DateOrderDecision };

/** What kind of CSV a header says the file is, beyond its layout: an Exchange Server tracking log, or its PowerShell export. */
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
  let gate: DateGate = { open: false };
  const detector = createDateOrderDetector();
  let waiting: Array<[fields: string[], line: number]> = [];
  let waitingChars = 0;
  let conflictReported = false;
  const unknownValues = createUnknownValues(source, ctx.onIssue);

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
            `this does not look like a message trace export: its first line "${truncate(fields[0] ?? '', 80)}" has no comma, tab or semicolon between column names. exotrace reads the admin center's CSV downloads, Get-MessageTrace(V2)/Get-MessageTraceDetail(V2) and Get-MessageTrackingLog exports, tracking logs, Graph JSON and message (.eml, .msg, .mbox) files.`,
            { source, line },
          );
        }
        useLayout(layout, header, fields.length);
      },
      record(fields, line) {
        rows++;
        if (!gate.open && !settles(timeColumn < 0 ? '' : (fields[timeColumn] ?? ''), line)) return park(fields, line);
        map(fields, line);
      },
      recordSpan(text, bounds, line) {
        rows++;
        if (!gate.open && !settles(timeColumn < 0 ? '' : fieldsOf(text, bounds, timeColumn + 1)[timeColumn]!, line)) return park(fieldsOf(text, bounds, width), line);
        // locale-dated files (PowerShell's, a few thousand rows) go the long way, where each date is checked
        if (gate.open && gate.dates) return map(fieldsOf(text, bounds, width), line);
        const problem = mapSpan ? mapSpan(text, bounds, line, ctx.onDeliverySpan!, ctx.onEvent) : mapRow!(fieldsOf(text, bounds, width), line, ctx.onEvent);
        if (problem) unusable(line, problem);
      },
      reject(line, code, message) {
        if (!layout) {
          // No header yet: this is the header line itself, and without it nothing can be read.
          throw new ExotraceError('EXO_INPUT_NOT_CSV', `the header line cannot be read (${message}), so no row can be.`, { source, line });
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
    index = header;
    width = fieldCount;
    timeColumn = header.indexOf(...spec.timeColumn);
    if (ctx.dateOrder) openGate({ order: ctx.dateOrder, basis: 'stated' });
    else if (known) openGate(known.dates);
    else if (timeColumn < 0) openGate(undefined); // no dates to settle
  }

  /** The file's dates are settled: make the mappers, then map the rows that waited, in order. */
  function openGate(dates: DateOrderDecision | undefined): void {
    gate = { open: true, ...(dates ? { dates } : {}) };
    const mctx: MapperContext = { source, ...(dates ? { dateOrder: dates.order } : {}), onUnknownValue: unknownValues.add };
    mapRow = layout!.mapper(index!, mctx);
    // rows read in place are read with the same dates
    mapSpan = ctx.onDeliverySpan && layout!.spanMapper?.(index!, mctx);
    const rowsWaiting = waiting;
    waiting = [];
    waitingChars = 0;
    for (const [fields, line] of rowsWaiting) map(fields, line);
  }

  /** Before the dates are settled: does this row's time settle them (and open the gate)? */
  function settles(raw: string, line: number): boolean {
    const value = raw.trim();
    if (detector.observe(value, line)) openGate(detector.decide());
    // an ISO (or otherwise not a locale) time: this file's times need no order
    else if (value !== '' && !detector.sawLocaleDates && localeDateParts(value) === undefined) openGate(undefined);
    return gate.open;
  }

  /** A row waits for the dates to be settled; too many waiting settle them by assumption. */
  function park(fields: string[], line: number): void {
    waiting.push([fields, line]);
    for (const f of fields) waitingChars += f.length;
    if (waiting.length >= MAX_WAITING_ROWS || waitingChars >= MAX_WAITING_CHARS) openGate(detector.sawLocaleDates ? detector.decide() : undefined);
  }

  function map(fields: string[], line: number): void {
    const problem = mapRow!(fields, line, ctx.onEvent);
    if (problem) unusable(line, problem);
    else if (gate.open && gate.dates && !conflictReported) checkDate(fields, line, gate.dates);
  }

  /** A date the settled order cannot read (30/12 in a month-first file): said once per file. */
  function checkDate(fields: string[], line: number, dates: DateOrderDecision): void {
    const value = (fields[timeColumn] ?? '').trim();
    if (value === '' || parseTraceTime(value, dates.order) !== undefined || localeDateParts(value) === undefined) return;
    conflictReported = true;
    const other = dates.order === 'dmy' ? 'mdy' : 'dmy';
    const how = dates.basis === 'stated' ? 'as --date-order says' : dates.basis === 'evidence' ? `as ${dates.example} on line ${dates.line} shows` : 'as assumed';
    ctx.onIssue({
      source,
      line,
      code: 'EXO_DATE_ORDER_CONFLICT',
      message: `the date ${JSON.stringify(value)} cannot be read ${dates.order === 'dmy' ? 'day first' : 'month first'}, the order this file's dates were read in (${how}); rows with such dates have no time. If the file mixes orders, check where it was exported; if the order is wrong, run again with --date-order ${other}.`,
    });
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
      if (layout && !gate.open) openGate(detector.sawLocaleDates ? detector.decide() : undefined);
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
      return gate;
    },
    result() {
      if (!layout) return undefined;
      const kind = index ? kindOf(index) : undefined;
      return {
        format: layout.format,
        ...(kind ? { kind } : {}),
        delimiter: DELIMITER_NAMES[delimiter] ?? delimiter,
        rows,
        rejectedRows,
        truncationLimits: layout.truncationLimits,
        ...(gate.open && gate.dates ? { dates: gate.dates } : {}),
      };
    },
  };
}

function truncate(s: string, n: number): string {
  return s.length > n ? s.slice(0, n - 1) + '…' : s;
}
