/**
 * Errors and issues. Both carry a stable code from one union (tests and scripts match on it,
 * never on wording) and where it happened. An ExotraceError stops reading one input (or the run,
 * for usage and output errors); an Issue is a problem the run read past. The CLI turns errors into
 * one sentence and an exit code (src/cli/exit-codes.ts); nothing else decides exit codes.
 */
export type ErrorCode =
  // an input that cannot be read at all
  | 'EXO_INPUT_NOT_FOUND'
  | 'EXO_INPUT_UNREADABLE'
  | 'EXO_INPUT_EMPTY'
  | 'EXO_INPUT_BINARY'
  | 'EXO_INPUT_NOT_CSV'
  | 'EXO_INPUT_UNKNOWN_KIND'
  | 'EXO_CSV_UNKNOWN_LAYOUT'
  // a part of an input that was read past
  | 'EXO_INPUT_TRUNCATED'
  | 'EXO_TEXT_INVALID_BYTES'
  | 'EXO_CSV_FIELD_COUNT'
  | 'EXO_CSV_TOO_MANY_FIELDS'
  | 'EXO_CSV_RECORD_TOO_LARGE'
  | 'EXO_CSV_QUOTE_NOT_CLOSED'
  | 'EXO_CSV_BAD_QUOTE'
  | 'EXO_JSON_SYNTAX'
  | 'EXO_MESSAGE_UNREADABLE'
  | 'EXO_ROW_UNUSABLE'
  | 'EXO_VALUE_UNKNOWN'
  | 'EXO_DATE_ORDER_CONFLICT'
  // the scan: its config, sign-in and Graph
  | 'EXO_CONFIG_INVALID'
  | 'EXO_CREDENTIAL_UNREADABLE'
  | 'EXO_SIGN_IN_FAILED'
  | 'EXO_GRAPH_UNAUTHORIZED'
  | 'EXO_GRAPH_FORBIDDEN'
  | 'EXO_GRAPH_REQUEST_FAILED'
  | 'EXO_NETWORK'
  // the run itself
  | 'EXO_OUTPUT_UNWRITABLE'
  /** --rules names a file whose rules cannot be used (each problem is named) */
  | 'EXO_RULES_INVALID'
  /** --baseline names a file that is not a JSON report of exotrace */
  | 'EXO_BASELINE_INVALID'
  /** the PDF needs a Chromium, and none could be started */
  | 'EXO_BROWSER_UNAVAILABLE'
  | 'EXO_USAGE';

/**
 * Where something happened: a file (or standard input) and its 1-based physical line; a page of
 * a paged source (Graph) and the row's 0-based index in it; a message, by its file and, in a
 * mailbox, the line it starts on.
 */
export interface Location {
  /** the input's name: a file path, `stdin`, `graph:<tenant>` */
  source: string;
  line?: number;
  page?: number;
  index?: number;
}

/** A problem with an input that did not stop the run (report `issues`). */
export interface Issue extends Location {
  code: ErrorCode;
  /** what is wrong and what was done, in words that read after "<source>: " */
  message: string;
}

/**
 * `message` says what is wrong (and what to do) about the thing `location.source` names, in words
 * that read after "<source>: ": renderers and the command line put the source in front, so a
 * message never repeats it. `cause` keeps the underlying error (an errno, a parser's) for callers
 * of the library; it is never shown to users as is.
 */
export class ExotraceError extends Error {
  readonly code: ErrorCode;
  readonly location: Partial<Location>;

  constructor(code: ErrorCode, message: string, location: Partial<Location> = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ExotraceError';
    this.code = code;
    this.location = location;
  }
}

/** The issue an input error becomes in the report, where the rest of the run goes on. */
export function issueOf(e: ExotraceError, source: string): Issue {
  return {
    source: e.location.source ?? source,
    code: e.code,
    message: e.message,
    ...(e.location.line ? { line: e.location.line } : {}),
  };
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
