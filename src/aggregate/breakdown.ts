/**
 * The report's breakdown: deliveries per day, messages per direction, and the senders,
 * destination domains and sending IPs behind the failures, each with its dominant cause. One pass
 * over the fold's deliveries at report time; memory grows with days and with the distinct values
 * of failed deliveries, not with rows.
 */
import { statusCodeMeaning } from '../catalog/status-codes.js';
import type { DayCount, RankedList, ReportBreakdown, StatusCodeUse } from '../model/report.js';
import type { DeliveryState, Direction } from '../model/trace.js';
import { isoTime } from '../normalize/timestamps.js';
import { forEachFailure, statusOf } from './failed-deliveries.js';
import type { DeliveryFold } from './fold-state.js';

const DAY_MS = 86_400_000;
const DAY_STATES = ['delivered', 'failed', 'pending', 'quarantined', 'filteredAsSpam'] as const;

/** per value, failed deliveries per cause id */
type Tally = Map<string, Map<string, number>>;

function count(tally: Tally, value: string | undefined, cause: string): void {
  if (!value) return;
  let causes = tally.get(value);
  if (!causes) tally.set(value, (causes = new Map()));
  causes.set(cause, (causes.get(cause) ?? 0) + 1);
}

function ranked(tally: Tally, listed: number): RankedList {
  const all = [...tally].map(([value, causes]) => {
    let failed = 0;
    let cause = '';
    let most = 0;
    for (const [id, n] of [...causes].sort((a, b) => a[0].localeCompare(b[0]))) {
      failed += n;
      if (n > most) [cause, most] = [id, n];
    }
    return { value, failed, cause };
  });
  all.sort((a, b) => b.failed - a.failed || a.value.localeCompare(b.value));
  return { top: all.slice(0, listed), more: Math.max(0, all.length - listed) };
}

function emptyByDirection(): Record<Direction, number> {
  return { inbound: 0, outbound: 0, internal: 0, unknown: 0 };
}

/** The cause spans the breakdown found: first and last failure time (ms) per cause id. */
export type CauseSpans = Map<string, { first: number; last: number }>;

export function buildBreakdown(
  fold: DeliveryFold,
  causeOfText: (textId: number) => string,
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
  fold.forEachDelivery((rec) => {
    if (Number.isNaN(rec.time)) return;
    const day = dayOf(rec.time);
    day.deliveries++;
    if ((DAY_STATES as readonly DeliveryState[]).includes(rec.state)) day[rec.state as (typeof DAY_STATES)[number]]++;
  });

  const messages = emptyByDirection();
  for (let m = 0; m < fold.messages; m++) messages[fold.direction(m)]++;

  const failed = emptyByDirection();
  const senders: Tally = new Map();
  const destinations: Tally = new Map();
  const ips: Tally = new Map();
  const codes = new Map<string, number>();
  const codeOfText = new Map<number, string | undefined>();
  const spans: CauseSpans = new Map();
  forEachFailure(fold, causeOfText, ({ record, message, recipient, causeId, facts }) => {
    failed[
      facts?.facts.direction !== undefined && facts.facts.direction !== 'unknown'
        ? facts.facts.direction
        : fold.direction(message)
    ]++;
    count(senders, facts?.facts.sender?.toLowerCase(), causeId);
    const at = recipient.lastIndexOf('@');
    count(destinations, at >= 0 ? recipient.slice(at + 1) : undefined, causeId);
    count(ips, facts?.sendingIp, causeId);
    let code = codeOfText.get(record.textId);
    if (!codeOfText.has(record.textId)) {
      const status = record.textId >= 0 ? statusOf(fold.text(record.textId)) : undefined;
      code = status?.includes('.') ? status : undefined;
      codeOfText.set(record.textId, code);
    }
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
  });

  const statusCodes: StatusCodeUse[] = [...codes]
    .map(([code, n]) => ({ code, count: n, meaning: statusCodeMeaning(code) ?? 'a code of the server’s own' }))
    .sort((a, b) => b.count - a.count || a.code.localeCompare(b.code));
  return {
    breakdown: {
      timeZone: 'UTC',
      days: contiguous(days, dayOf),
      messages,
      failed,
      senders: ranked(senders, topListed),
      destinations: ranked(destinations, topListed),
      sendingIps: ranked(ips, topListed),
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
