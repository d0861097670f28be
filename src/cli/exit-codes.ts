import type { ErrorCode } from '../model/errors.js';

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
  /**
   * The scan finished, but its coverage is incomplete: a window could not be read to its end, or failures are left
   * without their details (the budget ran out). The next run goes on from there.
   */
  partial: 3,
  /** `scan --fail-on`: a condition named by --fail-on was met (the scan itself went well). */
  alert: 4,
  /** The command line was wrong (an unknown, repeated or empty option, no file, --out naming an input). */
  usage: 64,
  /** A service could not be reached (network, DNS, TLS, the service down): trying later may work. */
  unavailable: 69,
  /** A bug in exotrace. */
  internal: 70,
  /**
   * Configuration or sign-in must be fixed before a scan can work: the config file, a credential, the app's
   * permissions or consent, the tenant's service principal.
   */
  config: 78,
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

/** The exit code of an error that stopped a command. */
export function exitCodeForError(code: ErrorCode): ExitCodeValue {
  switch (code) {
    case 'EXO_CONFIG_INVALID':
    case 'EXO_CREDENTIAL_UNREADABLE':
    case 'EXO_SIGN_IN_FAILED':
    case 'EXO_GRAPH_UNAUTHORIZED':
    case 'EXO_GRAPH_FORBIDDEN':
      return ExitCode.config;
    case 'EXO_NETWORK':
    case 'EXO_BROWSER_UNAVAILABLE':
      return ExitCode.unavailable;
    case 'EXO_USAGE':
    case 'EXO_BASELINE_INVALID':
      return ExitCode.usage;
    case 'EXO_RULES_INVALID':
      return ExitCode.config;
    default:
      return ExitCode.failed;
  }
}
