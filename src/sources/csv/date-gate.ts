/**
 * Rows wait until the file's date order is known (src/normalize/date-order.ts): a locale date
 * such as 05/09/2025 is read one way for the whole file, never guessed row by row. A date that
 * can be read one way only settles the order; an ISO time settles that there is none to settle;
 * too many rows waiting settle it by assumption (said in the report's notes). Once settled, the
 * rows that waited are mapped in order, and a date the order cannot read is reported once.
 */
import type { Issue } from '../../model/errors.js';
import { createDateOrderDetector, type DateOrderDecision } from '../../normalize/date-order.js';
import { localeDateParts, parseTraceTime } from '../../normalize/timestamps.js';

/**
 * Rows wait (as fields) until the file's date order is known, at most this many, or this many
 * characters: past that, the order is assumed and said so. Exports whose times are ISO (the admin
 * center's, PowerShell 7's) open the gate at their first row and never wait.
 */
const MAX_WAITING_ROWS = 50_000;
const MAX_WAITING_CHARS = 32 * 1024 * 1024;

/** Where a file stands on its dates: rows wait while the gate is not open. */
export type DateGate = { open: false } | { open: true; dates?: DateOrderDecision };

export interface DateGateKeeper {
  readonly state: DateGate;
  /** Settles the order without evidence: stated (--date-order), known from an earlier range, or none to settle. */
  open(dates: DateOrderDecision | undefined): void;
  /** Before the gate opens: does this row's time (raw) settle the order and open it? */
  settles(raw: string, line: number): boolean;
  /** A row waits for the gate to open; too many waiting open it by assumption. */
  park(fields: string[], line: number): void;
  /** After the gate opened with an order: reports, once, a date the order cannot read. */
  check(raw: string, line: number): void;
  /** The input ended: rows still waiting are mapped with what was seen. */
  end(): void;
}

export function createDateGate(
  source: string,
  onIssue: (issue: Issue) => void,
  /** `opened` makes the mappers for the settled dates; `map` then takes every row that waited, in order */
  hooks: { opened(dates: DateOrderDecision | undefined): void; map(fields: string[], line: number): void },
): DateGateKeeper {
  let state: DateGate = { open: false };
  const detector = createDateOrderDetector();
  let waiting: Array<[fields: string[], line: number]> = [];
  let waitingChars = 0;
  let conflictReported = false;
  const guess = () => (detector.sawLocaleDates ? detector.decide() : undefined);

  function open(dates: DateOrderDecision | undefined): void {
    state = { open: true, ...(dates ? { dates } : {}) };
    hooks.opened(dates);
    const rows = waiting;
    waiting = [];
    waitingChars = 0;
    for (const [fields, line] of rows) hooks.map(fields, line);
  }

  return {
    get state() {
      return state;
    },
    open,
    settles(raw, line) {
      const value = raw.trim();
      if (detector.observe(value, line)) open(detector.decide());
      // an ISO (or otherwise not a locale) time: this file's times need no order
      else if (value !== '' && !detector.sawLocaleDates && localeDateParts(value) === undefined) open(undefined);
      return state.open;
    },
    park(fields, line) {
      waiting.push([fields, line]);
      for (const f of fields) waitingChars += f.length;
      if (waiting.length >= MAX_WAITING_ROWS || waitingChars >= MAX_WAITING_CHARS) open(guess());
    },
    check(raw, line) {
      if (conflictReported || !state.open || !state.dates) return;
      const dates = state.dates;
      const value = raw.trim();
      if (value === '' || parseTraceTime(value, dates.order) !== undefined || localeDateParts(value) === undefined)
        return;
      conflictReported = true;
      const other = dates.order === 'dmy' ? 'mdy' : 'dmy';
      const how =
        dates.basis === 'stated'
          ? 'as --date-order says'
          : dates.basis === 'evidence'
            ? `as ${dates.example} on line ${dates.line} shows`
            : 'as assumed';
      onIssue({
        source,
        line,
        code: 'EXO_DATE_ORDER_CONFLICT',
        message:
          `the date ${JSON.stringify(value)} cannot be read ` +
          `${dates.order === 'dmy' ? 'day first' : 'month first'}, the order this file's dates were read in ` +
          `(${how}); rows with such dates have no time. If the file mixes orders, check where it was exported; if ` +
          `the order is wrong, run again with --date-order ${other}.`,
      });
    },
    end() {
      if (!state.open) open(guess());
    },
  };
}
