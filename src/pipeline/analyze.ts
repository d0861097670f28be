/**
 * The analyze pipeline: files → events → fold → report. Each file is read in turn into one
 * fold, so a message whose events span several files is still one message. A file that cannot be
 * read at all becomes an issue and the others are still analyzed.
 */
import { stat } from 'node:fs/promises';
import { buildReport, type ReportContext } from '../aggregate/build-report.js';
import { ExotraceError, isExotraceError } from '../model/errors.js';
import type { Report } from '../model/report.js';
import type { Issue } from '../model/errors.js';
import type { DateOrder } from '../model/dates.js';
import type { InputSummary } from '../model/input.js';
import { createAuthHealth } from '../aggregate/auth-health.js';
import { summarizeAuth } from '../classify/auth-summary.js';
import { readExportFile, readExportStream, type ReadContext } from '../sources/read-export.js';
import { planRanges } from '../threads/plan-ranges.js';
import { createFoldingSink } from './fold-events.js';
import { readFileInRanges } from '../threads/read-in-ranges.js';

export { ANALYZE_CLASSIFIER } from './fold-events.js';

/** The size of a regular file, or 0 when it is not one (the ordinary reader then says why). */
async function fileSize(path: string): Promise<number> {
  try {
    const info = await stat(path);
    return info.isFile() ? info.size : 0;
  } catch {
    return 0;
  }
}

export interface AnalyzeOutcome {
  report: Report;
  /** files that could not be read at all, with why */
  failedInputs: ExotraceError[];
}

/** Where the bytes come from besides files, who watches the reading, and how many threads read. */
export interface AnalyzeIo {
  /** standard input, read for the path `-` */
  stdin?: AsyncIterable<Uint8Array>;
  onProgress?: ReadContext['onProgress'];
  /** Threads that may read one large file at once (1, the default: this thread only). */
  threads?: number;
  /** The range reader's program; by default the built one beside this module. */
  rangeWorker?: URL;
  /** Files are cut into ranges of at least this many bytes (default MIN_RANGE_BYTES). */
  minRangeBytes?: number;
  /** how every input's locale dates are read (--date-order); by default decided per input */
  dateOrder?: DateOrder;
}

/**
 * A file is cut into ranges of at least this size: below it a thread costs more than it saves
 * (a 73 MB file took 1.26 s on two threads and 1.02 s on one in npm run bench).
 */
export const MIN_RANGE_BYTES = 48 * 1024 * 1024;

/** `-` names standard input, as in most command-line tools. */
export const STDIN_PATH = '-';

export async function analyzeFiles(paths: readonly string[], ctx: ReportContext, io: AnalyzeIo = {}): Promise<AnalyzeOutcome> {
  const authHealth = createAuthHealth((value) => summarizeAuth(value, ctx.classifier));
  const sink = createFoldingSink(ctx.classifier, (e, message) => authHealth.add(e, message));
  const { fold, verdicts, onEvent, onDeliverySpan } = sink;
  const inputs: InputSummary[] = [];
  const issues: Issue[] = [];
  const failedInputs: ExotraceError[] = [];
  let issuesNotListed = 0;

  const onIssue = (issue: Issue): void => {
    if (issues.length < ctx.limits.maxIssuesListed) issues.push(issue);
    else issuesNotListed++;
  };

  for (const path of paths) {
    try {
      const read: ReadContext = { limits: ctx.limits, onEvent, onDeliverySpan, onIssue, onProgress: io.onProgress, ...(io.dateOrder ? { dateOrder: io.dateOrder } : {}) };
      if (path === STDIN_PATH) {
        if (!io.stdin) throw new ExotraceError('EXO_INPUT_UNREADABLE', 'standard input is not available here.', { source: 'stdin' });
        inputs.push(await readExportStream(io.stdin, 'stdin', read));
      } else inputs.push(await readFile(path, read));
    } catch (e) {
      if (!isExotraceError(e)) throw e;
      failedInputs.push(e);
      onIssue({ source: e.location.source ?? path, code: e.code, message: e.message, ...(e.location.line ? { line: e.location.line } : {}) });
    }
  }

  async function readFile(path: string, read: ReadContext): Promise<InputSummary> {
    const threads = io.threads ?? 1;
    if (threads < 2) return readExportFile(path, read);
    const size = await fileSize(path);
    const plan = await planRanges(path, size, threads, io.minRangeBytes ?? MIN_RANGE_BYTES, ctx.limits, io.dateOrder);
    if (!plan) return readExportFile(path, read);
    return readFileInRanges(path, plan, sink, authHealth, {
      ...read,
      totalBytes: size,
      workerUrl: io.rangeWorker ?? new URL('../threads/range-worker.js', import.meta.url),
      onIssuesNotListed: (n) => void (issuesNotListed += n),
    });
  }

  sink.finish();
  const report = buildReport({ fold, authHealth, inputs, issues, issuesNotListed, verdicts }, ctx);
  return { report, failedInputs };
}
