/**
 * Trace times in the shapes the exports really use. Every trace time is UTC (Microsoft documents
 * it so), so a value without a zone is read as UTC, never against the host's zone.
 *
 * - ISO 8601 with 0–7 fractional digits, with or without `Z` or an offset (EAC CSVs, PowerShell 7);
 * - `/Date(1658851300604)/` (Reporting Web Service JSON, old ConvertTo-Json);
 * - locale strings written by Windows PowerShell's Export-Csv: `1/21/2025 3:45:12 AM` (en-US),
 *   `21/01/2025 15:45:12`, `21.01.2025 15:45:12`. Slash dates are month-first unless the first
 *   number cannot be a month; dotted dates are day-first.
 */

const ISO = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;
const MS_JSON = /^\/Date\((-?\d+)(?:[+-]\d{4})?\)\/$/;
const LOCALE = /^(\d{1,2})([/.])(\d{1,2})\2(\d{4})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?(?:\s*([AaPp])\.?[Mm]\.?)?$/;

/** epoch milliseconds, or undefined when the value is empty or not a time */
export function parseTraceTime(raw: string | undefined): number | undefined {
  if (!raw) return undefined;
  const s = raw.trim();
  if (!s) return undefined;

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
    return validDate(t, +m[2]!, +m[3]!);
  }

  m = MS_JSON.exec(s);
  if (m) return Number(m[1]);

  m = LOCALE.exec(s);
  if (m) {
    const a = +m[1]!;
    const b = +m[3]!;
    let month: number;
    let day: number;
    if (m[2] === '.') {
      day = a;
      month = b;
    } else if (a > 12) {
      day = a;
      month = b;
    } else {
      month = a;
      day = b;
    }
    let hour = +m[5]!;
    const ampm = m[8]?.toLowerCase();
    if (ampm === 'p' && hour < 12) hour += 12;
    if (ampm === 'a' && hour === 12) hour = 0;
    const t = Date.UTC(+m[4]!, month - 1, day, hour, +m[6]!, m[7] ? +m[7] : 0);
    return validDate(t, month, day);
  }
  return undefined;
}

function validDate(t: number, month: number, day: number): number | undefined {
  if (!Number.isFinite(t) || month < 1 || month > 12 || day < 1 || day > 31) return undefined;
  return t;
}

export function isoTime(t: number): string {
  return new Date(t).toISOString();
}
