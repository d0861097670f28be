/**
 * The source seam: anything the pipeline can read trace data from. A file, standard input, a
 * message pasted as text, and (with the scan) a Microsoft Graph query are all TraceSources, so
 * that `analyze` and `scan` run one pipeline: a source turns what it reads into TraceEvents (and
 * in-place rows) through the context it is given, reports what it read past as issues, and
 * resolves with its InputSummary.
 *
 * The contract every source keeps:
 * - every string it hands over is well-formed UTF-16 (made so where the source decodes or
 *   parses: TextDecoder replaces bad bytes; JSON and message parsers call toWellFormed()), so
 *   nothing downstream checks again;
 * - a problem with a part of the input becomes an issue located by line (files), page and index
 *   (Graph) or message, and the rest is still read;
 * - it throws an ExotraceError only when nothing at all can be read from it.
 */
import type { InputSummary } from '../model/input.js';
import type { RangeMerger } from '../threads/read-in-ranges.js';
import type { LocalRules } from '../catalog/local-rules.js';
import type { ReadContext } from './read-export.js';

export type TraceSourceKind = 'file' | 'stream' | 'text' | 'graph';

export interface TraceSource {
  /** how the report and its issues name the source: a file path, `stdin`, `graph:<tenant>` */
  readonly name: string;
  readonly kind: TraceSourceKind;
  /** Reads the whole source into the pipeline. */
  read(ctx: SourceContext): Promise<InputSummary>;
}

/**
 * What the pipeline gives a source: where events and issues go (ReadContext) and, for a source
 * that reads on several threads, where the other threads' folds are merged.
 */
export interface SourceContext extends ReadContext {
  /** present when the run allows more than one thread */
  threads?: ThreadedReading;
}

/** Lets a source hand parts of its reading to worker threads (src/threads). */
export interface ThreadedReading {
  /** threads that may read one input at once */
  count: number;
  /** inputs are cut into ranges of at least this many bytes */
  minRangeBytes: number;
  /** the range reader's program */
  workerUrl: URL;
  /** takes in what a worker read, in input order (FoldingSink.merge and the authentication count) */
  merge: RangeMerger;
  /** issues a worker counted but did not list */
  onIssuesNotListed(count: number): void;
  /** the run's local rules, for the workers' classifiers */
  localRules?: LocalRules;
}
