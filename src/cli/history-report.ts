/**
 * A period of the scan history as a report, for `report` and for `scan --verify-dns`: the history
 * read as a TraceSource through analyze's pipeline, with notes on what the history holds of the
 * period (coverage, failures whose reason is read, inferred or missing).
 */
import type { ReportContext } from '../aggregate/build-report.js';
import type { FailedDelivery } from '../aggregate/failed-deliveries.js';
import type { Report } from '../model/report.js';
import { analyzeSources } from '../pipeline/analyze.js';
import { coverageNote, coverageOf } from '../scan/coverage.js';
import { historySource, type ReasonCounts } from '../scan/history-source.js';
import type { HistoryStore } from '../store/history.js';

export function reasonsNote(tenant: string, c: ReasonCounts): string {
  const parts = [`${c.read} have their reason read`];
  if (c.inferred > 0) {
    parts.push(
      `${c.inferred} take the reason read for a failure that looks alike (same sender and recipient domains, size and ` +
        'hour): inferred, not read',
    );
  }
  if (c.unknown > 0)
    parts.push(`${c.unknown} have none yet (their details are not read: the next exotrace scan reads them)`);
  return `graph:${tenant}: of ${c.failed} failed deliveries, ${parts.join('; ')}.`;
}

/** Why the tenant's last unfinished scan stopped, when its last run did not complete. */
export function lastProblem(store: HistoryStore, tenant: string): string | undefined {
  const last = store.runs(tenant).at(-1);
  return last && last.status !== 'complete' ? last.problem : undefined;
}

export interface Period {
  from: Date;
  to: Date;
}

export interface PeriodReport {
  report: Report;
  failures?: FailedDelivery[];
  /** milliseconds of the period the history covers, over all its tenants */
  covered: number;
}

/** One report of `tenants` over a period, with the notes on what the history holds of it. */
export async function periodReport(
  store: HistoryStore,
  tenants: readonly string[],
  p: Period,
  ctx: ReportContext,
  wantFailures: boolean,
): Promise<PeriodReport> {
  const from = p.from.toISOString();
  const to = p.to.toISOString();
  const reasons: string[] = [];
  const sources = tenants.map((t) =>
    historySource(store, t, from, to, (c) => {
      if (c.failed > 0 && c.read < c.failed) reasons.push(reasonsNote(t, c));
    }),
  );
  const analysis = await analyzeSources(sources, ctx);
  const report = analysis.report;
  report.notes.push(...reasons);
  let covered = 0;
  for (const t of tenants) {
    const windows = store.coverage(t, from, to);
    covered += coverageOf(windows, p.from.getTime(), p.to.getTime()).covered;
    report.notes.push(coverageNote(t, windows, p.from, p.to, lastProblem(store, t)));
  }
  return { report, covered, ...(wantFailures ? { failures: analysis.failures() } : {}) };
}

/** The previous period's report, when the history holds any of it. */
export async function previousReport(
  store: HistoryStore,
  tenants: readonly string[],
  p: Period,
  ctx: ReportContext,
): Promise<Report | undefined> {
  const length = p.to.getTime() - p.from.getTime();
  const before = { from: new Date(p.from.getTime() - length), to: p.from };
  const { report } = await periodReport(store, tenants, before, ctx, false);
  return report.totals.deliveries > 0 ? report : undefined;
}
