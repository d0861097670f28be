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
  | 'EXO_INPUT_UNKNOWN_KIND'
  | 'EXO_CSV_UNKNOWN_LAYOUT'
  | 'EXO_OUTPUT_UNWRITABLE'
  | 'EXO_USAGE';

export interface ErrorLocation {
  source?: string;
  line?: number;
}

/**
 * `message` says what is wrong (and what to do) about the thing `location.source` names, in words
 * that read after "<source>: ": renderers and the command line put the source in front, so a
 * message never repeats it.
 */
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

/** What an operating-system error code means, in words a user can act on. */
export function errnoWords(code: string | undefined): string {
  switch (code) {
    case 'ENOENT':
      return 'there is no such file or folder';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'it is a folder, not a file';
    case 'ENOTDIR':
      return 'a part of the path is not a folder';
    case 'ENOSPC':
      return 'no space is left on the device';
    case 'EDQUOT':
      return 'the disk quota is used up';
    case 'EROFS':
      return 'the file system is read-only';
    case 'EBADF':
      return 'it is closed';
    case 'EIO':
      return 'the device reported an input/output error';
    case 'ELOOP':
      return 'the path has a loop of symbolic links';
    case 'ENAMETOOLONG':
      return 'the path is too long';
    case 'EMFILE':
    case 'ENFILE':
      return 'too many files are open';
    default:
      return code ? `the system reported ${code}` : 'the system reported an error';
  }
}
