/**
 * exotrace as a library: the entry point of the package (`import { analyze } from 'exotrace'`).
 * What is exported here is the public API; everything else is internal and may change.
 *
 *   const { report } = await analyze(['trace.csv']);
 *   const verdict = classify('550 5.1.10 RESOLVER.ADR.RecipientNotFound; …');
 */
import { createCatalog, type Catalog } from './catalog/index.js';
import { createClassifier, type Classifier, type Verdict } from './classify/classifier.js';
import { explainText, type Explanation } from './classify/explain.js';
import { defaultLimits, type Limits } from './model/limits.js';
import { ANALYZE_CLASSIFIER, analyzeSources, type AnalyzeOptions, type AnalyzeOutcome } from './pipeline/analyze.js';
import { fileSource } from './sources/file-source.js';
import type { TraceSource } from './sources/trace-source.js';

export type { Cause, CauseSignals, Owner } from './catalog/types.js';
export type { Catalog } from './catalog/index.js';
export type { Verdict, ClassifierOptions, Classifier } from './classify/classifier.js';
export type { Explanation } from './classify/explain.js';
export type { AuthSummary, FilteringVerdict } from './model/auth.js';
export type { DateOrder, DateOrderDecision } from './model/dates.js';
export { ExotraceError, isExotraceError, type ErrorCode, type Issue, type Location } from './model/errors.js';
export type { InputFormat, InputKind, InputSummary } from './model/input.js';
export type { Limits } from './model/limits.js';
export type * from './model/report.js';
export type { DeliveryState, Direction, EventWeight, MessageFacts, TraceEvent } from './model/trace.js';
export type { AnalyzeOutcome } from './pipeline/analyze.js';
export { fileSource, streamSource, textSource } from './sources/file-source.js';
export type { SourceContext, TraceSource, TraceSourceKind } from './sources/trace-source.js';
export {
  buildView,
  type Counted,
  type CauseView,
  type Rendered,
  type Renderer,
  type RenderContext,
  type ReportScope,
  type ReportView,
  type ViewExtras,
} from './render/view-model.js';
export { createRedactor, type RedactOptions, type Redactor } from './render/redact.js';
export { verdictOf, type Verdict as ReportVerdict, type VerdictLevel } from './render/verdict.js';
export type { Kpi, KpiSet, PeriodComparison } from './render/compare.js';
export type { FailedDelivery } from './aggregate/failed-deliveries.js';
export { renderers, reportFormats, type ReportFormat } from './render/index.js';
export type {
  OutcomeBatch,
  OutcomeQuery,
  OutcomeRecord,
  OutcomeStore,
  ReasonText,
  StoredOutcome,
} from './store/outcome.js';
export type { DailyCount, DetailEvent, HistoryStore, RunRecord, ScanWindow, TraceRow } from './store/history.js';
export { noReasonCause, unknownCause } from './catalog/index.js';

/** The cause catalog: one entry per cause (id, title, owner, explanation, fix steps, references). */
export const catalog: Catalog = createCatalog();

export interface AnalyzeApiOptions extends AnalyzeOptions {
  /** the report's generation time (default: now) */
  now?: () => Date;
  limits?: Partial<Limits>;
}

/**
 * Analyzes trace data: file paths (any export, bounce or mailbox exotrace reads; what each is, is
 * detected) or TraceSources. An input that cannot be read is listed in `failedInputs` and as an
 * issue; the others are still analyzed.
 */
export function analyze(
  inputs: ReadonlyArray<string | TraceSource>,
  options: AnalyzeApiOptions = {},
): Promise<AnalyzeOutcome> {
  const { now = () => new Date(), limits, ...rest } = options;
  const sources = inputs.map((i) => (typeof i === 'string' ? fileSource(i) : i));
  const ctx = {
    catalog,
    classifier: createClassifier(catalog, ANALYZE_CLASSIFIER),
    limits: { ...defaultLimits, ...limits },
    now,
  };
  return analyzeSources(sources, ctx, rest);
}

/** The classifier behind classify() and explain(); its cache of verdicts is bounded (ClassifierOptions). */
const textClassifier: Classifier = createClassifier(catalog);

/**
 * The cause of one failure text (a Detail column, a status, an NDR's diagnostic) or one
 * Authentication-Results value: the cause id, with what decided it.
 */
export function classify(text: string): Verdict {
  return textClassifier.classify(text);
}

/** classify() joined with the catalog: title, owner, explanation, fix steps and references. */
export function explain(text: string): Explanation {
  return explainText(text, textClassifier, catalog);
}
