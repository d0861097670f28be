/**
 * The renderer contract: one view of the report, built once, that every renderer reads. It
 * holds plain data (what to show, with the percentages worked out); each renderer formats and
 * escapes it for its own medium (a terminal, JSON, Markdown, HTML, a spreadsheet, a PDF).
 */
import type { Owner } from '../catalog/types.js';
import type { Issue } from '../model/errors.js';
import type { InputSummary } from '../model/input.js';
import type { AuthenticationHealth, Report, ReportCause, ReportTotals, UnclassifiedCluster } from '../model/report.js';
import type { DeliveryState } from '../model/trace.js';
import type { FailedDelivery } from '../aggregate/failed-deliveries.js';
import { compareWith, kpisOf, type KpiSet, type PeriodComparison } from './compare.js';
import { verdictOf, type Verdict } from './verdict.js';
import type { DnsFinding } from '../model/dns-checks.js';

/** A count and its percentage of a whole (0…100; 0 when the whole is 0). */
export interface Counted {
  count: number;
  percent: number;
}

export interface CauseView extends ReportCause {
  /** percentage of all failed deliveries */
  percent: number;
  /** what --verify-dns found of this cause (none when it was not asked for or found nothing) */
  dns: readonly DnsFinding[];
}

export interface ReportView {
  /** the report as built, for renderers that write it whole (JSON) */
  report: Report;
  generatedAt: string;
  period?: { start: string; end: string };
  inputs: readonly InputSummary[];
  totals: ReportTotals;
  /** each final state's percentage of all deliveries */
  states: Readonly<Record<DeliveryState, Counted>>;
  /** who must act on the failures, largest first (percentages of failed deliveries) */
  owners: ReadonlyArray<Counted & { owner: Owner }>;
  /** failed deliveries by cause, largest first */
  causes: readonly CauseView[];
  /** deliveries still being retried, by the cause of their last deferral */
  pending: { count: number; causes: readonly ReportCause[] };
  authentication?: AuthenticationHealth;
  unclassified: readonly UnclassifiedCluster[];
  issues: { listed: readonly Issue[]; total: number };
  notes: readonly string[];
  /** the sentence a reader sees first, with its status */
  verdict: Verdict;
  /** the headline figures, with their change when a previous period is known */
  kpis: KpiSet;
  /** against the previous period, when one is known (history, or --baseline) */
  comparison?: PeriodComparison;
  /** every failed delivery, when the run kept them (the CSV of failures) */
  failures?: readonly FailedDelivery[];
  /** with several tenants: one view each (this view is their roll-up) */
  tenants?: ReadonlyArray<{ name: string; view: ReportView }>;
  /** what the page says about its scope (tenants, or files), and how much of the period was read */
  scope?: ReportScope;
}

export interface ReportScope {
  /** `tenants` for the scan history, `files` for analyze */
  kind: 'tenants' | 'files';
  names: readonly string[];
  /** the period asked for (report), when it is not simply the data's own */
  requested?: { start: string; end: string };
  /** the share of the requested period the history has read (0…100), when known */
  coveragePercent?: number;
}

/** What a run adds to its report for the view: the previous period, the failures, the tenants. */
export interface ViewExtras {
  baseline?: Report;
  failures?: readonly FailedDelivery[];
  tenants?: ReadonlyArray<{ name: string; report: Report; baseline?: Report }>;
  scope?: ReportScope;
}

/** What a renderer gives: text (text, JSON, Markdown, HTML, CSV) or bytes (PDF). */
export type Rendered = { mediaType: string; text: string } | { mediaType: string; bytes: Uint8Array };

/** What a renderer may need beyond the view: the environment (where the browser is, for the PDF). */
export interface RenderContext {
  env: NodeJS.ProcessEnv;
}

export type Renderer = (view: ReportView, ctx: RenderContext) => Rendered | Promise<Rendered>;

function percentOf(n: number, of: number): number {
  return of === 0 ? 0 : (100 * n) / of;
}

const STATES: readonly DeliveryState[] = [
  'delivered',
  'failed',
  'pending',
  'quarantined',
  'filteredAsSpam',
  'expanded',
  'dropped',
  'unknown',
];

export function buildView(report: Report, extras: ViewExtras = {}): ReportView {
  const t = report.totals;
  const states = Object.fromEntries(
    STATES.map((s) => [s, { count: t[s], percent: percentOf(t[s], t.deliveries) }]),
  ) as Record<DeliveryState, Counted>;
  const byOwner = new Map<Owner, number>();
  for (const c of report.causes) byOwner.set(c.owner, (byOwner.get(c.owner) ?? 0) + c.count);
  const owners = [...byOwner]
    .sort((a, b) => b[1] - a[1])
    .map(([owner, count]) => ({ owner, count, percent: percentOf(count, t.failed) }));
  const pendingCauses = report.pendingCauses ?? [];
  return {
    report,
    generatedAt: report.generatedAt,
    ...(report.period ? { period: report.period } : {}),
    inputs: report.inputs,
    totals: t,
    states,
    owners,
    causes: report.causes.map((c) => ({
      ...c,
      percent: percentOf(c.count, t.failed),
      dns: report.dns?.findings.filter((f) => f.cause === c.id) ?? [],
    })),
    pending: { count: pendingCauses.reduce((s, c) => s + c.count, 0), causes: pendingCauses },
    ...(report.authentication ? { authentication: report.authentication } : {}),
    unclassified: report.unclassified,
    issues: { listed: report.issues, total: report.issues.length + report.issuesNotListed },
    notes: report.notes,
    verdict: verdictOf(report),
    kpis: kpisOf(report, extras.baseline),
    ...(extras.baseline ? { comparison: compareWith(report, extras.baseline) } : {}),
    ...(extras.failures ? { failures: extras.failures } : {}),
    ...(extras.tenants && extras.tenants.length > 1
      ? {
          tenants: extras.tenants.map((t) => ({
            name: t.name,
            view: buildView(t.report, t.baseline ? { baseline: t.baseline } : {}),
          })),
        }
      : {}),
    ...(extras.scope ? { scope: extras.scope } : {}),
  };
}
