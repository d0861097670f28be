/**
 * `--baseline PREVIOUS.json`: a JSON report written earlier by `exotrace analyze --format json`,
 * as the previous period to compare with. It is read as data from outside (it may have been
 * edited, or be another program's JSON): its shape is checked before use, and what is wrong is
 * said in one sentence.
 */
import { readFile } from 'node:fs/promises';
import { ExotraceError, errnoWords } from '../model/errors.js';
import type { Report } from '../model/report.js';

const COUNTS = ['messages', 'deliveries', 'delivered', 'failed', 'pending', 'quarantined', 'filteredAsSpam'] as const;

function problemOf(doc: unknown): string | undefined {
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) return 'it is not a JSON object';
  const r = doc as Record<string, unknown>;
  if (r.schemaVersion !== 1) return 'it has no "schemaVersion": 1 (write it with exotrace analyze --format json)';
  const totals = r.totals as Record<string, unknown> | undefined;
  if (!totals || typeof totals !== 'object') return 'it has no "totals"';
  for (const k of COUNTS)
    if (!Number.isInteger(totals[k]) || (totals[k] as number) < 0) return `"totals.${k}" is not a count`;
  if (!Array.isArray(r.causes)) return 'it has no "causes" list';
  for (const [i, c] of (r.causes as unknown[]).entries()) {
    const cause = c as Record<string, unknown> | null;
    if (!cause || typeof cause.id !== 'string' || !Number.isInteger(cause.count))
      return `"causes[${i}]" has no id and count`;
  }
  const period = r.period as Record<string, unknown> | undefined;
  if (period !== undefined && (typeof period.start !== 'string' || typeof period.end !== 'string'))
    return '"period" has no start and end';
  return undefined;
}

export async function readBaseline(path: string): Promise<Report> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw new ExotraceError(
      'EXO_INPUT_UNREADABLE',
      `the --baseline report cannot be read: ${errnoWords((e as NodeJS.ErrnoException).code)}.`,
      { source: path },
      { cause: e },
    );
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new ExotraceError(
      'EXO_BASELINE_INVALID',
      `the --baseline file is not JSON (${(e as Error).message}); give a report written by exotrace analyze --format json.`,
      { source: path },
      { cause: e },
    );
  }
  const problem = problemOf(doc);
  if (problem)
    throw new ExotraceError('EXO_BASELINE_INVALID', `the --baseline file is not an exotrace JSON report: ${problem}.`, {
      source: path,
    });
  return doc as Report;
}
