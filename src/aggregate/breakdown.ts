/**
 * The report's breakdown: deliveries per day, messages per direction, and the senders,
 * destination domains and sending IPs behind the failures, each with its dominant cause. One pass
 * over the fold's deliveries at report time; memory grows with days and with the distinct values
 * of failed deliveries, not with rows.
 */
import { statusCodeMeaning } from '../catalog/status-codes.js';
import type { DayCount, FailureSource, RankedList, ReportBreakdown, StatusCodeUse } from '../model/report.js';
import type { DeliveryState, Direction } from '../model/trace.js';
import { isoTime } from '../normalize/timestamps.js';
import { failureOf, type FailureVisit } from './failed-deliveries.js';
import type { DeliveryFold } from './fold-state.js';

const DAY_MS = 86_400_000;
const DAY_STATES = ['delivered', 'failed', 'pending', 'quarantined', 'filteredAsSpam'] as const;
type DayState = (typeof DAY_STATES)[number];

function isDayState(s: DeliveryState): s is DayState {
  return s === 'delivered' || s === 'failed' || s === 'pending' || s === 'quarantined' || s === 'filteredAsSpam';
}

/**
 * Failed deliveries per value and cause: per value, counts by cause number (the causes of one run
 * are a few dozen, numbered as they come): one map lookup per failure and value.
 */
class Tally {
  private readonly byValue = new Map<string, number[]>();
  constructor(private readonly causeIds: string[]) {}

  count(value: string | undefined, cause: number): void {
    if (!value) return;
    let counts = this.byValue.get(value);
    if (!counts) this.byValue.set(value, (counts = []));
    counts[cause] = (counts[cause] ?? 0) + 1;
  }

  /** the values with the most failures, each with the cause most of its failures have (the first id on a tie) */
  ranked(listed: number): RankedList {
    const all: FailureSource[] = [];
    for (const [value, counts] of this.byValue) {
      let failed = 0;
      let cause = '';
      let most = 0;
      counts.forEach((n, i) => {
        failed += n;
        const id = this.causeIds[i]!;
        if (n > most || (n === most && id < cause)) [cause, most] = [id, n];
      });
      all.push({ value, failed, cause });
    }
    all.sort((a, b) => b.failed - a.failed || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
    return { top: all.slice(0, listed), more: Math.max(0, all.length - listed) };
  }
}

function emptyByDirection(): Record<Direction, number> {
  return { inbound: 0, outbound: 0, internal: 0, unknown: 0 };
}

/** The cause spans the breakdown found: first and last failure time (ms) per cause id. */
export type CauseSpans = Map<string, { first: number; last: number }>;

/** How a failure text is known to the breakdown: its cause id, and its enhanced status code when it has one. */
export interface TextVerdicts {
  causeOf(textId: number): string;
  codeOf(textId: number): string | undefined;
}

export function buildBreakdown(
  fold: DeliveryFold,
  texts: TextVerdicts,
  topListed: number,
): { breakdown: ReportBreakdown; spans: CauseSpans } {
  const days = new Map<number, DayCount>();
  const dayOf = (t: number): DayCount => {
    const n = Math.floor(t / DAY_MS);
    let day = days.get(n);
    if (!day) {
      const zero = Object.fromEntries(DAY_STATES.map((s) => [s, 0])) as Record<(typeof DAY_STATES)[number], number>;
      day = { date: isoTime(n * DAY_MS).slice(0, 10), deliveries: 0, ...zero, causes: {} };
      days.set(n, day);
    }
    return day;
  };
  const messages = emptyByDirection();
  for (let m = 0, n = fold.messages; m < n; m++) messages[fold.direction(m)]++;

  const failed = emptyByDirection();
  const causeIds: string[] = [];
  const causeNumber = new Map<string, number>();
  const senders = new Tally(causeIds);
  const destinations = new Tally(causeIds);
  const ips = new Tally(causeIds);
  const codes = new Map<string, number>();
  const spans: CauseSpans = new Map();
  // one pass: every dated delivery counts in its day, and each failure in the lists
  fold.forEachDelivery((rec, m) => {
    if (!Number.isNaN(rec.time)) {
      const day = dayOf(rec.time);
      day.deliveries++;
      if (isDayState(rec.state)) day[rec.state]++;
    }
    if (rec.state === 'failed') onFailure(failureOf(fold, rec, m, texts.causeOf));
  });
  function onFailure({ record, message, recipient, causeId, facts }: FailureVisit): void {
    failed[
      facts?.facts.direction !== undefined && facts.facts.direction !== 'unknown'
        ? facts.facts.direction
        : fold.direction(message)
    ]++;
    let cause = causeNumber.get(causeId);
    if (cause === undefined) {
      causeNumber.set(causeId, (cause = causeIds.length));
      causeIds.push(causeId);
    }
    senders.count(facts?.facts.sender?.toLowerCase(), cause);
    const at = recipient.lastIndexOf('@');
    destinations.count(at >= 0 ? recipient.slice(at + 1) : undefined, cause);
    ips.count(facts?.sendingIp, cause);
    const code = texts.codeOf(record.textId);
    if (code) codes.set(code, (codes.get(code) ?? 0) + 1);
    const t = record.time;
    if (Number.isNaN(t)) return;
    const day = dayOf(t);
    day.causes[causeId] = (day.causes[causeId] ?? 0) + 1;
    const span = spans.get(causeId);
    if (!span) spans.set(causeId, { first: t, last: t });
    else {
      if (t < span.first) span.first = t;
      if (t > span.last) span.last = t;
    }
  }

  const statusCodes: StatusCodeUse[] = [...codes]
    .map(([code, n]) => ({ code, count: n, meaning: statusCodeMeaning(code) ?? "a code of the server's own" }))
    .sort((a, b) => b.count - a.count || a.code.localeCompare(b.code));
  return {
    breakdown: {
      timeZone: 'UTC',
      days: contiguous(days, dayOf),
      messages,
      failed,
      senders: senders.ranked(topListed),
      destinations: destinations.ranked(topListed),
      sendingIps: ips.ranked(topListed),
      statusCodes,
    },
    spans,
  };
}

/** Days from the first to the last, the quiet ones with zeros (a chart's axis has no holes), up to a year and a bit. */
function contiguous(days: Map<number, DayCount>, dayOf: (t: number) => DayCount): DayCount[] {
  const numbers = [...days.keys()].sort((a, b) => a - b);
  const first = numbers[0];
  const last = numbers[numbers.length - 1];
  if (first !== undefined && last !== undefined && last - first <= 400)
    for (let n = first; n <= last; n++) dayOf(n * DAY_MS);
  return [...days].sort((a, b) => a[0] - b[0]).map(([, d]) => d);
}
