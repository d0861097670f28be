/** Rendering a report and writing it where the command line says, for every command that prints one. */
import { errnoWords } from '../model/errors.js';
import type { Report } from '../model/report.js';
import { renderers, type ReportFormat } from '../render/index.js';
import { buildView } from '../render/view-model.js';
import type { CliIo } from './io.js';
import { say } from './say.js';

/** Writes the report to `out` (a file) or standard output; false, with one sentence said, when it cannot. */
export async function writeReport(
  io: CliIo,
  report: Report,
  format: ReportFormat,
  out: string | undefined,
): Promise<boolean> {
  const rendered = await renderers[format](buildView(report));
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
