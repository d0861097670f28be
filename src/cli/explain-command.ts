/**
 * `exotrace explain [TEXT] [--format text|json] [--rules FILE [--sender A] [--recipient A]]`: classify one text, or
 * standard input line by line.
 */
import type { Readable } from 'node:stream';
import type { Argv } from 'yargs';
import { createClassifier } from '../classify/classifier.js';
import { explainText } from '../classify/explain.js';
import { errnoWords } from '../model/errors.js';
import { explanationBlock, explanationJsonLine, explanationLine } from '../render/explanation.js';
import { readTextLines } from '../sources/text-lines.js';
import { ExitCode } from './exit-codes.js';
import type { CliIo } from './io.js';
import { say } from './say.js';
import { singleValue } from './options.js';
import { catalogWith, readRules, withRules } from './rules-option.js';

export interface ExplainArgs {
  text?: string;
  format: 'text' | 'json';
  /** --rules FILE: local rules, tried before the catalog */
  rules?: string;
  /** --sender / --recipient: the delivery's addresses, for rules with a domain condition */
  sender?: string;
  recipient?: string;
}

/** explain's arguments and options (--rules is added with the other commands'). */
export const explainOptions = (y: Argv) =>
  y
    .positional('text', {
      type: 'string',
      array: true,
      describe: 'a failure (Detail/NDR) text or an Authentication-Results value; several words are read as one text',
    })
    .option('format', {
      alias: 'f',
      type: 'string',
      requiresArg: true,
      describe: 'text (default) or json: one JSON object per answer (JSON Lines)',
    })
    .option('sender', {
      type: 'string',
      requiresArg: true,
      describe: "the failed delivery's sender address, for local rules with a senderDomain",
    })
    .option('recipient', {
      type: 'string',
      requiresArg: true,
      describe: "the failed delivery's recipient address, for local rules with a recipientDomain",
    });

/** ExplainArgs from yargs' arguments, the text and format main read. */
export function explainArgs(
  args: Record<string, unknown>,
  text: string | undefined,
  format: 'text' | 'json',
): ExplainArgs {
  const rules = singleValue(args, 'rules');
  const sender = singleValue(args, 'sender');
  const recipient = singleValue(args, 'recipient');
  return {
    text,
    format,
    ...(rules !== undefined ? { rules } : {}),
    ...(sender !== undefined ? { sender } : {}),
    ...(recipient !== undefined ? { recipient } : {}),
  };
}

export async function runExplain(args: ExplainArgs, io: CliIo, stdin: Readable): Promise<number> {
  const rules = await readRules(args.rules);
  const catalog = catalogWith(rules);
  const classifier = createClassifier(catalog, withRules({}, rules));
  const answer = (text: string) => {
    // as the fold does for a failed delivery: a rule for the sender's or recipient's domain marks the text
    const e = explainText(classifier.forDelivery(text, args.sender, args.recipient ?? ''), classifier, catalog);
    return args.format === 'json'
      ? explanationJsonLine(e)
      : args.text !== undefined
        ? explanationBlock(e)
        : explanationLine(e);
  };
  let unwritable: unknown;
  const write = (text: string) =>
    io.out(text).catch((e: unknown) => {
      unwritable = e;
      throw e;
    });
  try {
    if (args.text !== undefined) await write(answer(args.text));
    else {
      // One answer per input line, written as soon as it is known, so a pipe can stream. The
      // input's encoding is detected as analyze detects it (a list saved by Notepad is UTF-16).
      for await (const line of readTextLines(stdin as AsyncIterable<Uint8Array>, 'standard input'))
        await write(answer(line));
    }
  } catch (e) {
    if (e !== unwritable) throw e;
    say(io, `the answers could not be written to standard output: ${errnoWords((e as NodeJS.ErrnoException).code)}.`);
    return ExitCode.failed;
  }
  return ExitCode.ok;
}
