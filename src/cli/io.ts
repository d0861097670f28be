/** The command line's only contact with the terminal and the output file. */
import { writeFile } from 'node:fs/promises';
import type { Readable } from 'node:stream';

export interface CliIo {
  out(text: string): Promise<void>;
  err(text: string): void;
  writeFile(path: string, text: string): Promise<void>;
  stdin: Readable;
  /** standard error is a terminal: progress may be shown there */
  stderrIsTTY: boolean;
  now(): number;
}

export function createConsoleIo(): CliIo {
  // A reader that closes the pipe early (`exotrace analyze x | head`) is not an error.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
  });
  return {
    out: (text) =>
      new Promise((resolve) => {
        process.stdout.write(text, () => resolve());
      }),
    err: (text) => {
      process.stderr.write(text);
    },
    writeFile: (path, text) => writeFile(path, text, 'utf8'),
    stdin: process.stdin,
    stderrIsTTY: Boolean(process.stderr.isTTY),
    now: () => Date.now(),
  };
}
