/**
 * Trace times in the shapes the exports really use. Every trace time is UTC (Microsoft documents
 * it so), so a value without a zone is read as UTC, never against the host's zone.
 *
 * - ISO 8601 with 0–7 fractional digits, with or without `Z` or an offset (EAC CSVs, PowerShell 7);
 * - `/Date(1658851300604)/` (Reporting Web Service JSON, old ConvertTo-Json);
 * - locale strings written by Windows PowerShell's Export-Csv or an Excel re-save:
 *   `1/21/2025 3:45:12 AM` (en-US), `21/01/2025 15:45:12` (en-GB, fr-FR), `21.01.2025 15:45:12`
 *   (de-DE), `21-1-2025 15:45:12` (nl-NL). Whether the day or the month comes first is the
 *   file's, not the value's: a reader decides it once per file (src/normalize/date-order.ts) and
 *   passes it here. Without it, a slash date is month-first unless the first number cannot be a
 *   month, and a dotted date day-first.
 */

import type { DateOrder } from '../model/dates.js';

export { dateOrders, type DateOrder } from '../model/dates.js';

const ISO = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;
const MS_JSON = /^\/Date\((-?\d+)(?:[+-]\d{4})?\)\/$/;
const LOCALE = /^(\d{1,2})([/.-])(\d{1,2})\2(\d{4})[ T,]+(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\s*([AaPp])\.?[Mm]\.?)?$/;

/** A locale date's parts as written, for deciding a file's date order. */
export interface LocaleDate {
  first: number;
  second: number;
  separator: string;
  hour: number;
  /** written with AM or PM (a 12-hour clock, as en-US writes) */
  twelveHour: boolean;
}

/** The parts of a locale date (`12/09/2025 13:05:00`), or undefined when `raw` is not one. */
export function localeDateParts(raw: string): LocaleDate | undefined {
  const m = LOCALE.exec(raw.trim());
  return m
    ? { first: +m[1]!, second: +m[3]!, separator: m[2]!, hour: +m[5]!, twelveHour: m[8] !== undefined }
    : undefined;
}

/** epoch milliseconds, or undefined when the value is empty or not a time (or not one in `order`) */
export function parseTraceTime(raw: string | undefined, order?: DateOrder): number | undefined {
  if (!raw) return undefined;
  const s = raw.trim();
  if (!s) return undefined;
  const fast = isoZulu(s);
  if (fast !== undefined) return fast;

  let m = ISO.exec(s);
  if (m) {
    const ms = m[7] ? Number((m[7] + '00').slice(0, 3)) : 0;
    let t = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, m[6] ? +m[6] : 0, ms);
    const zone = m[8];
    if (zone && zone.toUpperCase() !== 'Z') {
      const sign = zone[0] === '-' ? -1 : 1;
      const digits = zone.slice(1).replace(':', '');
      t -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4))) * 60_000;
    }
    if (+m[4]! > 23 || +m[5]! > 59 || (m[6] !== undefined && +m[6] > 60)) return undefined;
    return validDate(t, +m[2]!, +m[3]!);
  }

  m = MS_JSON.exec(s);
  if (m) return Number(m[1]);

  m = LOCALE.exec(s);
  if (m) {
    const a = +m[1]!;
    const b = +m[3]!;
    const dayFirst = order !== undefined ? order === 'dmy' : m[2] === '.' || a > 12;
    const day = dayFirst ? a : b;
    const month = dayFirst ? b : a;
    let hour = +m[5]!;
    const ampm = m[8]?.toLowerCase();
    if (ampm === 'p' && hour < 12) hour += 12;
    if (ampm === 'a' && hour === 12) hour = 0;
    const t = Date.UTC(+m[4]!, month - 1, day, hour, +m[6]!, m[7] ? +m[7] : 0);
    return validDate(t, month, day);
  }
  return undefined;
}

/**
 * The exports' own form, `2026-11-16T07:12:00.123Z` with 0–7 fraction digits, read digit by
 * digit: this runs for every row of a million-row export, where a regular expression or
 * Date.parse would be the most expensive thing done per row.
 */
function isoZulu(s: string): number | undefined {
  return isoZuluAt(s, 0, s.length);
}

/** isoZulu of `text[o, end)`. */
function isoZuluAt(text: string, o: number, end: number): number | undefined {
  const s = text;
  if (
    s.charCodeAt(o + 4) !== 45 ||
    s.charCodeAt(o + 7) !== 45 ||
    s.charCodeAt(o + 10) !== 84 ||
    s.charCodeAt(o + 13) !== 58
  )
    return undefined;
  const year = twoDigits(s, o) * 100 + twoDigits(s, o + 2);
  const month = twoDigits(s, o + 5);
  const day = twoDigits(s, o + 8);
  const hour = twoDigits(s, o + 11);
  const minute = twoDigits(s, o + 14);
  // a non-digit anywhere made its pair negative
  if (!(
    year >= 1970 &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= 31 &&
    hour >= 0 &&
    hour <= 23 &&
    minute >= 0 &&
    minute <= 59
  ))
    return undefined;
  const rest = secondsAt(s, o, end);
  return rest === undefined ? undefined : ((daysFromCivil(year, month, day) * 24 + hour) * 60 + minute) * 60_000 + rest;
}

/**
 * The part of an exported time `text[o, end)` after its minute (`:SS`, 0–7 fraction digits,
 * `Z`), in milliseconds; undefined when it is not that.
 */
function secondsAt(s: string, o: number, end: number): number | undefined {
  const n = end - o;
  if (n < 20 || n > 28 || s.charCodeAt(end - 1) !== 90 || s.charCodeAt(o + 16) !== 58) return undefined;
  const second = twoDigits(s, o + 17);
  if (!(second >= 0 && second <= 60)) return undefined;
  let ms = 0;
  if (n > 20) {
    if (s.charCodeAt(o + 19) !== 46) return undefined;
    for (let i = o + 20, scale = 100; i < end - 1; i++, scale /= 10) {
      const digit = s.charCodeAt(i) - 48;
      if (digit < 0 || digit > 9) return undefined;
      if (scale >= 1) ms += digit * scale;
    }
  }
  return second * 1000 + ms;
}

/**
 * parseTraceTime of `text[start, end)`, read in place, remembering the minute it read last: the
 * rows of an export come minute by minute, so most times need only their seconds read (a prefix
 * compare runs in native code). One reader per file being read; it holds a 16-character string.
 */
export function createTimeReader(order?: DateOrder): (text: string, start: number, end: number) => number | undefined {
  let minute = '';
  let minuteMs = 0;
  return (text, start, end) => {
    if (minute !== '' && text.startsWith(minute, start)) {
      const rest = secondsAt(text, start, end);
      if (rest !== undefined) return minuteMs + rest;
    }
    const t = isoZuluAt(text, start, end);
    if (t === undefined) return parseTraceTime(text.slice(start, end), order);
    minute = text.slice(start, start + 16);
    minuteMs = t - secondsAt(text, start, end)!;
    return t;
  };
}

/** The two decimal digits of `s` at `i` as a number, or a negative number when one is not a digit. */
function twoDigits(s: string, i: number): number {
  const a = s.charCodeAt(i) - 48;
  const b = s.charCodeAt(i + 1) - 48;
  return a >>> 0 > 9 || b >>> 0 > 9 ? -10_000 : a * 10 + b;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function validDate(t: number, month: number, day: number): number | undefined {
  if (!Number.isFinite(t) || month < 1 || month > 12 || day < 1 || day > 31) return undefined;
  // 31/04 or 30/02 would roll over into the next month: not a date, so not this order either
  if (new Date(t).getUTCDate() !== day) return undefined;
  return t;
}

export function isoTime(t: number): string {
  return new Date(t).toISOString();
}
