/**
 * The file edge: bytes (file or stream) → gunzip when compressed → sniffed encoding → text →
 * CSV records → layout → TraceEvents, or message headers → one TraceEvent.
 * Streams the file; nothing here keeps rows.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { ExotraceError } from '../model/errors.js';
import type { Limits } from '../model/limits.js';
import type { DeliverySpanSink, InputIssue, InputSummary, TraceEvent } from '../model/trace.js';
import { createCsvExportConsumer, type ExportHeader, type TextConsumer } from './csv-export.js';
import { decodeText } from './decode-text.js';
import type { SniffResult, TextEncodingName } from './encoding.js';
import { createHeadersConsumer } from './headers/headers-input.js';
import { looksLikeHeaders } from './headers/message-headers.js';
import { gunzipIfCompressed } from './gunzip.js';

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
  onIssue(issue: InputIssue): void;
  /** called as bytes are read, for a progress display; must be cheap */
  onProgress?(p: ReadProgress): void;
}

export async function readExportFile(path: string, ctx: ReadContext): Promise<InputSummary> {
  const size = await assertReadableFile(path);
  // 256 KiB reads: larger ones save ~0.3 s per GB of UTF-16 but raise peak memory by ~90 MB (npm run bench).
  const stream = createReadStream(path, { highWaterMark: READ_CHUNK_BYTES });
  try {
    return await readExportStream(stream, path, ctx, size);
  } finally {
    stream.destroy();
  }
}

/**
 * One byte range of a plain (uncompressed) export file, for reading a large file on several
 * threads. A range starts at a record; it ends at the first of `stops` (the next ranges' starts)
 * where its reader is between records, so that a record spanning a planned boundary is read whole
 * by the range it starts in, and the ranges it ran over are not used. Read to the end of the file
 * when no stop qualifies.
 */
export interface FileRange {
  start: number;
  stops: readonly number[];
  /** For every range but the first: the encoding and header that the first range's reader sniffed. */
  continues?: { encoding: TextEncodingName; header: ExportHeader };
}

export interface RangeRead {
  summary: InputSummary;
  /** physical lines read, to number the next range's lines */
  lines: number;
  /** how many of `stops` were read past: the index of the stop where reading ended, or stops.length */
  stopsPassed: number;
  truncationLimits: readonly number[];
}

export async function readExportFileRange(path: string, range: FileRange, ctx: ReadContext): Promise<RangeRead> {
  const size = await assertReadableFile(path);
  let stopsPassed = 0;
  let consumer: TextConsumer | undefined;
  async function* bytes(): AsyncGenerator<Uint8Array> {
    let from = range.start;
    for (;;) {
      const to = range.stops[stopsPassed] ?? size;
      if (to > from) {
        const stream = createReadStream(path, { start: from, end: to - 1, highWaterMark: READ_CHUNK_BYTES });
        try {
          yield* stream as AsyncIterable<Uint8Array>;
        } finally {
          stream.destroy();
        }
      }
      // Every byte before `to` has been decoded and pushed by the time the next chunk is asked for.
      if (to >= size || consumer?.atRecordBoundary) return;
      from = to;
      stopsPassed++;
    }
  }
  const read = range.continues
    ? await readLaterRange(bytes(), path, range.continues, ctx, (c) => (consumer = c), size)
    : await readExportStream(bytes(), path, ctx, size, (c) => (consumer = c));
  return { ...read, stopsPassed };
}

async function readLaterRange(
  raw: AsyncIterable<Uint8Array>,
  source: string,
  continues: NonNullable<FileRange['continues']>,
  ctx: ReadContext,
  onConsumer: (c: TextConsumer) => void,
  totalBytes: number,
): Promise<Omit<RangeRead, 'stopsPassed'>> {
  const consumer = createCsvExportConsumer(source, ctx, continues.header);
  onConsumer(consumer);
  let reportedBadBytes = false;
  const bytes = ctx.onProgress ? counted(raw, source, ctx, totalBytes) : raw;
  for await (const text of decodeText(bytes, source, () => {}, continues.encoding)) {
    if (!reportedBadBytes && continues.encoding !== 'windows-1252' && text.includes('\uFFFD')) {
      reportedBadBytes = true;
      ctx.onIssue(invalidBytesIssue(source, consumer.lines + 1, continues.encoding));
    }
    consumer.push(text);
  }
  const lines = consumer.lines;
  consumer.end();
  const read = consumer.result()!;
  return {
    summary: { source, format: read.format, encoding: continues.encoding, delimiter: read.delimiter, rows: read.rows, rejectedRows: read.rejectedRows },
    lines,
    truncationLimits: read.truncationLimits,
  };
}

function invalidBytesIssue(source: string, line: number, encoding: string): InputIssue {
  return { source, line, code: 'EXO_TEXT_INVALID_BYTES', message: `bytes that are not valid ${encoding} were replaced by U+FFFD (first near this line)` };
}

/** Counts bytes as they pass, for progress. */
async function* counted(bytes: AsyncIterable<Uint8Array>, source: string, ctx: ReadContext, totalBytes?: number): AsyncGenerator<Uint8Array> {
  let bytesRead = 0;
  for await (const chunk of bytes) {
    bytesRead += chunk.length;
    ctx.onProgress?.({ source, bytesRead, totalBytes });
    yield chunk;
  }
}

/** Reads one export from any byte stream; `source` names it in issues and in the report. */
export async function readExportStream(raw: AsyncIterable<Uint8Array>, source: string, ctx: ReadContext, totalBytes?: number): Promise<InputSummary>;
export async function readExportStream(
  raw: AsyncIterable<Uint8Array>,
  source: string,
  ctx: ReadContext,
  totalBytes: number | undefined,
  onConsumer: (c: TextConsumer) => void,
): Promise<Omit<RangeRead, 'stopsPassed'>>;
export async function readExportStream(
  raw: AsyncIterable<Uint8Array>,
  source: string,
  ctx: ReadContext,
  totalBytes?: number,
  onConsumer?: (c: TextConsumer) => void,
): Promise<InputSummary | Omit<RangeRead, 'stopsPassed'>> {
  const { chunks: bytes, compressed } = await gunzipIfCompressed(ctx.onProgress ? counted(raw, source, ctx, totalBytes) : raw, source);
  let sniff: SniffResult | undefined;
  let consumer: TextConsumer | undefined;
  let sawText = false;
  let reportedBadBytes = false;

  for await (const text of decodeText(bytes, source, (s) => (sniff = s))) {
    if (!text) continue;
    if (!sawText && text.replace(/\uFEFF/g, '').trim() !== '') sawText = true;
    // The first text decides what kind of input this is: message headers, or a CSV export.
    if (!consumer) {
      consumer = looksLikeHeaders(text) ? createHeadersConsumer(source, ctx) : createCsvExportConsumer(source, ctx);
      onConsumer?.(consumer);
    }
    if (!reportedBadBytes && sniff && sniff.encoding !== 'windows-1252' && text.includes('\uFFFD')) {
      reportedBadBytes = true;
      ctx.onIssue(invalidBytesIssue(source, consumer.lines + 1, sniff.encoding));
    }
    consumer.push(text);
  }
  const lines = consumer?.lines ?? 0;
  consumer?.end();

  if (!sawText) {
    throw new ExotraceError('EXO_INPUT_EMPTY', `${source} is empty: there is no header line and no rows to read.`, { source });
  }
  const read = consumer?.result();
  if (!read) {
    throw new ExotraceError('EXO_INPUT_NOT_CSV', `${source} has no header line that a CSV export would start with.`, { source });
  }

  const summary: InputSummary = {
    source,
    format: read.format,
    encoding: sniff!.encoding + (sniff!.bomLength > 0 ? ' (BOM)' : '') + (compressed ? ', gzip' : ''),
    delimiter: read.delimiter,
    rows: read.rows,
    rejectedRows: read.rejectedRows,
  };
  if (read.truncationLimits.includes(read.rows)) summary.possiblyTruncatedAt = read.rows;
  return onConsumer ? { summary, lines, truncationLimits: read.truncationLimits } : summary;
}

/** The file's size, or an error a user can act on. */
async function assertReadableFile(path: string): Promise<number> {
  let info;
  try {
    info = await stat(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new ExotraceError('EXO_INPUT_NOT_FOUND', `${path}: no such file.`, { source: path });
    throw new ExotraceError('EXO_INPUT_UNREADABLE', `${path} cannot be read (${code ?? 'error'}).`, { source: path });
  }
  if (info.isDirectory()) {
    throw new ExotraceError('EXO_INPUT_UNREADABLE', `${path} is a folder; name the export files inside it.`, { source: path });
  }
  return info.size;
}
