/**
 * The exotrace command line. Parses arguments, runs a command, and maps its outcome to an exit
 * code (src/cli/exit-codes.ts). Errors a user can act on are printed as one sentence, never as a
 * stack trace.
 */
import { availableParallelism } from 'node:os';
import yargs from 'yargs';
import { isExotraceError } from '../model/errors.js';
import { reportFormats } from '../render/index.js';
import { STDIN_PATH } from '../pipeline/analyze.js';
import { runAnalyze } from './analyze-command.js';
import { runExplain } from './explain-command.js';
import { ExitCode } from './exit-codes.js';
import type { CliIo } from './io.js';

/** yargs drops a bare `-` from positional arguments; it travels under a name no path can have. */
const STDIN_TOKEN = '\u0000stdin';

export async function main(argv: string[], io: CliIo): Promise<number> {
  let code: number = ExitCode.ok;
  let usageError: string | undefined;
  const parser = yargs(argv.map((a) => (a === STDIN_PATH ? STDIN_TOKEN : a)))
    .scriptName('exotrace')
    .usage('$0 <command> [options]')
    .command(
      'analyze <files..>',
      'Analyze exported message traces (Extended/Enhanced summary/Summary CSV, Get-MessageTrace(V2) and Get-MessageTraceDetail exports) and report why mail failed',
      (y) =>
        y
          .positional('files', { type: 'string', array: true, demandOption: true, describe: 'export files (.csv, .csv.gz, .eml, pasted headers), any mix of formats and encodings; - reads standard input' })
          .option('format', { alias: 'f', choices: reportFormats, default: 'text' as const, describe: 'report format' })
          .option('out', { alias: 'o', type: 'string', describe: 'write the report to this file instead of standard output' })
          .option('threads', {
            type: 'number',
            describe: 'threads that read one large plain export at once (default: the number of CPU cores, at most 8; 1 reads on one thread)',
          }),
      async (args) => {
        // With exitProcess(false) yargs still calls the handler after a validation failure.
        if (usageError) return;
        if (args.threads !== undefined && !(Number.isInteger(args.threads) && args.threads >= 1 && args.threads <= 64)) {
          usageError = '--threads takes a whole number from 1 to 64';
          return;
        }
        const files = (args.files as string[]).map((f) => (f === STDIN_TOKEN ? STDIN_PATH : f));
        code = await runAnalyze({ files, format: args.format, out: args.out, threads: args.threads ?? Math.min(8, availableParallelism()) }, io);
      },
    )
    .command(
      'explain [text]',
      'Name the cause of one failure text or Authentication-Results value; with no TEXT, read standard input and answer line for line',
      (y) =>
        y
          .positional('text', { type: 'string', describe: 'a failure (Detail/NDR) text or an Authentication-Results value' })
          .option('format', { alias: 'f', choices: ['text', 'json'] as const, default: 'text' as const, describe: 'json prints one JSON object per answer (JSON Lines)' }),
      async (args) => {
        if (usageError) return;
        // `explain -` reads standard input, as `explain` alone does.
        const text = args.text === STDIN_TOKEN ? undefined : args.text;
        code = await runExplain({ text, format: args.format }, io, io.stdin);
      },
    )
    .demandCommand(1, 'Name a command: exotrace analyze FILE... or exotrace explain TEXT')
    .strict()
    .help()
    .version()
    .wrap(Math.min(100, process.stdout.columns || 100))
    .exitProcess(false)
    .fail((msg, err) => {
      if (err) throw err;
      usageError = msg;
    });

  try {
    await parser.parseAsync();
  } catch (e) {
    if (isExotraceError(e)) {
      io.err(`exotrace: ${e.message}\n`);
      return ExitCode.failed;
    }
    io.err(`exotrace: internal error: ${e instanceof Error ? e.message : String(e)}\nThis is a bug in exotrace; please report it with the command you ran.\n`);
    return ExitCode.internal;
  }
  if (usageError) {
    io.err(`exotrace: ${usageError}\nRun 'exotrace --help' for the commands and options.\n`);
    return ExitCode.usage;
  }
  return code;
}
