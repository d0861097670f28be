/**
 * The pipeline: sources → events → fold → report. Each source is read in turn into one fold, so
 * a message whose events span several files is still one message. A source that cannot be read
 * at all becomes an issue and the others are still analyzed.
 */
import { createAuthHealth } from '../aggregate/auth-health.js';
import { buildReport, type ReportContext } from '../aggregate/build-report.js';
import { noReasonCause } from '../catalog/index.js';
import { summarizeAuth } from '../classify/auth-summary.js';
import type { DateOrder } from '../model/dates.js';
import { isExotraceError, issueOf, type ExotraceError, type Issue } from '../model/errors.js';
import type { InputSummary } from '../model/input.js';
import type { Report } from '../model/report.js';
import type { ReadContext } from '../sources/read-export.js';
import type { SourceContext, TraceSource } from '../sources/trace-source.js';
import type { OutcomeBatch } from '../store/outcome.js';
import { outcomesOfFold } from '../store/outcomes-of-fold.js';
import { failedDeliveries, type FailedDelivery } from '../aggregate/failed-deliveries.js';
import type { LocalRules } from '../catalog/local-rules.js';
import { createFoldingSink } from './fold-events.js';

export { ANALYZE_CLASSIFIER } from './fold-events.js';

export interface AnalyzeOutcome {
  report: Report;
  /** sources that could not be read at all, with why */
  failedInputs: ExotraceError[];
  /** every delivery's outcome, for a store (src/store/outcome.ts), under the tenant's name */
  outcomes(tenant: string): OutcomeBatch;
  /** every failed delivery with its row's facts (memory grows with the failures: for the CSV of failures) */
  failures(): FailedDelivery[];
}

/** Who watches the reading, how many threads read, and how dates are read. */
export interface AnalyzeOptions {
  onProgress?: ReadContext['onProgress'];
  /** Threads that may read one large file at once (1, the default: this thread only). */
  threads?: number;
  /** The range reader's program; by default the built one in dist/threads. */
  rangeWorker?: URL;
  /** Files are cut into ranges of at least this many bytes (default MIN_RANGE_BYTES). */
  minRangeBytes?: number;
  /** how every input's locale dates are read (--date-order); by default decided per input */
  dateOrder?: DateOrder;
  /** the local rules ctx.classifier was made with, for the classifiers of worker threads */
  localRules?: LocalRules;
}

/** A file is cut into ranges of at least this size: below it a thread costs more than it saves. */
export const MIN_RANGE_BYTES = 48 * 1024 * 1024;

export async function analyzeSources(
  sources: readonly TraceSource[],
  ctx: ReportContext,
  options: AnalyzeOptions = {},
): Promise<AnalyzeOutcome> {
  const authHealth = createAuthHealth((value) => summarizeAuth(value, ctx.classifier));
  const sink = createFoldingSink(ctx.classifier, (e, message) => authHealth.add(e, message));
  const inputs: InputSummary[] = [];
  const issues: Issue[] = [];
  const failedInputs: ExotraceError[] = [];
  let issuesNotListed = 0;

  const onIssue = (issue: Issue): void => {
    if (issues.length < ctx.limits.maxIssuesListed) issues.push(issue);
    else issuesNotListed++;
  };
  const threads = options.threads ?? 1;
  const read: SourceContext = {
    limits: ctx.limits,
    onEvent: sink.onEvent,
    onDeliverySpan: sink.onDeliverySpan,
    onIssue,
    onProgress: options.onProgress,
    ...(options.dateOrder ? { dateOrder: options.dateOrder } : {}),
    ...(threads > 1
      ? {
          threads: {
            count: threads,
            minRangeBytes: options.minRangeBytes ?? MIN_RANGE_BYTES,
            workerUrl: options.rangeWorker ?? new URL('../threads/range-worker.js', import.meta.url),
            merge: (done, lineOffset) =>
              authHealth.addRecorded(done.auth, sink.merge(done.fold, done.verdicts, lineOffset)),
            onIssuesNotListed: (n) => void (issuesNotListed += n),
            ...(options.localRules ? { localRules: options.localRules } : {}),
          },
        }
      : {}),
  };

  for (const source of sources) {
    try {
      inputs.push(await source.read(read));
    } catch (e) {
      if (!isExotraceError(e)) throw e;
      failedInputs.push(e);
      onIssue(issueOf(e, source.name));
    }
  }

  sink.finish();
  const report = buildReport(
    { fold: sink.fold, authHealth, inputs, issues, issuesNotListed, verdicts: sink.verdicts },
    ctx,
  );
  const causeOf = (textId: number): string =>
    textId < 0 ? noReasonCause.id : (sink.verdicts[textId] ?? ctx.classifier.classify(sink.fold.text(textId))).id;
  return {
    report,
    failedInputs,
    outcomes: (tenant) => outcomesOfFold(sink.fold, tenant, causeOf),
    failures: () => failedDeliveries(sink.fold, causeOf),
  };
}
