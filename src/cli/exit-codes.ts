/**
 * Exit codes, decided here and nowhere else. Cron jobs and scripts rely on them (README "Exit codes").
 */
export const ExitCode = {
  /** The report was written and every input was read completely. */
  ok: 0,
  /**
   * Nothing could be analyzed (every input missing, empty, binary or of an unknown layout), or the report could not be
   * written.
   */
  failed: 1,
  /**
   * The report was written, but the input had problems: rows or files that could not be read, bytes that were not text
   * (all listed under issues).
   */
  incomplete: 2,
  /** The command line was wrong (an unknown, repeated or empty option, no file, --out naming an input). */
  usage: 64,
  /** A bug in exotrace. */
  internal: 70,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

export interface RunResult {
  inputsFailed: number;
  inputsRead: number;
  /** input issues reported, listed or not */
  issues: number;
}

export function exitCodeFor(result: RunResult): ExitCodeValue {
  if (result.inputsRead === 0) return ExitCode.failed;
  if (result.inputsFailed > 0 || result.issues > 0) return ExitCode.incomplete;
  return ExitCode.ok;
}
