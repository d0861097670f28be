/**
 * One large plain export read on several threads: the file is cut into ranges at record starts
 * (src/threads/plan-ranges.ts); this thread reads the first range into the run's fold while worker
 * threads read the others into folds of their own, which are then merged in file order. Merging in
 * order gives the report a single reader would have given: the same counts, the same first
 * examples, the same issues with the same line numbers.
 */
import { Worker } from 'node:worker_threads';
import type { InputSummary } from '../model/input.js';
import type { RangePlan } from './plan-ranges.js';
import type { ReadContext } from '../sources/read-export.js';
import { readExportFileRange } from './read-range.js';
import type { RangeJob, RangeMessage } from './range-job.js';

import type { LocalRules } from '../catalog/local-rules.js';

export interface RangedReadContext extends ReadContext {
  /** issues a worker counted but did not list */
  onIssuesNotListed(count: number): void;
  /** the worker program (dist/threads/range-worker.js) */
  workerUrl: URL;
  totalBytes: number;
  merge: RangeMerger;
  /** the run's local rules, for the workers' classifiers */
  localRules?: LocalRules;
}

/** What a worker read of one range. */
export type RangeDone = Extract<RangeMessage, { kind: 'done' }>;

/**
 * Takes in what a worker read (its fold, verdicts and authentication results) after all that was
 * read before it; `lineOffset` turns the worker's line numbers into the file's.
 */
export type RangeMerger = (done: RangeDone, lineOffset: number) => void;

const WORKER_YOUNG_GENERATION_MB = 8;

type Outcome = Extract<RangeMessage, { kind: 'done' | 'failed' }> | { kind: 'stopped' };

interface RunningRange {
  worker: Worker;
  outcome: Promise<Outcome>;
}

export async function readFileInRanges(path: string, plan: RangePlan, ctx: RangedReadContext): Promise<InputSummary> {
  const { starts } = plan;
  const bytesRead = starts.map(() => 0);
  const progress = ctx.onProgress
    ? (k: number, n: number) => {
        bytesRead[k] = n;
        ctx.onProgress!({ source: path, bytesRead: bytesRead.reduce((a, b) => a + b, 0), totalBytes: ctx.totalBytes });
      }
    : undefined;

  const running = new Map<number, RunningRange>();
  for (let k = 1; k < starts.length; k++) {
    const job: RangeJob = {
      path,
      range: {
        start: starts[k]!,
        stops: starts.slice(k + 1),
        continues: { encoding: plan.encoding, header: plan.header, ...(plan.dates ? { dates: plan.dates } : {}) },
      },
      limits: ctx.limits,
      progress: progress !== undefined,
      ...(ctx.localRules ? { rules: ctx.localRules } : {}),
    };
    running.set(
      k,
      startRange(job, ctx.workerUrl, (n) => progress?.(k, n)),
    );
  }

  let sawInvalidBytes = false;
  try {
    const first = await readExportFileRange(
      path,
      { start: 0, stops: starts.slice(1) },
      {
        ...ctx,
        onIssue(issue) {
          if (issue.code === 'EXO_TEXT_INVALID_BYTES') sawInvalidBytes = true;
          ctx.onIssue(issue);
        },
        onProgress: progress && ((p) => progress(0, p.bytesRead)),
      },
    );
    const summary = { ...first.summary };
    let lineOffset = first.lines;
    let next = 1 + first.stopsPassed;
    while (next < starts.length) {
      const k = next;
      const outcome = await running.get(k)!.outcome;
      running.delete(k);
      if (outcome.kind === 'stopped') throw new Error(`range ${k} of ${path} stopped before it finished`);
      if (outcome.kind === 'failed') {
        // The rows before this range are in the report already; say what is missing after them.
        ctx.onIssue({
          source: path,
          line: lineOffset + (outcome.line ?? 1),
          code: outcome.code,
          message: `${outcome.message} The rest of the file from this line on was not analyzed.`,
        });
        break;
      }
      ctx.merge(outcome, lineOffset);
      for (const issue of outcome.issues) {
        if (issue.code === 'EXO_TEXT_INVALID_BYTES') {
          if (sawInvalidBytes) continue;
          sawInvalidBytes = true;
        }
        ctx.onIssue(issue.line === undefined ? issue : { ...issue, line: issue.line + lineOffset });
      }
      if (outcome.issuesNotListed > 0) ctx.onIssuesNotListed(outcome.issuesNotListed);
      summary.rows += outcome.read.summary.rows;
      summary.rejectedRows += outcome.read.summary.rejectedRows;
      lineOffset += outcome.read.lines;
      next = k + 1 + outcome.read.stopsPassed;
    }
    delete summary.possiblyTruncatedAt;
    if (first.truncationLimits.includes(summary.rows)) summary.possiblyTruncatedAt = summary.rows;
    return summary;
  } finally {
    // Ranges that an earlier range read over (or that an error left behind) are not needed.
    for (const r of running.values()) void r.worker.terminate();
  }
}

function startRange(job: RangeJob, workerUrl: URL, onProgress: (bytesRead: number) => void): RunningRange {
  // A smaller young generation than the default keeps the worker's garbage from adding to the
  // peak, at no measurable cost in time (docs/performance.md, "Decisions").
  const worker = new Worker(workerUrl, {
    workerData: job,
    resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB },
  });
  const outcome = new Promise<Outcome>((resolve, reject) => {
    let settled = false;
    worker.on('message', (m: RangeMessage) => {
      if (m.kind === 'progress') onProgress(m.bytesRead);
      else {
        settled = true;
        resolve(m);
      }
    });
    worker.on('error', (e) => {
      settled = true;
      reject(e);
    });
    worker.on('exit', () => {
      if (!settled) resolve({ kind: 'stopped' });
    });
  });
  // A range that is never awaited (read over by an earlier one) must not surface as unhandled.
  outcome.catch(() => {});
  return { worker, outcome };
}
