/** Rendering a report and writing it where the command line says, for every command that prints one. */
import { errnoWords } from '../model/errors.js';
import type { Report } from '../model/report.js';
import { renderers, type ReportFormat } from '../render/index.js';
import { createRedactor, redactionNote, type RedactOptions } from '../render/redact.js';
import { buildView, type Rendered, type ViewExtras } from '../render/view-model.js';
import type { CliIo } from './io.js';
import { UsageError } from './options.js';
import { say } from './say.js';

export interface ReportOutput {
  format: ReportFormat;
  /** undefined: standard output */
  out?: string;
  /** pseudonymize personal addresses (and hide subjects) in every part of the report */
  redact?: RedactOptions;
}

/** A PDF is bytes a terminal would show as noise: it goes to a file or a pipe. */
export function checkOutput(io: CliIo, output: ReportOutput): void {
  if (output.format === 'pdf' && output.out === undefined && io.stdoutIsTTY)
    throw new UsageError('--format pdf writes a binary file: name it with --out report.pdf (or redirect the output)');
}

/** The report as the reader gets it: redacted when asked, rendered in its format. */
export async function renderReport(
  io: CliIo,
  report: Report,
  output: ReportOutput,
  extras: ViewExtras = {},
): Promise<Rendered> {
  let r = report;
  let x = extras;
  if (output.redact) {
    const redactor = createRedactor(output.redact);
    r = redactor.redact({ ...report, notes: [...report.notes, redactionNote(output.redact)] });
    x = redactor.redact(extras);
  }
  return renderers[output.format](buildView(r, x), { env: io.env });
}

/** Writes the rendered report to `out` (a file) or standard output; false, with one sentence said, when it cannot. */
export async function writeRendered(io: CliIo, rendered: Rendered, out: string | undefined): Promise<boolean> {
  const data = 'text' in rendered ? rendered.text : rendered.bytes;
  try {
    if (out !== undefined) await io.writeFile(out, data);
    else await io.out(data);
    return true;
  } catch (e) {
    const where = out ?? 'standard output';
    const what = out !== undefined ? ' Choose another --out file, or check the folder and its permissions.' : '';
    say(io, `the report could not be written to ${where}: ${errnoWords((e as NodeJS.ErrnoException).code)}.${what}`);
    return false;
  }
}

/** renderReport, then writeRendered. */
export async function writeReport(
  io: CliIo,
  report: Report,
  output: ReportOutput,
  extras: ViewExtras = {},
): Promise<boolean> {
  return writeRendered(io, await renderReport(io, report, output, extras), output.out);
}
