/** `exotrace explain [TEXT] [--format text|json]`: classify one text, or standard input line by line. */
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { createCatalog } from '../catalog/index.js';
import { createClassifier } from '../classify/classifier.js';
import { explainText } from '../classify/explain.js';
import { explanationBlock, explanationJsonLine, explanationLine } from '../render/explanation.js';
import { ExitCode } from './exit-codes.js';
import type { CliIo } from './io.js';

export interface ExplainArgs {
  text?: string;
  format: 'text' | 'json';
}

export async function runExplain(args: ExplainArgs, io: CliIo, stdin: Readable): Promise<number> {
  const catalog = createCatalog();
  const classifier = createClassifier(catalog);
  if (args.text !== undefined) {
    const e = explainText(args.text, classifier, catalog);
    await io.out(args.format === 'json' ? explanationJsonLine(e) : explanationBlock(e));
    return ExitCode.ok;
  }
  // One answer per input line, written as soon as it is known, so a pipe can stream.
  const lines = createInterface({ input: stdin, crlfDelay: Infinity });
  for await (const line of lines) {
    const e = explainText(line, classifier, catalog);
    await io.out(args.format === 'json' ? explanationJsonLine(e) : explanationLine(e));
  }
  return ExitCode.ok;
}
