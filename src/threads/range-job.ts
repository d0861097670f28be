/** What the main thread and a range reader on a worker thread say to each other (structured clone). */
import type { FoldState } from '../aggregate/fold-state.js';
import type { RecordedAuth } from './auth-recorder.js';
import type { VerdictSummary } from '../classify/classifier.js';
import type { Limits } from '../model/limits.js';
import type { LocalRules } from '../catalog/local-rules.js';
import type { ErrorCode, Issue } from '../model/errors.js';
import type { FileRange, RangeRead } from './read-range.js';

export interface RangeJob {
  path: string;
  range: FileRange;
  limits: Limits;
  /** post progress messages */
  progress: boolean;
  /** the run's local rules (--rules), so that a worker classifies as the main thread does */
  rules?: LocalRules;
}

export type RangeMessage =
  | { kind: 'progress'; bytesRead: number }
  | {
      kind: 'done';
      read: RangeRead;
      fold: FoldState;
      /** by the range fold's text id */
      verdicts: VerdictSummary[];
      auth: RecordedAuth;
      /** with line numbers counted from the range's first line */
      issues: Issue[];
      issuesNotListed: number;
    }
  | { kind: 'failed'; code: ErrorCode; message: string; line?: number };
