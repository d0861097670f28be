import type { DeliverySpanSink } from '../../aggregate/delivery-span.js';
import type { InputFormat } from '../../model/input.js';
import type { TraceEvent } from '../../model/trace.js';
import type { DateOrder } from '../../normalize/timestamps.js';
import type { HeaderIndex } from './header.js';

/** What a layout's row mapper is made with, once per file (once its dates' order is known). */
export interface MapperContext {
  source: string;
  /** how the file's locale dates are read; undefined when it has none (ISO times) */
  dateOrder?: DateOrder;
  /**
   * A value of a closed vocabulary the layout does not know (a status word). The row still
   * counts (its delivery in state `unknown`); the reader reports each distinct value once, with
   * its first line and how many rows had it.
   */
  onUnknownValue(column: string, value: string, line: number): void;
}

/**
 * Turns one data row into events. Returns a sentence when the row cannot be used (it is then
 * reported with its line and counted as rejected), otherwise nothing.
 */
export type RowMapper = (fields: readonly string[], line: number, emit: (e: TraceEvent) => void) => string | undefined;

/**
 * Maps a one-line row given in place (see CsvRecordSink.recordSpan): rows that only mark
 * presence or end a delivery without a reason go to `onSpan`; the others are cut into fields and
 * mapped as usual. Same result as the RowMapper, row by row.
 */
export type SpanRowMapper = (
  text: string,
  bounds: Int32Array,
  line: number,
  onSpan: DeliverySpanSink,
  emit: (e: TraceEvent) => void,
) => string | undefined;

export interface LayoutSpec {
  format: InputFormat;
  /** Columns that identify the layout: every group must have one of its names present. */
  signature: readonly (readonly string[])[];
  /** The headline columns named in the "unknown layout" message. */
  describe: string;
  /** Row counts at which this export is known to be cut off by the service. */
  truncationLimits: readonly number[];
  /** The column that dates each row (its names, as header.indexOf takes them). */
  timeColumn: readonly string[];
  mapper(header: HeaderIndex, ctx: MapperContext): RowMapper;
  /** For layouts whose common rows are worth reading in place (the Extended report). */
  spanMapper?(header: HeaderIndex, ctx: MapperContext): SpanRowMapper;
}

/** The fields of a row given in place (CsvRecordSink.recordSpan), cut out. */
export function fieldsOf(text: string, bounds: Int32Array, width: number): string[] {
  const fields = new Array<string>(width);
  for (let i = 0; i < width; i++) {
    const start = bounds[2 * i]!;
    fields[i] =
      start >= 0 ? text.slice(start, bounds[2 * i + 1]!) : text.slice(~start, bounds[2 * i + 1]!).replaceAll('""', '"');
  }
  return fields;
}

export function matchesLayout(spec: LayoutSpec, header: HeaderIndex): boolean {
  return spec.signature.every((group) => group.some((name) => header.has(name)));
}

/** How many of a layout's signature groups a header satisfies; used to name the closest layout. */
export function layoutScore(spec: LayoutSpec, header: HeaderIndex): number {
  return spec.signature.filter((group) => group.some((name) => header.has(name))).length / spec.signature.length;
}
