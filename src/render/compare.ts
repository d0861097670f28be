/**
 * This period against the previous one: the KPI changes and what is new. Both are reports (the
 * previous one from the history, or a report JSON written earlier and given with --baseline), so
 * the comparison is pure. Figures a previous report does not have (an older report without a
 * breakdown) come out undefined, never as zero.
 */
import type { Report } from '../model/report.js';

/** A figure now, before, and its change (undefined when the previous report does not have it). */
export interface Kpi {
  now: number;
  before?: number;
  change?: number;
}

export interface KpiSet {
  messagesIn?: Kpi;
  messagesOut?: Kpi;
  /** percentage of deliveries delivered (0…100); its change is in percentage points */
  deliveredPercent: Kpi;
  failed: Kpi;
  /** quarantined or filtered as spam */
  filtered: Kpi;
  pending: Kpi;
}

export interface PeriodComparison {
  /** the previous report's period, when it has one */
  previousPeriod?: { start: string; end: string };
  /** the lengths differ by more than a tenth: the changes compare unequal spans */
  unequalLength: boolean;
  /** failed deliveries per cause id in the previous period */
  causesBefore: ReadonlyMap<string, number>;
  newCauses: string[];
  /** top failing senders and destinations now that were not listed before */
  newSenders: string[];
  newDestinations: string[];
}

export function deliveredPercent(r: Report): number {
  return r.totals.deliveries === 0 ? 0 : (100 * r.totals.delivered) / r.totals.deliveries;
}

function kpi(now: number, before: number | undefined): Kpi {
  return before === undefined ? { now } : { now, before, change: now - before };
}

export function kpisOf(now: Report, before?: Report): KpiSet {
  const t = now.totals;
  const b = before?.totals;
  const set: KpiSet = {
    deliveredPercent: kpi(deliveredPercent(now), before ? deliveredPercent(before) : undefined),
    failed: kpi(t.failed, b?.failed),
    filtered: kpi(t.quarantined + t.filteredAsSpam, b ? b.quarantined + b.filteredAsSpam : undefined),
    pending: kpi(t.pending, b?.pending),
  };
  const m = now.breakdown?.messages;
  const mb = before?.breakdown?.messages;
  if (m && (m.inbound > 0 || m.outbound > 0 || m.internal > 0)) {
    set.messagesIn = kpi(m.inbound, mb?.inbound);
    set.messagesOut = kpi(m.outbound + m.internal, mb ? mb.outbound + mb.internal : undefined);
  }
  return set;
}

function lengthOf(p: { start: string; end: string } | undefined): number | undefined {
  return p ? Date.parse(p.end) - Date.parse(p.start) : undefined;
}

export function compareWith(now: Report, before: Report): PeriodComparison {
  const causesBefore = new Map(before.causes.map((c) => [c.id, c.count]));
  const sendersBefore = new Set(before.breakdown?.senders.top.map((s) => s.value));
  const destinationsBefore = new Set(before.breakdown?.destinations.top.map((s) => s.value));
  const a = lengthOf(now.period);
  const b = lengthOf(before.period);
  return {
    ...(before.period ? { previousPeriod: before.period } : {}),
    unequalLength: a !== undefined && b !== undefined && Math.abs(a - b) > 0.1 * Math.max(a, b),
    causesBefore,
    newCauses: now.causes.filter((c) => !causesBefore.has(c.id)).map((c) => c.id),
    newSenders: before.breakdown
      ? (now.breakdown?.senders.top ?? []).filter((s) => !sendersBefore.has(s.value)).map((s) => s.value)
      : [],
    newDestinations: before.breakdown
      ? (now.breakdown?.destinations.top ?? []).filter((s) => !destinationsBefore.has(s.value)).map((s) => s.value)
      : [],
  };
}
