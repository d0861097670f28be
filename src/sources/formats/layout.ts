import type { InputFormat, TraceEvent } from '../../model/trace.js';
import type { HeaderIndex } from './header.js';

/**
 * Turns one data row into events. Returns a sentence when the row cannot be used (it is then
 * reported with its line and counted as rejected), otherwise nothing.
 */
export type RowMapper = (fields: readonly string[], line: number, emit: (e: TraceEvent) => void) => string | undefined;

export interface LayoutSpec {
  format: InputFormat;
  /** Columns that identify the layout: every group must have one of its names present. */
  signature: readonly (readonly string[])[];
  /** The headline columns named in the "unknown layout" message. */
  describe: string;
  /** Row counts at which this export is known to be cut off by the service. */
  truncationLimits: readonly number[];
  mapper(header: HeaderIndex, source: string): RowMapper;
}

export function matchesLayout(spec: LayoutSpec, header: HeaderIndex): boolean {
  return spec.signature.every((group) => group.some((name) => header.has(name)));
}

/** How many of a layout's signature groups a header satisfies; used to name the closest layout. */
export function layoutScore(spec: LayoutSpec, header: HeaderIndex): number {
  return spec.signature.filter((group) => group.some((name) => header.has(name))).length / spec.signature.length;
}
