/**
 * The file edge: bytes (file or stream) → gunzip when compressed → what the input is (sniffed
 * from its first bytes: CSV, JSON, a message, a mailbox, an Outlook .msg) → its reader →
 * TraceEvents. Streams the input; nothing here keeps rows.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { errnoWords, ExotraceError, type ErrorCode } from '../model/errors.js';
import type { DateOrder } from '../model/dates.js';
import type { Limits } from '../model/limits.js';
import type { TraceEvent } from '../model/trace.js';
import type { DeliverySpanSink } from '../aggregate/delivery-span.js';
import type { Issue } from '../model/errors.js';
import type { InputSummary } from '../model/input.js';
import { peekHead, untilError, type Cut } from './byte-stream.js';
import { createCsvExportConsumer, type TextConsumer } from './csv-export.js';
import { decodeText } from './decode-text.js';
import { SNIFF_BYTES, type SniffResult } from './encoding.js';
import { gunzipIfCompressed } from './gunzip.js';
import { sniffInput } from './input-kind.js';
import { createJsonExportConsumer } from './json/json-export.js';
import { readMessages } from './messages/read-messages.js';

export const READ_CHUNK_BYTES = 256 * 1024;

export interface ReadProgress {
  source: string;
  /** bytes read from the file or stream (compressed bytes for .gz) */
  bytesRead: number;
  /** the file size, when known */
  totalBytes?: number;
}

export interface ReadContext {
  limits: Limits;
  onEvent(e: TraceEvent): void;
  /** Takes the rows that are read in place; without it, every row comes as a TraceEvent. */
  onDeliverySpan?: DeliverySpanSink;
  onIssue(issue: Issue): void;
  /** called as bytes are read, for a progress display; must be cheap */
  onProgress?(p: ReadProgress): void;
  /** how locale dates are read (--date-order); undefined: decided per file from its dates */
  dateOrder?: DateOrder;
}

const FOLDER = 'this is a folder; name the export files inside it (for example folder/*.csv).';

/** An input that gave no text: empty, or unreadable from its first byte (a damaged .gz, a failing disk). */
function nothingRead(source: string, cut: Cut | undefined): ExotraceError {
  if (cut)
    return new ExotraceError('EXO_INPUT_UNREADABLE', `nothing could be read from it: ${cut.reason}.`, { source });
  return new ExotraceError(
    'EXO_INPUT_EMPTY',
    'the file is empty: it has no header line and no rows. Export the trace again, or check that this is the ' +
      'file you meant.',
    { source },
  );
}

/** Opens an input file, or says in words why it cannot be read. */
export async function openInput(path: string): Promise<{ handle: FileHandle; size: number }> {
  let handle: FileHandle;
  try {
    handle = await open(path, 'r');
  } catch (e) {
    throw unreadable(path, e);
  }
  try {
    const info = await handle.stat();
    if (info.isDirectory()) throw new ExotraceError('EXO_INPUT_UNREADABLE', FOLDER, { source: path });
    return { handle, size: info.isFile() ? info.size : 0 };
  } catch (e) {
    await handle.close();
    throw e instanceof ExotraceError ? e : unreadable(path, e);
  }
}

function unreadable(path: string, e: unknown): ExotraceError {
  const code = (e as NodeJS.ErrnoException).code;
  const error = (c: ErrorCode, message: string) => new ExotraceError(c, message, { source: path }, { cause: e });
  if (code === 'ENOENT')
    return error('EXO_INPUT_NOT_FOUND', 'there is no such file; check the path and the file name.');
  if (code === 'EISDIR') return error('EXO_INPUT_UNREADABLE', FOLDER);
  if (code === 'EACCES' || code === 'EPERM') {
    return error(
      'EXO_INPUT_UNREADABLE',
      'permission denied: this user may not read the file. Check its permissions, or run exotrace as a user who ' +
        'may read it.',
    );
  }
  return error('EXO_INPUT_UNREADABLE', `the file cannot be read: ${errnoWords(code)}.`);
}

export async function readExportFile(path: string, ctx: ReadContext): Promise<InputSummary> {
  const { handle, size } = await openInput(path);
  // 256 KiB reads: larger ones save little time and raise peak memory (docs/performance.md, "Decisions").
  const stream = handle.createReadStream({ highWaterMark: READ_CHUNK_BYTES });
  try {
    return await readExportStream(stream, path, ctx, size);
  } finally {
    stream.destroy();
    await handle.close().catch(() => {});
  }
}

/**
 * Reports, once per input, bytes that were not valid in its encoding, at the line of the first
 * one (not at the start of the piece of text it was found in).
 */
export function invalidBytesWatch(
  source: string,
  encoding: string,
  ctx: ReadContext,
): (text: string, linesBefore: number) => void {
  let reported = encoding === 'windows-1252';
  return (text, linesBefore) => {
    if (reported) return;
    const at = text.indexOf('\uFFFD');
    if (at === -1) return;
    reported = true;
    let line = linesBefore + 1;
    for (let i = text.indexOf('\n'); i !== -1 && i < at; i = text.indexOf('\n', i + 1)) line++;
    ctx.onIssue({
      source,
      line,
      code: 'EXO_TEXT_INVALID_BYTES',
      message:
        `bytes that are not valid ${encoding} were replaced by U+FFFD (the first on this line). The file was ` +
        `probably saved in another encoding or damaged; the rest was read as ${encoding}. Export it again, or save ` +
        `it as UTF-8.`,
    });
  };
}

/** Counts bytes as they pass, for progress. */
export async function* counted(
  bytes: AsyncIterable<Uint8Array>,
  source: string,
  ctx: ReadContext,
  totalBytes?: number,
): AsyncGenerator<Uint8Array> {
  let bytesRead = 0;
  for await (const chunk of bytes) {
    bytesRead += chunk.length;
    ctx.onProgress?.({ source, bytesRead, totalBytes });
    yield chunk;
  }
}

export function csvFacts(delimiter: string | undefined): Pick<InputSummary, 'csv'> {
  return delimiter === undefined ? {} : { csv: { delimiter } };
}

/** What reading one input gave: its summary, and for a reader that another thread continues, where it ended. */
export interface InputRead {
  summary: InputSummary;
  /** physical lines read, to number the next range's lines */
  lines: number;
  /** row counts at which the layout's export is known to be cut off */
  truncationLimits: readonly number[];
}

/** Reads one input from any byte stream; `source` names it in issues and in the report. */
export async function readExportStream(
  raw: AsyncIterable<Uint8Array>,
  source: string,
  ctx: ReadContext,
  totalBytes?: number,
): Promise<InputSummary> {
  return (await readInput(raw, source, ctx, totalBytes)).summary;
}

/** readExportStream, telling `onConsumer` which reader took the text (a ranged read watches where it stops). */
export async function readInput(
  raw: AsyncIterable<Uint8Array>,
  source: string,
  ctx: ReadContext,
  totalBytes?: number,
  onConsumer?: (c: TextConsumer) => void,
): Promise<InputRead> {
  // A read error (a failing disk) or a cut-off .gz ends the input where it happened: what came
  // before is analyzed, and the cut is an issue at its line.
  const io = untilError(ctx.onProgress ? counted(raw, source, ctx, totalBytes) : raw);
  const file = await peekHead(io.chunks, 2);
  const unzipped = gunzipIfCompressed(file.head, file.all);
  const { head, all } = await peekHead(unzipped.chunks, SNIFF_BYTES);
  const cut = (): Cut | undefined => io.cut() ?? unzipped.cut();
  const compressed = unzipped.compressed ? ', gzip' : '';

  if (head.length === 0) throw nothingRead(source, cut());
  const sniff = sniffInput(head, source);
  const encodingName = (s: SniffResult) => s.encoding + (s.bomLength > 0 ? ' (BOM)' : '') + compressed;

  if (sniff.shape === 'message' || sniff.shape === 'mbox' || sniff.shape === 'outlook-msg') {
    const read = await readMessages(all, source, ctx, sniff.shape, sniff.encoding);
    const c = cut();
    if (c)
      ctx.onIssue({
        source,
        line: Math.max(1, read.lines),
        code: 'EXO_INPUT_TRUNCATED',
        message: `reading stopped here: ${c.reason}. The messages before this point were analyzed.`,
      });
    if (read.messages === 0 && read.rejectedRows === 0) {
      throw new ExotraceError(
        'EXO_INPUT_UNKNOWN_KIND',
        'this starts like a message, but no message could be read from it. Save it again from the mail program, ' +
          'as .eml.',
        { source },
      );
    }
    const summary: InputSummary = {
      source,
      format: 'headers',
      kind: read.kind,
      rows: read.rows,
      rejectedRows: read.rejectedRows,
      encoding: sniff.shape === 'outlook-msg' ? `Outlook .msg${compressed}` : encodingName(sniff.encoding),
    };
    return { summary, lines: read.lines, truncationLimits: [] };
  }

  // At a cut, the row it splits is reported as the cut, not as a row with a quote never closed.
  let cutLine: number | undefined;
  const readCtx: ReadContext = {
    ...ctx,
    onIssue: (i) => (cutLine !== undefined && i.line !== undefined && i.line >= cutLine ? undefined : ctx.onIssue(i)),
  };
  const consumer: TextConsumer =
    sniff.shape === 'json' ? createJsonExportConsumer(source, readCtx) : createCsvExportConsumer(source, readCtx);
  onConsumer?.(consumer);
  let sawText = false;
  const watch = invalidBytesWatch(source, sniff.encoding.encoding, ctx);
  for await (const text of decodeText(all, source, () => {}, sniff.encoding)) {
    if (!text) continue;
    if (!sawText && text.replace(/\uFEFF/g, '').trim() !== '') sawText = true;
    watch(text, consumer.lines);
    consumer.push(text);
  }
  const lines = consumer.lines;
  const c = cut();
  if (c) {
    cutLine = lines + 1;
    ctx.onIssue({
      source,
      line: cutLine,
      code: 'EXO_INPUT_TRUNCATED',
      message:
        `reading stopped in this line: ${c.reason}. The rows before it were analyzed; this line's row was cut and ` +
        `is not.`,
    });
  }
  consumer.end();

  if (!sawText) throw nothingRead(source, c);
  const read = consumer.result();
  if (!read) {
    throw new ExotraceError(
      'EXO_INPUT_NOT_CSV',
      c
        ? `it was cut off before its header line ended (${c.reason}).`
        : 'it has no header line that a message trace export would start with.',
      { source },
    );
  }

  const summary: InputSummary = {
    source,
    format: read.format,
    ...(read.kind ? { kind: read.kind } : {}),
    rows: read.rows,
    rejectedRows: read.rejectedRows,
    encoding: encodingName(sniff.encoding),
    ...csvFacts(read.delimiter),
    ...(read.dates ? { dates: read.dates } : {}),
  };
  if (read.truncationLimits.includes(read.rows)) summary.possiblyTruncatedAt = read.rows;
  return { summary, lines, truncationLimits: read.truncationLimits };
}
