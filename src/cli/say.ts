/**
 * Sentences for the user on standard error. File names, header lines and failure texts quoted in
 * them come from the input, so each sentence is neutralized as the text report is: an escape
 * sequence in a file name must not rewrite the terminal.
 */
import { terminalSafe } from '../render/terminal-safe.js';
import type { CliIo } from './io.js';

export function say(io: CliIo, sentence: string): void {
  io.err(`exotrace: ${terminalSafe(sentence, 4000)}\n`);
}
