/**
 * Deciding, once per file, whether its locale dates are day-first or month-first.
 *
 * Windows PowerShell's Export-Csv and Excel write dates in the culture of the machine:
 * `12/09/2025 13:05:00` is 12 September under en-GB and 9 December under en-US. Decided per value,
 * `12/09` and `13/09` in one file became two orders, and a Receive–Defer–Fail sequence folded in
 * the wrong order. So a file's order comes from evidence anywhere among its dates (a first number
 * above 12 can only be a day, a second above 12 only a day too, in the other place; a dotted date
 * is day-first in every culture that writes one), or from the user (`--date-order`), and only
 * failing both is it assumed, and said so: day-first when times are written on a 24-hour clock,
 * month-first when with AM/PM, as en-US writes.
 */
import type { DateOrderDecision } from '../model/dates.js';
import { localeDateParts } from './timestamps.js';

export type { DateOrderDecision } from '../model/dates.js';

export interface DateOrderDetector {
  /**
   * Looks at one time value; true once the order is known from evidence. Values that are not
   * locale dates (ISO, empty) tell nothing.
   */
  observe(value: string, line: number): boolean;
  /** saw any locale date at all */
  readonly sawLocaleDates: boolean;
  /** the decision: from evidence when there was some, else assumed */
  decide(): DateOrderDecision;
}

export function createDateOrderDetector(): DateOrderDetector {
  let evidence: DateOrderDecision | undefined;
  let ambiguous: { example: string; line: number } | undefined;
  let twelveHour = 0;
  let twentyFourHour = 0;
  return {
    observe(value, line) {
      if (evidence) return true;
      const d = localeDateParts(value);
      if (!d) return false;
      const example = value.trim();
      if (d.separator === '.' || (d.first > 12 && d.second <= 12))
        evidence = { order: 'dmy', basis: 'evidence', example, line };
      else if (d.second > 12 && d.first <= 12) evidence = { order: 'mdy', basis: 'evidence', example, line };
      else {
        ambiguous ??= { example, line };
        if (d.twelveHour) twelveHour++;
        else if (d.hour > 12 || d.hour === 0) twentyFourHour++;
      }
      return evidence !== undefined;
    },
    get sawLocaleDates() {
      return evidence !== undefined || ambiguous !== undefined;
    },
    decide() {
      if (evidence) return evidence;
      return { order: twelveHour > twentyFourHour ? 'mdy' : 'dmy', basis: 'assumed', ...(ambiguous ?? {}) };
    },
  };
}

/** The report's sentence for a file whose date order was assumed. */
export function assumedDateOrderNote(source: string, d: DateOrderDecision): string {
  const reading = d.order === 'dmy' ? 'day first (dd/MM/yyyy)' : 'month first (MM/dd/yyyy)';
  const why =
    d.order === 'dmy'
      ? 'its times are written on a 24-hour clock, as day-first cultures write them'
      : 'its times are written with AM/PM, as en-US writes them';
  const other = d.order === 'dmy' ? 'mdy' : 'dmy';
  return (
    `${source}: no date in the file tells whether ${d.example ? `a date like ${d.example}` : 'its dates'} is day ` +
    `or month first; exotrace read them ${reading} because ${why}. ` +
    `If that is wrong, run again with --date-order ${other}.`
  );
}
