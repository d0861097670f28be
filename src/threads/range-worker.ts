/**
 * A worker thread that reads one range of a large export into a fold of its own and hands the
 * fold back (src/threads/read-in-ranges.ts). Its message loop is the whole program.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createAuthRecorder } from './auth-recorder.js';
import { createCatalog } from '../catalog/index.js';
import { causes } from '../catalog/causes/index.js';
import { createClassifier } from '../classify/classifier.js';
import { ANALYZE_CLASSIFIER, createFoldingSink } from '../pipeline/fold-events.js';
import { isExotraceError } from '../model/errors.js';
import type { Issue } from '../model/errors.js';
import { readExportFileRange } from './read-range.js';
import type { RangeJob, RangeMessage } from './range-job.js';

const PROGRESS_EVERY_BYTES = 8 * 1024 * 1024;

async function run(job: RangeJob): Promise<RangeMessage> {
  const auth = createAuthRecorder();
  const catalog = createCatalog([...(job.rules?.causes ?? []), ...causes]);
  const { fold, verdicts, onEvent, onDeliverySpan, finish } = createFoldingSink(
    createClassifier(catalog, { ...ANALYZE_CLASSIFIER, ...(job.rules ? { rules: job.rules.rules } : {}) }),
    (e, message) => auth.add(e, message),
  );
  const issues: Issue[] = [];
  let issuesNotListed = 0;
  let reported = 0;
  try {
    const read = await readExportFileRange(job.path, job.range, {
      limits: job.limits,
      onEvent,
      onDeliverySpan,
      onIssue(issue) {
        if (issues.length < job.limits.maxIssuesListed) issues.push(issue);
        else issuesNotListed++;
      },
      onProgress: job.progress
        ? (p) => {
            if (p.bytesRead - reported < PROGRESS_EVERY_BYTES) return;
            reported = p.bytesRead;
            parentPort!.postMessage({ kind: 'progress', bytesRead: p.bytesRead } satisfies RangeMessage);
          }
        : undefined,
    });
    finish();
    return { kind: 'done', read, fold: fold.exportState(), verdicts, auth: auth.recorded(), issues, issuesNotListed };
  } catch (e) {
    if (!isExotraceError(e)) throw e;
    return { kind: 'failed', code: e.code, message: e.message, ...(e.location.line ? { line: e.location.line } : {}) };
  }
}

const message = await run(workerData as RangeJob);
/** The fold's typed arrays move to the main thread instead of being copied. */
function transferable(m: RangeMessage): ArrayBuffer[] {
  if (m.kind !== 'done') return [];
  const f = m.fold;
  const ex = f.examples;
  const au = m.auth;
  const u = f.untimed;
  const untimed = u ? [u.rank, u.state, u.textIdPlusOne, u.deferTextIdPlusOne] : [];
  return [
    f.messages.words,
    f.messageOf,
    f.recipientChars,
    f.recipientStart,
    f.state,
    f.rank,
    f.time,
    f.textId,
    f.deferTextId,
    f.deferTime,
    ...untimed,
    ex.lengths,
    ex.idKind,
    ex.direction,
    ex.time,
    ex.line,
    ex.sourceOf,
    f.directions,
    f.textDelivery,
    f.failureMessages,
    f.failureExamples.lengths,
    f.failureExamples.idKind,
    f.failureExamples.direction,
    f.failureExamples.time,
    f.failureExamples.line,
    f.failureExamples.sourceOf,
    au.message,
    au.auth,
    au.senderDomain,
    au.sfv,
    au.cat,
  ].map((a) => a.buffer as ArrayBuffer);
}
const transfer = transferable(message);
parentPort!.postMessage(message, transfer);
