/** The export layouts exotrace recognizes, in the order they are tried. */
import { ExotraceError } from '../../model/errors.js';
import { extendedReport } from './extended-report.js';
import { graphTrace, graphTraceDetail } from './graph.js';
import type { HeaderIndex } from './header.js';
import { layoutScore, matchesLayout, type LayoutSpec } from './layout.js';
import { messageTrace } from './messagetrace.js';
import { messageTraceDetail } from './messagetrace-detail.js';
import { summaryReport } from './summary-report.js';

export const layouts: readonly LayoutSpec[] = [
  extendedReport,
  summaryReport,
  messageTraceDetail,
  messageTrace,
  graphTrace,
  graphTraceDetail,
];

export function detectLayout(header: HeaderIndex, source: string, line: number): LayoutSpec {
  const found = layouts.find((spec) => matchesLayout(spec, header));
  if (found) return found;
  throw new ExotraceError('EXO_CSV_UNKNOWN_LAYOUT', unknownLayoutMessage(header), { source, line });
}

export function unknownLayoutMessage(header: HeaderIndex, what = 'header'): string {
  const shown = header.names
    .slice(0, 12)
    .map((n) => n.trim())
    .join(', ');
  const more = header.names.length > 12 ? `, … (${header.names.length} columns)` : '';
  const closest = [...layouts].sort((a, b) => layoutScore(b, header) - layoutScore(a, header))[0]!;
  const hint =
    layoutScore(closest, header) > 0
      ? ` The closest is ${closest.format}, which also needs ${missingColumns(closest, header)}.`
      : '';
  const supported = layouts.map((l) => `${l.format} (${l.describe})`).join('; ');
  return `the ${what} "${shown}${more}" matches no export layout exotrace knows. Supported layouts: ${supported}.${hint}`;
}

function missingColumns(spec: LayoutSpec, header: HeaderIndex): string {
  return spec.signature
    .filter((group) => !group.some((name) => header.has(name)))
    .map((group) => group[0])
    .join(', ');
}
