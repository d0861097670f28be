/**
 * Where a large plain export can be cut so that several threads read it at once.
 *
 * A cut goes right after a line break whose next line reads, on its own, as one whole row of the
 * header's width: a line inside a multi-line quoted subject almost never does. "Almost" is enough
 * because the cut is only a guess: the reader of the range before a cut checks that it really is
 * between records there, and reads on past the cut when it is not (see FileRange), so a wrong
 * guess costs time, never a row.
 */
import { open } from 'node:fs/promises';
import type { DateOrder } from '../model/dates.js';
import type { Limits } from '../model/limits.js';
import { createCsvRecordReader } from '../sources/csv/record-reader.js';
import { createCsvExportConsumer, type ExportHeader } from '../sources/csv-export.js';
import type { DateOrderDecision } from '../model/dates.js';
import {
  createDecoder,
  SNIFF_BYTES,
  sniffEncoding,
  type SniffResult,
  type TextEncodingName,
} from '../sources/encoding.js';
import { shapeOfText } from '../sources/input-kind.js';

export interface RangePlan {
  encoding: SniffResult;
  header: ExportHeader;
  /** how the file's locale dates are read, settled by its first rows (every range reads them alike) */
  dates?: DateOrderDecision;
  /** where each range starts; the first is 0 */
  starts: number[];
}

/** The header must be found in this much of the file start; otherwise the file is read on one thread. */
const HEAD_BYTES = 1024 * 1024;
/**
 * Bytes the first range (this thread's) gets beyond an equal share: about what one thread reads
 * while a worker thread starts. More made the first range the last to finish.
 */
const FIRST_RANGE_HEAD_START_BYTES = 8 * 1024 * 1024;

/** How far past a planned cut a line break that qualifies is looked for. */
const WINDOW_BYTES = 1024 * 1024;

/**
 * Plans up to `ranges` ranges of about equal size and at least `minRangeBytes` each, or returns
 * undefined when the file is read whole by one reader: compressed, message headers, no
 * recognizable header, or no place to cut.
 */
export async function planRanges(
  path: string,
  size: number,
  ranges: number,
  minRangeBytes: number,
  limits: Limits,
  dateOrder?: DateOrder,
): Promise<RangePlan | undefined> {
  ranges = Math.min(ranges, Math.floor(size / Math.max(1, minRangeBytes)));
  if (ranges < 2) return undefined;
  const file = await open(path, 'r');
  try {
    const head = await readAt(file, 0, Math.min(size, HEAD_BYTES));
    if (head[0] === 0x1f && head[1] === 0x8b) return undefined; // gzip: one stream, read in order
    const sniff = sniffEncoding(head.subarray(0, SNIFF_BYTES));
    if (sniff.binary) return undefined;
    const headText = createDecoder(sniff.encoding).decode(head.subarray(sniff.bomLength), { stream: true });
    if (shapeOfText(headText) !== 'csv') return undefined;
    const settled = readHead(path, headText, limits, dateOrder);
    // no header, or dates whose order the head does not settle: one reader decides as it goes
    if (!settled) return undefined;
    const { header, dates } = settled;
    // The first range must hold the header and all that the encoding sniffer reads.
    const firstRangeAtLeast = Math.max(
      SNIFF_BYTES,
      sniff.bomLength + byteLengthOfLines(headText, header.line, sniff.encoding),
    );

    // This thread reads the first range while the worker threads are still starting: the first
    // range is longer by that head start.
    const first = Math.max(
      Math.min(Math.floor(size / ranges) + FIRST_RANGE_HEAD_START_BYTES, Math.floor((2 * size) / (ranges + 1))),
      firstRangeAtLeast,
    );
    const starts = [0];
    for (let k = 1; k < ranges; k++) {
      const target = first + Math.floor(((size - first) * (k - 1)) / (ranges - 1));
      const cut = await findCut(file, target, size, sniff.encoding, header, limits);
      if (cut !== undefined && cut > starts[starts.length - 1]! && cut < size) starts.push(cut);
    }
    return starts.length > 1 ? { encoding: sniff, header, ...(dates ? { dates } : {}), starts } : undefined;
  } finally {
    await file.close();
  }
}

/** Bytes of the first `lines` lines of `text`, line breaks included. */
function byteLengthOfLines(text: string, lines: number, encoding: TextEncodingName): number {
  let end = 0;
  for (let i = 0; i < lines; i++) end = text.indexOf('\n', end) + 1;
  const part = text.slice(0, end);
  return encoding === 'utf-8'
    ? Buffer.byteLength(part, 'utf8')
    : encoding === 'windows-1252'
      ? part.length
      : part.length * 2;
}

/**
 * The header as the first range's reader will see it, and the dates its first rows settle; or
 * undefined when the head has no header, or when its rows leave the dates' order open.
 */
function readHead(
  path: string,
  headText: string,
  limits: Limits,
  dateOrder?: DateOrder,
): { header: ExportHeader; dates?: DateOrderDecision } | undefined {
  const consumer = createCsvExportConsumer(path, {
    limits,
    onEvent() {},
    onIssue() {},
    ...(dateOrder ? { dateOrder } : {}),
  });
  try {
    // Only complete lines: the head may end in the middle of one.
    consumer.push(headText.slice(0, headText.lastIndexOf('\n') + 1));
  } catch {
    return undefined; // not CSV, or an unknown layout: the ordinary reader says so
  }
  const gate = consumer.dateGate;
  if (!consumer.header || !gate.open) return undefined;
  return { header: consumer.header, ...(gate.dates ? { dates: gate.dates } : {}) };
}

async function findCut(
  file: Awaited<ReturnType<typeof open>>,
  target: number,
  size: number,
  encoding: TextEncodingName,
  header: ExportHeader,
  limits: Limits,
): Promise<number | undefined> {
  const unit = encoding === 'utf-16le' || encoding === 'utf-16be' ? 2 : 1;
  const from = target - (target % unit);
  const window = await readAt(file, from, Math.min(WINDOW_BYTES, size - from));
  const breakAt = (i: number) =>
    unit === 1
      ? window[i] === 0x0a
      : encoding === 'utf-16le'
        ? window[i] === 0x0a && window[i + 1] === 0
        : window[i] === 0 && window[i + 1] === 0x0a;
  let lineStart = -1;
  for (let i = 0; i + unit <= window.length; i += unit) {
    if (!breakAt(i)) continue;
    if (lineStart >= 0 && isWholeRow(window.subarray(lineStart, i + unit), encoding, header, limits))
      return from + lineStart;
    lineStart = i + unit;
  }
  return undefined;
}

function isWholeRow(bytes: Uint8Array, encoding: TextEncodingName, header: ExportHeader, limits: Limits): boolean {
  let records = 0;
  let rejected = 0;
  const reader = createCsvRecordReader(
    { header() {}, record: () => void records++, reject: () => void rejected++ },
    limits,
    { delimiter: header.delimiter, width: header.fields.length },
  );
  reader.push(createDecoder(encoding).decode(bytes));
  return records === 1 && rejected === 0 && reader.atRecordBoundary;
}

async function readAt(file: Awaited<ReturnType<typeof open>>, position: number, length: number): Promise<Uint8Array> {
  const buffer = new Uint8Array(length);
  let got = 0;
  while (got < length) {
    const { bytesRead } = await file.read(buffer, got, length - got, position + got);
    if (bytesRead === 0) break;
    got += bytesRead;
  }
  return buffer.subarray(0, got);
}
