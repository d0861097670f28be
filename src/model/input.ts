/**
 * What a run read: one summary per input, whatever its source (a file, standard input, a Graph
 * query). The report lists them (`inputs`); the JSON renderer writes them in the contract's shape.
 */
import type { DateOrderDecision } from './dates.js';

/** The export layouts exotrace reads (names are part of the JSON report contract). */
export type InputFormat =
  'extended-report' | 'summary-report' | 'messagetrace' | 'messagetrace-detail' | 'graph' | 'headers';

/**
 * What an input is beyond its layout (report `inputs[].kind`). The report schema's `format` names
 * six layouts; these say which of the files behind a layout it was: an Exchange Server message
 * tracking log (`#Fields:` header) or its Get-MessageTrackingLog export (read as the Extended
 * report, whose field set it is), Graph or PowerShell JSON, a bounce message (NDR, DSN), a plain
 * message's headers, a mailbox of messages, an Outlook .msg file.
 */
export type InputKind =
  'tracking-log' | 'tracking-log-export' | 'json' | 'json-lines' | 'ndr' | 'message' | 'mbox' | 'outlook-msg';

/** Per input: what was read. What every source has comes first; the text and CSV facts only where they apply. */
export interface InputSummary {
  /** the source's name: a file path, `stdin`, `graph:<tenant>` */
  source: string;
  format: InputFormat;
  kind?: InputKind;
  /** rows (or objects, or a bounce's recipients) read */
  rows: number;
  /** rows that could not be used (each one an issue) */
  rejectedRows: number;
  /** how bytes became text (utf-16le (BOM), utf-8, gzip…), for inputs read as bytes */
  encoding?: string;
  /** for CSV inputs only */
  csv?: { delimiter: string };
  /** exports cut off at a documented maximum (1,000 extended rows, 50,000 summary rows…) */
  possiblyTruncatedAt?: number;
  /** how the input's locale dates were read, when it had any */
  dates?: DateOrderDecision;
}
