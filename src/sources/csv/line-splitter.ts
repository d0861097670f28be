/**
 * Splits streamed text into physical lines with 1-based line numbers, without ever holding
 * more than one line (capped) in memory.
 */
export interface LineSink {
  /**
   * The line is `text[start, end)`, without its line break. It is given in place rather than cut
   * out: a reader that needs only parts of it saves the copy, and reads characters of the
   * decoded text directly (much faster in V8 than through a string cut from it).
   */
  line(text: string, start: number, end: number, lineNo: number): void;
  /** A physical line longer than the cap: its content is dropped, the line is still counted. */
  overlong(lineNo: number, chars: number): void;
}

export interface LineSplitter {
  push(chunk: string): void;
  end(): void;
  /** lines seen so far */
  readonly lines: number;
  /** nothing of an unfinished line is held: the text so far ended with a line break */
  readonly atLineStart: boolean;
}

/**
 * Lines end with LF or CRLF, or, in files written by classic Mac OS tools (and some Excel for Mac
 * saves), with a lone CR. Which one is decided once, at the file's first line break: a lone CR
 * elsewhere in an LF file is text (a quoted field may hold one).
 */
const UNDECIDED = '';

export function createLineSplitter(sink: LineSink, maxLineChars: number): LineSplitter {
  let carry = '';
  let carryChars = 0;
  let dropping = false;
  let lineNo = 0;
  let lineBreak = UNDECIDED;

  /** The line break of a file whose text so far is `text`, or UNDECIDED while it cannot tell. */
  function decide(text: string): string {
    const lf = text.indexOf('\n');
    const cr = text.indexOf('\r');
    if (cr === -1 || (lf !== -1 && lf < cr)) return lf === -1 ? UNDECIDED : '\n';
    if (cr + 1 === text.length) return UNDECIDED; // a CR at the very end: its LF may come next
    return text.charCodeAt(cr + 1) === 10 ? '\n' : '\r';
  }

  function emit(text: string, start: number, end: number): void {
    lineNo++;
    if (dropping) {
      sink.overlong(lineNo, carryChars + end - start);
      dropping = false;
      carryChars = 0;
      return;
    }
    // CRLF is what Windows tools write; a lone trailing CR is part of that line ending.
    sink.line(
      text,
      start,
      end > start && text.charCodeAt(end - 1) === 13 && lineBreak === '\n' ? end - 1 : end,
      lineNo,
    );
  }

  /** The unfinished line `chunk[start..]`, kept until its line break comes. */
  function keep(chunk: string, start: number): void {
    if (start >= chunk.length) return;
    const rest = chunk.slice(start);
    if (dropping) {
      carryChars += rest.length;
    } else if (carry.length + rest.length > maxLineChars) {
      // Keep counting but stop buffering: one huge line must not cost unbounded memory.
      dropping = true;
      carryChars = carry.length + rest.length;
      carry = '';
    } else {
      carry += rest;
    }
  }

  return {
    push(chunk: string): void {
      if (lineBreak === UNDECIDED) {
        lineBreak = decide(carry + chunk);
        if (lineBreak === UNDECIDED) {
          // no line break yet (or only a CR at the end): keep it all, as a line not yet ended
          keep(chunk, 0);
          return;
        }
      }
      let start = 0;
      for (;;) {
        const nl = chunk.indexOf(lineBreak, start);
        if (nl === -1) break;
        if (carry) {
          const whole = carry + chunk.slice(start, nl);
          carry = '';
          emit(whole, 0, whole.length);
        } else {
          emit(chunk, start, nl);
        }
        start = nl + 1;
      }
      keep(chunk, start);
    },
    end(): void {
      if (lineBreak === UNDECIDED) lineBreak = carry.endsWith('\r') ? '\r' : '\n';
      if (lineBreak === '\r' && carry.endsWith('\r')) carry = carry.slice(0, -1);
      if (carry || dropping) {
        const last = carry;
        carry = '';
        emit(last, 0, last.length);
      }
    },
    get lines() {
      return lineNo;
    },
    get atLineStart() {
      return carry === '' && !dropping;
    },
  };
}
