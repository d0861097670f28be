/**
 * `exotrace analyze FILE... [--format text|json|markdown|html|pdf|csv] [--out FILE] [--baseline PREVIOUS.json]
 * [--redact [subjects]] [--threads N] [--date-order dmy|mdy]`
 */
import { createClassifier } from '../classify/classifier.js';
import { defaultLimits } from '../model/limits.js';
import type { DateOrder } from '../normalize/timestamps.js';
import { ANALYZE_CLASSIFIER, analyzeSources } from '../pipeline/analyze.js';
import { pathSource } from '../sources/file-source.js';
import type { ReportFormat } from '../render/index.js';
import { ExitCode, exitCodeFor } from './exit-codes.js';
import type { CliIo } from './io.js';
import { UsageError } from './options.js';
import { inputOverwrittenBy } from './out-path.js';
import { createProgressReporter } from './progress.js';
import { say } from './say.js';
import { readBaseline } from './baseline.js';
import { catalogWith, readRules, withRules } from './rules-option.js';
import { checkOutput, writeReport, type ReportOutput } from './write-report.js';
import { needsFailures } from '../render/index.js';
import type { RedactOptions } from '../render/redact.js';
import { loadScanConfig } from '../graph/config.js';
import { mailReport, type MailArgs } from './mail-report.js';
import { attachDnsFindings, type DnsSettings } from './verify-dns.js';

export interface AnalyzeArgs {
  files: string[];
  format: ReportFormat;
  /** undefined: standard output */
  out?: string;
  /** threads that may read one large file at once */
  threads: number;
  /** how every file's locale dates are read; undefined: decided per file */
  dateOrder?: DateOrder;
  /** a JSON report of the previous period, to compare with */
  baseline?: string;
  redact?: RedactOptions;
  /** send the report by mail, signed in as the scan's config says */
  mail?: MailArgs & { config: string };
  /** check the causes' domains and IPs over DNS (--verify-dns) */
  verifyDns?: DnsSettings;
  /** --rules FILE: local rules, tried before the catalog */
  rules?: string;
}

export async function runAnalyze(args: AnalyzeArgs, io: CliIo): Promise<number> {
  if (args.out !== undefined) {
    const input = await inputOverwrittenBy(args.out, args.files);
    if (input !== undefined) {
      throw new UsageError(
        `--out ${args.out} ` +
          `${input === args.out ? 'is one of the inputs' : `is the same file as the input ${input}`}: writing the ` +
          `report there would overwrite the export it is made from. Choose another file name for the report`,
      );
    }
  }
  const output: ReportOutput = {
    format: args.format,
    ...(args.out !== undefined ? { out: args.out } : {}),
    ...(args.redact ? { redact: args.redact } : {}),
  };
  checkOutput(io, output);
  // read first: a wrong baseline is said before minutes of reading
  const baseline = args.baseline !== undefined ? await readBaseline(args.baseline) : undefined;
  const mailConfig = args.mail ? await loadScanConfig(args.mail.config) : undefined;
  const rules = await readRules(args.rules);
  const catalog = catalogWith(rules);
  const progress = io.stderrIsTTY ? createProgressReporter((s) => io.err(s), io.now) : undefined;
  const analysis = await analyzeSources(
    args.files.map((path) => pathSource(path, io.stdin)),
    {
      catalog,
      classifier: createClassifier(catalog, withRules(ANALYZE_CLASSIFIER, rules)),
      limits: defaultLimits,
      now: () => new Date(io.now()),
    },
    {
      onProgress: progress?.onProgress,
      threads: args.threads,
      dateOrder: args.dateOrder,
      ...(rules ? { localRules: rules } : {}),
    },
  );
  progress?.done();
  const { report, failedInputs } = analysis;

  for (const e of failedInputs) say(io, `${e.location.source}: ${e.message}`);
  if (report.inputs.length === 0) {
    const n = failedInputs.length;
    say(
      io,
      `nothing to analyze: ${n === 1 ? 'the input could not be read' : `none of the ${n} inputs could be read`}.`,
    );
    return ExitCode.failed;
  }

  if (args.verifyDns) await attachDnsFindings(io, report, args.verifyDns);
  const extras = {
    ...(baseline ? { baseline } : {}),
    ...(needsFailures(args.format) ? { failures: analysis.failures() } : {}),
  };
  if (args.mail && mailConfig) {
    const now = new Date(io.now());
    const period = report.period
      ? { from: new Date(report.period.start), to: new Date(Date.parse(report.period.end) + 1) }
      : { from: now, to: now };
    await mailReport(io, mailConfig, args.mail, report, extras, args.redact ? { redact: args.redact } : {}, period);
    say(io, `the report was sent to ${args.mail.to.join(', ')} from ${args.mail.from}.`);
  }
  // with --mail-to, the report is written out only when --out names a file
  if ((!args.mail || args.out !== undefined) && !(await writeReport(io, report, output, extras)))
    return ExitCode.failed;
  const rowIssues = report.issues.length + report.issuesNotListed - failedInputs.length;
  if (rowIssues > 0 && args.format !== 'text') {
    say(
      io,
      `${rowIssues === 1 ? 'one input problem was' : `${rowIssues} input problems were`} reported under "issues" ` +
        `in the report; everything else was analyzed.`,
    );
  }
  return exitCodeFor({ inputsRead: report.inputs.length, inputsFailed: failedInputs.length, issues: rowIssues });
}
