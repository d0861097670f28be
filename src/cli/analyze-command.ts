/** `exotrace analyze FILE... [--format text|json] [--out FILE]` */
import { createCatalog } from '../catalog/index.js';
import { createClassifier } from '../classify/classifier.js';
import { defaultLimits } from '../model/limits.js';
import { ANALYZE_CLASSIFIER, analyzeFiles } from '../pipeline/analyze.js';
import { renderers, type ReportFormat } from '../render/index.js';
import { ExitCode, exitCodeFor } from './exit-codes.js';
import type { CliIo } from './io.js';
import { createProgressReporter } from './progress.js';

export interface AnalyzeArgs {
  files: string[];
  format: ReportFormat;
  out?: string;
  /** threads that may read one large file at once */
  threads: number;
}

export async function runAnalyze(args: AnalyzeArgs, io: CliIo): Promise<number> {
  const catalog = createCatalog();
  const progress = io.stderrIsTTY ? createProgressReporter((s) => io.err(s), io.now) : undefined;
  const { report, failedInputs } = await analyzeFiles(
    args.files,
    { catalog, classifier: createClassifier(catalog, ANALYZE_CLASSIFIER), limits: defaultLimits, now: () => new Date(io.now()) },
    { stdin: io.stdin, onProgress: progress?.onProgress, threads: args.threads },
  );
  progress?.done();

  for (const e of failedInputs) io.err(`exotrace: ${e.message}\n`);
  if (report.inputs.length === 0) {
    io.err(`exotrace: nothing to analyze: ${failedInputs.length === 1 ? 'the input could not be read' : `none of the ${failedInputs.length} inputs could be read`}.\n`);
    return ExitCode.failed;
  }

  const text = renderers[args.format](report);
  if (args.out) {
    try {
      await io.writeFile(args.out, text);
    } catch (e) {
      io.err(`exotrace: cannot write the report to ${args.out}: ${(e as NodeJS.ErrnoException).code ?? String(e)}.\n`);
      return ExitCode.failed;
    }
  } else {
    await io.out(text);
  }
  const rowIssues = report.issues.length + report.issuesNotListed - failedInputs.length;
  if (rowIssues > 0 && args.format !== 'text') {
    io.err(`exotrace: ${rowIssues} input problem(s) were reported under "issues"; the rest was analyzed.\n`);
  }
  return exitCodeFor({ inputsRead: report.inputs.length, inputsFailed: failedInputs.length, issues: rowIssues });
}
