/**
 * Reading one byte range of a large plain export: the first range reads the file's start as any
 * input is read; a later range starts from what the first one found (encoding, header, dates).
 */
import { createReadStream } from 'node:fs';
import type { DateOrderDecision } from '../model/dates.js';
import { createCsvExportConsumer, type ExportHeader, type TextConsumer } from '../sources/csv-export.js';
import { decodeText } from '../sources/decode-text.js';
import type { SniffResult } from '../sources/encoding.js';
import {
  counted,
  csvFacts,
  invalidBytesWatch,
  openInput,
  readInput,
  READ_CHUNK_BYTES,
  type InputRead,
  type ReadContext,
} from '../sources/read-export.js';

/**
 * One byte range of a plain (uncompressed) CSV export file, for reading a large file on several
 * threads. A range starts at a record; it ends at the first of `stops` (the next ranges' starts)
 * where its reader is between records, so that a record spanning a planned boundary is read whole
 * by the range it starts in, and the ranges it ran over are not used. Read to the end of the file
 * when no stop qualifies.
 */
export interface FileRange {
  start: number;
  stops: readonly number[];
  /** For every range but the first: what the first range's reader found (encoding, header, dates). */
  continues?: { encoding: SniffResult; header: ExportHeader; dates?: DateOrderDecision };
}

export interface RangeRead extends InputRead {
  /** how many of `stops` were read past: the index of the stop where reading ended, or stops.length */
  stopsPassed: number;
}

export async function readExportFileRange(path: string, range: FileRange, ctx: ReadContext): Promise<RangeRead> {
  const { handle, size } = await openInput(path);
  await handle.close();
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
    : await readInput(bytes(), path, ctx, size, (c) => (consumer = c));
  return { ...read, stopsPassed };
}

async function readLaterRange(
  raw: AsyncIterable<Uint8Array>,
  source: string,
  continues: NonNullable<FileRange['continues']>,
  ctx: ReadContext,
  onConsumer: (c: TextConsumer) => void,
  totalBytes: number,
): Promise<InputRead> {
  const consumer = createCsvExportConsumer(source, ctx, {
    ...continues.header,
    ...(continues.dates ? { dates: continues.dates } : {}),
  });
  onConsumer(consumer);
  const bytes = ctx.onProgress ? counted(raw, source, ctx, totalBytes) : raw;
  const watch = invalidBytesWatch(source, continues.encoding.encoding, ctx);
  for await (const text of decodeText(bytes, source, () => {}, { ...continues.encoding, bomLength: 0 })) {
    watch(text, consumer.lines);
    consumer.push(text);
  }
  const lines = consumer.lines;
  consumer.end();
  const read = consumer.result()!;
  return {
    summary: {
      source,
      format: read.format,
      rows: read.rows,
      rejectedRows: read.rejectedRows,
      encoding: continues.encoding.encoding,
      ...csvFacts(read.delimiter),
    },
    lines,
    truncationLimits: read.truncationLimits,
  };
}
