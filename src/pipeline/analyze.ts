/**
 * The analyze pipeline: files → events → fold → report. Each file is read in turn into one
 * fold, so a message whose events span several files is still one message. A file that cannot be
 * read at all becomes an issue and the others are still analyzed.
 */
import { buildReport, type ReportContext } from '../aggregate/build-report.js';
import { createDeliveryFold } from '../aggregate/delivery-fold.js';
import { ExotraceError, isExotraceError } from '../model/errors.js';
import type { Report, ReportIssue } from '../model/report.js';
import type { InputSummary, TraceEvent } from '../model/trace.js';
import { createAuthHealth } from '../aggregate/auth-health.js';
import { summarizeAuth } from '../classify/auth-summary.js';
import { readExportFile, readExportStream, type ReadContext } from '../sources/read-export.js';

export interface AnalyzeOutcome {
  report: Report;
  /** files that could not be read at all, with why */
  failedInputs: ExotraceError[];
}

/** Where the bytes come from besides files, and who watches the reading. */
export interface AnalyzeIo {
  /** standard input, read for the path `-` */
  stdin?: AsyncIterable<Uint8Array>;
  onProgress?: ReadContext['onProgress'];
}

/** `-` names standard input, as in most command-line tools. */
export const STDIN_PATH = '-';

export async function analyzeFiles(paths: readonly string[], ctx: ReportContext, io: AnalyzeIo = {}): Promise<AnalyzeOutcome> {
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
      const read: ReadContext = { limits: ctx.limits, onEvent, onIssue, onProgress: io.onProgress };
      if (path === STDIN_PATH) {
        if (!io.stdin) throw new ExotraceError('EXO_INPUT_UNREADABLE', 'standard input is not available here.', { source: 'stdin' });
        inputs.push(await readExportStream(io.stdin, 'stdin', read));
      } else inputs.push(await readExportFile(path, read));
    } catch (e) {
      if (!isExotraceError(e)) throw e;
      failedInputs.push(e);
      onIssue({ source: e.location.source ?? path, code: e.code, message: e.message, ...(e.location.line ? { line: e.location.line } : {}) });
    }
  }

  const report = buildReport({ fold, authHealth, inputs, issues, issuesNotListed }, ctx);
  return { report, failedInputs };
}
