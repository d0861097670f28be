/**
 * The exotrace command line. Parses arguments, runs a command, and maps its outcome to an exit
 * code (src/cli/exit-codes.ts). Errors a user can act on are printed as one sentence, never as a
 * stack trace.
 */
import { availableParallelism } from 'node:os';
import yargs, { type Argv } from 'yargs';
import { isExotraceError } from '../model/errors.js';
import { reportFormats } from '../render/index.js';
import { STDIN_PATH } from '../sources/file-source.js';
import { dateOrders } from '../normalize/timestamps.js';
import { runAnalyze, type AnalyzeArgs } from './analyze-command.js';
import { explainArgs, explainOptions, runExplain } from './explain-command.js';
import { runDoctorCommand } from './doctor-command.js';
import { runScanCommand } from './scan-command.js';
import { ExitCode, exitCodeForError } from './exit-codes.js';
import { runReportCommand } from './report-command.js';
import { dnsSettings, verifyDnsOptions, withCheckDomainCommand } from './check-domain-command.js';
import { mailArgs } from './mail-report.js';
import type { CliIo } from './io.js';
import { redactOption, singleValue, threadCount, UsageError, usageSentence, withRedactValue } from './options.js';
import { say } from './say.js';

/** yargs drops a bare `-` from positional arguments; it travels under a name no path can have. */
const STDIN_TOKEN = '\u0000stdin';

const COMMANDS = ['analyze', 'explain', 'doctor', 'scan', 'report', 'check-domain'];

/** analyze's arguments and options. */
const analyzeOptions = (y: Argv) =>
  y
    .positional('files', {
      type: 'string',
      array: true,
      describe:
        'export files (.csv, .csv.gz, .json, .eml, .msg, .mbox, pasted headers), any mix of formats and ' +
        'encodings; - reads standard input',
    })
    .option('format', {
      alias: 'f',
      type: 'string',
      requiresArg: true,
      describe: `report format: ${reportFormats.join(', ')} (default text)`,
    })
    .option('out', {
      alias: 'o',
      type: 'string',
      requiresArg: true,
      describe: 'write the report to this file instead of standard output (- is standard output)',
    })
    .option('threads', {
      type: 'string',
      requiresArg: true,
      describe:
        'threads that read one large plain export at once (default: the number of CPU cores, at most 8; 1 ' +
        'reads on one thread)',
    })
    .option('date-order', {
      type: 'string',
      requiresArg: true,
      describe:
        'how to read dates like 05/09/2025 in exports written by Windows PowerShell: dmy (day first, ' +
        'en-GB, de-DE…) or mdy (month first, en-US); by default decided per file from its dates',
    })
    .option('baseline', {
      type: 'string',
      requiresArg: true,
      describe:
        'a JSON report of the previous period (written by analyze --format json): the report shows the changes ' +
        'and what is new',
    })
    .option('redact', redactDescription)
    .option('config', {
      type: 'string',
      requiresArg: true,
      describe: "the scan's config file: its first tenant (or --mail-tenant) signs in to send --mail-to",
    });

/** The scan commands' --config. */
const configOption = (y: Argv) =>
  y.option('config', {
    alias: 'c',
    type: 'string',
    requiresArg: true,
    describe: 'the scan config file (exotrace.config.json)',
  });

/** scan's and report's period and tenant. */
const periodOptions = (y: Argv) =>
  configOption(y)
    .option('from', {
      type: 'string',
      requiresArg: true,
      describe: 'start of the period, ISO 8601 (UTC unless it says)',
    })
    .option('to', { type: 'string', requiresArg: true, describe: 'end of the period, ISO 8601 (default: now)' })
    .option('tenant', { type: 'string', requiresArg: true, describe: 'only this tenant of the config' });

const scanOptions = (y: Argv) =>
  periodOptions(y)
    .option('budget', {
      type: 'string',
      requiresArg: true,
      describe: 'detail requests per tenant at most in this run (default: one per failure not yet read)',
    })
    .option('log-format', {
      type: 'string',
      requiresArg: true,
      describe: 'text (default) or json: one JSON object per event on standard error, for log shippers',
    })
    .option('fail-on', {
      type: 'string',
      array: true,
      requiresArg: true,
      describe:
        'exit 4 when a failure of this cause id, a new cause (new-cause) or more than N failures (failed>N) is found',
    });

const reportOptions = (y: Argv) =>
  periodOptions(y)
    .option('format', {
      alias: 'f',
      type: 'string',
      requiresArg: true,
      describe: `report format: ${reportFormats.join(', ')} (default text)`,
    })
    .option('out', { alias: 'o', type: 'string', requiresArg: true, describe: 'write the report to this file' })
    .option('redact', redactDescription);

/** --mail-to and its companions, for analyze and report. */
const mailOptions = (y: Argv) =>
  y
    .option('mail-to', {
      type: 'string',
      array: true,
      requiresArg: true,
      describe: 'send the report by mail to these addresses, through Graph (the app needs Mail.Send)',
    })
    .option('mail-from', { type: 'string', requiresArg: true, describe: 'the mailbox the report is sent from' })
    .option('mail-pdf', { type: 'boolean', describe: 'attach the PDF to the mail' })
    .option('mail-tenant', {
      type: 'string',
      requiresArg: true,
      describe: "the config's tenant that signs in to send (default: the first)",
    });

/** The mail options as given, checked. */
function mailOption(args: Record<string, unknown>) {
  return mailArgs(
    ((args['mail-to'] as unknown[] | undefined) ?? []).map(String),
    singleValue(args, 'mail-from'),
    args['mail-pdf'] === true,
    singleValue(args, 'mail-tenant'),
  );
}

/** --rules FILE, for analyze, report, scan and explain. */
const rulesOption = (y: Argv) =>
  y.option('rules', {
    type: 'string',
    requiresArg: true,
    describe: 'local rules (JSON or YAML): patterns or status codes of your environment and their causes, tried first',
  });

/** --redact, for analyze and report. */
const redactDescription = {
  type: 'string',
  describe:
    'for reports that leave IT: personal addresses become stable pseudonyms (domains, role addresses and counts ' +
    'stay); --redact subjects hides subjects too',
} as const;

/** The period and tenant options as they were given. */
function periodArgs(args: Record<string, unknown>, command: string) {
  const config = singleValue(args, 'config');
  if (config === undefined)
    throw new UsageError(`name the config file: exotrace ${command} --config exotrace.config.json`);
  const from = singleValue(args, 'from');
  const to = singleValue(args, 'to');
  const tenant = singleValue(args, 'tenant');
  return { config, ...(from ? { from } : {}), ...(to ? { to } : {}), ...(tenant ? { tenant } : {}) };
}

/** The commands of the Graph scan: doctor, scan, report. */
function withScanCommands(parser: Argv, io: CliIo, guarded: Guard): Argv {
  return parser
    .command(
      'doctor',
      "Check each tenant of the scan's config: its credential, sign-in, and one call to the message trace API",
      configOption,
      guarded(async (args: Record<string, unknown>) => {
        const config = singleValue(args, 'config');
        if (config === undefined)
          throw new UsageError('name the config file: exotrace doctor --config exotrace.config.json');
        return runDoctorCommand({ config }, io, io.env);
      }),
    )
    .command(
      'scan',
      'Fetch message traces through Microsoft Graph into the history, for every tenant of the config',
      (y: Argv) => rulesOption(verifyDnsOptions(scanOptions(y))),
      guarded(async (args: Record<string, unknown>) => {
        const budget = singleValue(args, 'budget');
        const failOn = ((args['fail-on'] as unknown[] | undefined) ?? []).map(String);
        const logFormat = singleValue(args, 'log-format', ['text', 'json'] as const) ?? 'text';
        const budgetArg = budget !== undefined ? { budget } : {};
        const verifyDns = args['verify-dns'] === true ? dnsSettings(args) : undefined;
        const rules = singleValue(args, 'rules');
        return runScanCommand(
          {
            ...periodArgs(args, 'scan'),
            ...budgetArg,
            failOn,
            logFormat,
            ...(verifyDns ? { verifyDns } : {}),
            ...(rules !== undefined ? { rules } : {}),
          },
          io,
        );
      }),
    )
    .command(
      'report',
      'Report a period from the history, in the formats of analyze',
      (y: Argv) => rulesOption(verifyDnsOptions(mailOptions(reportOptions(y)))),
      guarded(async (args: Record<string, unknown>) => {
        const format = singleValue(args, 'format', reportFormats) ?? 'text';
        const out = singleValue(args, 'out');
        const redact = redactOption(args);
        const mail = mailOption(args);
        const verifyDns = args['verify-dns'] === true ? dnsSettings(args) : undefined;
        const rules = singleValue(args, 'rules');
        return runReportCommand(
          {
            ...(rules !== undefined ? { rules } : {}),
            ...(verifyDns ? { verifyDns } : {}),
            ...periodArgs(args, 'report'),
            format,
            ...(out !== undefined ? { out } : {}),
            ...(redact ? { redact } : {}),
            ...(mail ? { mail } : {}),
          },
          io,
        );
      }),
    );
}

/** analyze's options beyond the files and the format: --baseline, --redact, --mail-*, --verify-dns. */
function reportExtras(
  args: Record<string, unknown>,
): Pick<AnalyzeArgs, 'baseline' | 'redact' | 'mail' | 'verifyDns' | 'rules'> {
  const rules = singleValue(args, 'rules');
  const baseline = singleValue(args, 'baseline');
  const redact = redactOption(args);
  const mail = mailOption(args);
  const config = singleValue(args, 'config');
  if (mail && config === undefined)
    throw new UsageError('--mail-to signs in as the scan does: name its config with --config exotrace.config.json');
  const verifyDns = args['verify-dns'] === true ? dnsSettings(args) : undefined;
  return {
    ...(rules !== undefined ? { rules } : {}),
    ...(verifyDns ? { verifyDns } : {}),
    ...(mail ? { mail: { ...mail, config: config! } } : {}),
    ...(baseline !== undefined ? { baseline } : {}),
    ...(redact ? { redact } : {}),
  };
}

type Guard = <A>(run: (args: A) => Promise<number>) => (args: A) => Promise<void>;

export async function main(argv: string[], io: CliIo): Promise<number> {
  let code: number = ExitCode.ok;
  let usageError: string | undefined;
  const fromToken = (a: string) => (a === STDIN_TOKEN ? STDIN_PATH : a);
  /** Runs a command's handler; a UsageError becomes the run's one usage sentence. */
  const guarded =
    <A>(run: (args: A) => Promise<number>) =>
    async (args: A): Promise<void> => {
      // With exitProcess(false) yargs still calls the handler after a validation failure.
      if (usageError) return;
      try {
        code = await run(args);
      } catch (e) {
        if (!(e instanceof UsageError)) throw e;
        usageError = e.message;
      }
    };
  const commands = yargs(withRedactValue(argv).map((a) => (a === STDIN_PATH ? STDIN_TOKEN : a)))
    .scriptName('exotrace')
    .usage('$0 <command> [options]')
    // `--` ends the options: what follows is taken as file names, even `-x.csv`
    .parserConfiguration({ 'populate--': true })
    .command(
      'analyze [files..]',
      'Analyze exported message traces (Extended/Enhanced summary/Summary CSV, Get-MessageTrace(V2) and ' +
        'Get-MessageTraceDetail exports, tracking logs, Graph JSON, bounce messages) and report why mail failed',
      (y: Argv) => rulesOption(verifyDnsOptions(mailOptions(analyzeOptions(y)))),
      guarded(async (args: Record<string, unknown>) => {
        const files = [
          ...((args.files as string[] | undefined) ?? []),
          ...((args['--'] as string[] | undefined) ?? []),
        ].map((f) => fromToken(String(f)));
        if (files.length === 0)
          throw new UsageError(
            'name at least one export file to analyze, for example: exotrace analyze MessageTrace.csv (- reads ' +
              'standard input)',
          );
        const out = singleValue(args, 'out');
        return runAnalyze(
          {
            ...reportExtras(args),
            files,
            format: singleValue(args, 'format', reportFormats) ?? 'text',
            out: out === undefined || fromToken(out) === STDIN_PATH ? undefined : out,
            threads: threadCount(singleValue(args, 'threads')) ?? Math.min(8, availableParallelism()),
            dateOrder: singleValue(args, 'date-order', dateOrders),
          },
          io,
        );
      }),
    )
    .command(
      'explain [text..]',
      'Name the cause of one failure text or Authentication-Results value; with no TEXT, read standard input and ' +
        'answer line for line',
      (y: Argv) => rulesOption(explainOptions(y)),
      guarded(async (args: Record<string, unknown>) => {
        const words = [
          ...((args.text as string[] | undefined) ?? []),
          ...((args['--'] as string[] | undefined) ?? []),
        ].map(String);
        const format = singleValue(args, 'format', ['text', 'json'] as const) ?? 'text';
        // `explain -` reads standard input, as `explain` alone does.
        const text =
          words.length === 0 || (words.length === 1 && words[0] === STDIN_TOKEN)
            ? undefined
            : words.map(fromToken).join(' ');
        return runExplain(explainArgs(args, text, format), io, io.stdin);
      }),
    );
  const parser = withCheckDomainCommand(withScanCommands(commands, io, guarded), io, guarded)
    .demandCommand(
      1,
      'name a command: exotrace analyze, explain, doctor, scan, report or check-domain (exotrace --help lists them)',
    )
    .strict()
    .help()
    .version()
    .wrap(Math.min(100, process.stdout.columns || 100))
    .exitProcess(false)
    .fail((msg, err) => {
      // yargs' own validation errors (YError) are usage errors too, whichever way they come
      if (err && err.name !== 'YError') throw err;
      usageError = usageSentence(msg ?? err?.message ?? 'the command line cannot be read', argv, COMMANDS);
    });

  try {
    await parser.parseAsync();
  } catch (e) {
    if (isExotraceError(e)) {
      // a config's problems come one per line
      const [first, ...more] = e.message.split('\n');
      say(io, e.location.source ? `${e.location.source}: ${first}` : first!);
      for (const line of more) say(io, line);
      return exitCodeForError(e.code);
    }
    say(io, `internal error: ${e instanceof Error ? e.message : String(e)}`);
    io.err('This is a bug in exotrace; please report it with the command you ran.\n');
    return ExitCode.internal;
  }
  if (usageError) {
    say(io, usageError);
    io.err("Run 'exotrace --help' for the commands, or 'exotrace COMMAND --help' for a command's options.\n");
    return ExitCode.usage;
  }
  return code;
}
