/** The command line's only contact with the terminal and the output file. */
import { writeFile } from 'node:fs/promises';
import type { Readable } from 'node:stream';

export interface CliIo {
  /** Rejects when standard output cannot take the text (a full disk, a closed descriptor). */
  out(data: string | Uint8Array): Promise<void>;
  /** Raw text to standard error; sentences go through `say` (src/cli/say.ts), which neutralizes them. */
  err(text: string): void;
  writeFile(path: string, data: string | Uint8Array): Promise<void>;
  stdin: Readable;
  /** the environment, where secrets named by the config are read */
  env: NodeJS.ProcessEnv;
  /** standard error is a terminal: progress may be shown there */
  stderrIsTTY: boolean;
  /** standard output is a terminal: no binary output goes there */
  stdoutIsTTY?: boolean;
  now(): number;
}

export function createConsoleIo(): CliIo {
  // A reader that closes the pipe early (`exotrace analyze x | head`) is not an error: the rest
  // of the output is dropped. Any other failure is reported by out() to its caller.
  let pipeClosed = false;
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') pipeClosed = true;
  });
  return {
    out: (text) =>
      new Promise((resolve, reject) => {
        if (pipeClosed) return resolve();
        try {
          process.stdout.write(text, (e) => {
            if (e && (e as NodeJS.ErrnoException).code !== 'EPIPE') reject(e);
            else resolve();
          });
        } catch (e) {
          // a file or /dev/full on standard output is written synchronously and throws here
          if ((e as NodeJS.ErrnoException).code === 'EPIPE') resolve();
          else reject(e as Error);
        }
      }),
    err: (text) => {
      try {
        process.stderr.write(text);
      } catch {
        // nowhere left to say anything
      }
    },
    writeFile: (path, data) => writeFile(path, data),
    stdin: process.stdin,
    env: process.env,
    stderrIsTTY: Boolean(process.stderr.isTTY),
    stdoutIsTTY: Boolean(process.stdout.isTTY),
    now: () => Date.now(),
  };
}
