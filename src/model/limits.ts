/**
 * What one row, one cell or one run may cost. Passed in a context, so tests can shrink them and a
 * long-running scan can set its own. The two caps on what is kept of one value (MAX_KEPT_ID_CHARS,
 * MAX_TEXT_CHARS, below) are constants instead: every thread must cut a value alike, or an
 * example would no longer find its delivery.
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
  /** Senders, destination domains and sending IPs listed in a report's breakdown; the rest are counted. */
  topListed: number;
}

export const defaultLimits: Readonly<Limits> = Object.freeze({
  maxRecordChars: 4 * 1024 * 1024,
  maxRecordLines: 200,
  maxFields: 1024,
  examplesPerCause: 3,
  unclassifiedListed: 10,
  maxIssuesListed: 500,
  topListed: 10,
});

/**
 * The most characters of a message key or a recipient that the analysis keeps. A Message-ID
 * header line holds at most 998 characters (RFC 5322) and an address at most 254 (RFC 5321), so a
 * longer value is not one; keeping it whole would let a crafted file make memory grow with its
 * rows. Such a value is cut to this, not refused: its row still counts.
 */
export const MAX_KEPT_ID_CHARS = 1000;

/**
 * The most characters of a failure text that are classified and kept. Replies are short; a longer
 * text (a 4 MB cell) is read on its first part only, and kept with "…" after it.
 */
export const MAX_TEXT_CHARS = 8192;
