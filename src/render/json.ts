/**
 * The JSON report: the contract's shape (schema version 1, with the additions of v1.1 in
 * contracts/report.schema.json). The report model is plain data already; only the inputs are
 * written flat, as the contract has them.
 */
import type { InputSummary } from '../model/input.js';
import type { Report } from '../model/report.js';
import type { Rendered, ReportView } from './view-model.js';

/**
 * An input as the contract writes it: `encoding` and `delimiter` beside the counts (`none` for text that is not CSV).
 */
function contractInput(i: InputSummary): object {
  const text = i.encoding === undefined ? {} : { encoding: i.encoding, delimiter: i.csv?.delimiter ?? 'none' };
  return {
    source: i.source,
    format: i.format,
    ...(i.kind ? { kind: i.kind } : {}),
    ...text,
    rows: i.rows,
    rejectedRows: i.rejectedRows,
    ...(i.possiblyTruncatedAt !== undefined ? { possiblyTruncatedAt: i.possiblyTruncatedAt } : {}),
    ...(i.dates ? { dates: i.dates } : {}),
  };
}

/** The report as the JSON document `--format json` prints. */
export function reportDocument(report: Report): object {
  return { ...report, inputs: report.inputs.map(contractInput) };
}

export function renderJson(view: ReportView): Rendered {
  return { mediaType: 'application/json', text: JSON.stringify(reportDocument(view.report), null, 2) + '\n' };
}
