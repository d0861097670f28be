/** Message headers (an .eml or pasted headers) → one TraceEvent. Reads only the header block. */
import type { TextConsumer } from '../csv-export.js';
import type { ReadContext } from '../read-export.js';
import { eventFromHeaders, parseHeaderBlock } from './message-headers.js';

/** Header blocks are a few kilobytes; past this the rest (a huge header or the body) is not kept. */
const MAX_HEADER_CHARS = 1024 * 1024;

export function createHeadersConsumer(source: string, ctx: ReadContext): TextConsumer {
  let text = '';
  let done = false;
  let lines = 0;
  let rows = 0;
  return {
    push(chunk) {
      lines += chunk.split('\n').length - 1;
      if (done) return;
      text += chunk;
      // The header block ends at the first empty line; the body is of no interest.
      if (/\r?\n\r?\n/.test(text) || text.length > MAX_HEADER_CHARS) done = true;
    },
    end() {
      const event = eventFromHeaders(parseHeaderBlock(text.slice(0, MAX_HEADER_CHARS)), source);
      text = '';
      if (event) {
        rows = 1;
        ctx.onEvent(event);
      }
    },
    get lines() {
      return lines;
    },
    // A header block is read whole by one reader.
    atRecordBoundary: false,
    result: () => (rows ? { format: 'headers', delimiter: 'none', rows, rejectedRows: 0, truncationLimits: [] } : undefined),
  };
}
