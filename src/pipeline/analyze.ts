/**
 * The analyze pipeline: files → events → fold → report. Each file is read in turn into one
 * fold, so a message whose events span several files is still one message. A file that cannot be
 * read at all becomes an issue and the others are still analyzed.
 */
import { buildReport, type ReportContext } from '../aggregate/build-report.js';
import { createDeliveryFold } from '../aggregate/delivery-fold.js';
import { isExotraceError, type ExotraceError } from '../model/errors.js';
import type { Report, ReportIssue } from '../model/report.js';
import type { InputSummary, TraceEvent } from '../model/trace.js';
import { createAuthHealth } from '../aggregate/auth-health.js';
import { summarizeAuth } from '../classify/auth-summary.js';
import { readExportFile } from '../sources/read-export.js';

export interface AnalyzeOutcome {
  report: Report;
  /** files that could not be read at all, with why */
  failedInputs: ExotraceError[];
}

export async function analyzeFiles(paths: readonly string[], ctx: ReportContext): Promise<AnalyzeOutcome> {
  const fold = createDeliveryFold();
  const authHealth = createAuthHealth((value) => summarizeAuth(value, ctx.classifier));
  const onEvent = (e: TraceEvent): void => {
    fold.add(e);
    if (e.auth) authHealth.add(e);
  };
  const inputs: InputSummary[] = [];
  const issues: ReportIssue[] = [];
  const failedInputs: ExotraceError[] = [];
  let issuesNotListed = 0;

  const onIssue = (issue: ReportIssue): void => {
    if (issues.length < ctx.limits.maxIssuesListed) issues.push(issue);
    else issuesNotListed++;
  };

  for (const path of paths) {
    try {
      inputs.push(await readExportFile(path, { limits: ctx.limits, onEvent, onIssue }));
    } catch (e) {
      if (!isExotraceError(e)) throw e;
      failedInputs.push(e);
      onIssue({ source: e.location.source ?? path, code: e.code, message: e.message, ...(e.location.line ? { line: e.location.line } : {}) });
    }
  }

  const report = buildReport({ fold, authHealth, inputs, issues, issuesNotListed }, ctx);
  return { report, failedInputs };
}
