/**
 * The byte sources: a file (read on several threads when it is large and the run allows it),
 * standard input or any byte stream, and a text held in memory (message headers pasted in).
 */
import { stat } from 'node:fs/promises';
import { ExotraceError } from '../model/errors.js';
import type { InputSummary } from '../model/input.js';
import { planRanges } from '../threads/plan-ranges.js';
import { readFileInRanges } from '../threads/read-in-ranges.js';
import { readExportFile, readExportStream } from './read-export.js';
import type { SourceContext, TraceSource } from './trace-source.js';

/** The size of a regular file, or 0 when it is not one (the ordinary reader then says why). */
async function fileSize(path: string): Promise<number> {
  try {
    const info = await stat(path);
    return info.isFile() ? info.size : 0;
  } catch {
    return 0;
  }
}

/** An export file, a bounce, a mailbox…: what it is, is sniffed from its first bytes. */
export function fileSource(path: string): TraceSource {
  return {
    name: path,
    kind: 'file',
    async read(ctx: SourceContext): Promise<InputSummary> {
      const threads = ctx.threads;
      if (!threads || threads.count < 2) return readExportFile(path, ctx);
      const size = await fileSize(path);
      const plan = await planRanges(path, size, threads.count, threads.minRangeBytes, ctx.limits, ctx.dateOrder);
      if (!plan) return readExportFile(path, ctx);
      return readFileInRanges(path, plan, { ...ctx, ...threads, totalBytes: size });
    },
  };
}

/** Any stream of bytes (standard input, a download), read once, as a file would be. */
export function streamSource(name: string, bytes: AsyncIterable<Uint8Array>): TraceSource {
  return { name, kind: 'stream', read: (ctx) => readExportStream(bytes, name, ctx) };
}

/** Text held in memory, such as message headers pasted from Outlook, or an export read elsewhere. */
export function textSource(name: string, text: string): TraceSource {
  async function* bytes(): AsyncGenerator<Uint8Array> {
    yield Buffer.from(text, 'utf8');
  }
  return { name, kind: 'text', read: (ctx) => readExportStream(bytes(), name, ctx) };
}

/** `-` names standard input, as in most command-line tools. */
export const STDIN_PATH = '-';

/** The source a command-line path names: a file, or standard input for `-`. */
export function pathSource(path: string, stdin: AsyncIterable<Uint8Array> | undefined): TraceSource {
  if (path !== STDIN_PATH) return fileSource(path);
  if (stdin) return streamSource('stdin', stdin);
  return {
    name: 'stdin',
    kind: 'stream',
    read: () =>
      Promise.reject(
        new ExotraceError('EXO_INPUT_UNREADABLE', 'standard input is not available here.', { source: 'stdin' }),
      ),
  };
}
