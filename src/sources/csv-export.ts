/** CSV text → records → layout → TraceEvents: the consumer for every CSV export layout. */
import { ExotraceError } from '../model/errors.js';
import type { InputFormat } from '../model/trace.js';
import { createCsvRecordReader } from './csv/record-reader.js';
import { indexHeader } from './formats/header.js';
import { detectLayout } from './formats/index.js';
import type { LayoutSpec, RowMapper } from './formats/layout.js';
import type { ReadContext } from './read-export.js';

/** Decoded text goes in; what was read comes out at the end. */
export interface TextConsumer {
  push(text: string): void;
  end(): void;
  /** physical lines seen so far (for locating problems) */
  readonly lines: number;
  /** undefined when nothing recognizable was read */
  result(): { format: InputFormat; delimiter: string; rows: number; rejectedRows: number; truncationLimits: readonly number[] } | undefined;
}

const DELIMITER_NAMES: Record<string, string> = { ',': 'comma', '\t': 'tab', ';': 'semicolon' };

export function createCsvExportConsumer(source: string, ctx: ReadContext): TextConsumer {
  let layout: LayoutSpec | undefined;
  let mapRow: RowMapper | undefined;
  let delimiter = ',';
  let rows = 0;
  let rejectedRows = 0;

  const reader = createCsvRecordReader(
    {
      header(fields, line, sniffedDelimiter) {
        delimiter = sniffedDelimiter;
        const header = indexHeader(fields);
        try {
          layout = detectLayout(header, source, line);
        } catch (e) {
          if (fields.length >= 2) throw e;
          throw new ExotraceError(
            'EXO_INPUT_NOT_CSV',
            `${source} does not look like a CSV export: its first line "${truncate(fields[0] ?? '', 80)}" has no comma, tab or semicolon between column names.`,
            { source, line },
          );
        }
        mapRow = layout.mapper(header, source);
      },
      record(fields, line) {
        rows++;
        const problem = mapRow!(fields, line, ctx.onEvent);
        if (problem) {
          rejectedRows++;
          ctx.onIssue({ source, line, code: 'EXO_ROW_UNUSABLE', message: problem });
        }
      },
      reject(line, code, message) {
        if (!layout) {
          // No header yet: this is the header line itself, and without it nothing can be read.
          throw new ExotraceError('EXO_INPUT_NOT_CSV', `${source} line ${line}: the header line cannot be read (${message}).`, { source, line });
        }
        rows++;
        rejectedRows++;
        ctx.onIssue({ source, line, code, message });
      },
    },
    ctx.limits,
  );

  return {
    push: (text) => reader.push(text),
    end: () => reader.end(),
    get lines() {
      return reader.lines;
    },
    result: () =>
      layout && { format: layout.format, delimiter: DELIMITER_NAMES[delimiter] ?? delimiter, rows, rejectedRows, truncationLimits: layout.truncationLimits },
  };
}

function truncate(s: string, n: number): string {
  return s.length > n ? s.slice(0, n - 1) + '…' : s;
}
