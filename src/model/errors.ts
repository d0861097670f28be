/**
 * Errors that stop reading one input. They carry a stable code (tests and scripts match on it,
 * never on wording) and where it happened. The CLI turns them into one sentence and an exit code
 * (src/cli/exit-codes.ts); nothing else decides exit codes.
 */
export type ExotraceErrorCode =
  | 'EXO_INPUT_NOT_FOUND'
  | 'EXO_INPUT_UNREADABLE'
  | 'EXO_INPUT_EMPTY'
  | 'EXO_INPUT_BINARY'
  | 'EXO_INPUT_NOT_CSV'
  | 'EXO_CSV_UNKNOWN_LAYOUT'
  | 'EXO_OUTPUT_UNWRITABLE'
  | 'EXO_USAGE';

export interface ErrorLocation {
  source?: string;
  line?: number;
}

export class ExotraceError extends Error {
  readonly code: ExotraceErrorCode;
  readonly location: ErrorLocation;

  constructor(code: ExotraceErrorCode, message: string, location: ErrorLocation = {}) {
    super(message);
    this.name = 'ExotraceError';
    this.code = code;
    this.location = location;
  }
}

export function isExotraceError(e: unknown): e is ExotraceError {
  return e instanceof ExotraceError;
}
