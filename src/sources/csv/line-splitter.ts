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

export function createLineSplitter(sink: LineSink, maxLineChars: number): LineSplitter {
  let carry = '';
  let carryChars = 0;
  let dropping = false;
  let lineNo = 0;

  function emit(text: string, start: number, end: number): void {
    lineNo++;
    if (dropping) {
      sink.overlong(lineNo, carryChars + end - start);
      dropping = false;
      carryChars = 0;
      return;
    }
    // CRLF is what Windows tools write; a lone trailing CR is part of that line ending.
    sink.line(text, start, end > start && text.charCodeAt(end - 1) === 13 ? end - 1 : end, lineNo);
  }

  return {
    push(chunk: string): void {
      let start = 0;
      for (;;) {
        const nl = chunk.indexOf('\n', start);
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
      if (start < chunk.length) {
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
    },
    end(): void {
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
