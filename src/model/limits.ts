/**
 * What one row, one cell or one run may cost. Passed in a context, never global, so tests can
 * shrink them and a long-running scan can set its own.
 */
export interface Limits {
  /** A record (one CSV row, possibly spanning lines) longer than this is rejected, not buffered. */
  maxRecordChars: number;
  /** A quoted field may span lines (subjects do); past this many lines it is taken as a broken quote. */
  maxRecordLines: number;
  /** Rows with more fields than this are rejected before any field is kept. */
  maxFields: number;
  /** Examples kept per distinct failure text and per cause. */
  examplesPerCause: number;
  /** Unclassified text clusters listed in a report. */
  unclassifiedListed: number;
  /** Issues listed in a report; the rest are counted. */
  maxIssuesListed: number;
}

export const defaultLimits: Readonly<Limits> = Object.freeze({
  maxRecordChars: 4 * 1024 * 1024,
  maxRecordLines: 200,
  maxFields: 1024,
  examplesPerCause: 3,
  unclassifiedListed: 10,
  maxIssuesListed: 500,
});
