/**
 * A failure text marked with the local rule that a delivery's sender or recipient domain selected
 * (`--rules` with senderDomain/recipientDomain). The fold keeps the marked text as a text of its
 * own, so every count, example and verdict keyed by text follows the rule without knowing of
 * domains; what is shown or stored is the text without its mark.
 */

/** NUL cannot come out of a trace export's text cell as a reason, and the mark is checked anyway (classifier.ts). */
const MARK = '\u0000rule:';

export function markText(text: string, ruleIndex: number): string {
  return `${text}${MARK}${ruleIndex}`;
}

/** The text and the rule index it is marked with (-1: none). */
export function splitMark(text: string): { text: string; rule: number } {
  const at = text.lastIndexOf(MARK);
  if (at < 0) return { text, rule: -1 };
  const n = Number(text.slice(at + MARK.length));
  return Number.isInteger(n) && n >= 0 ? { text: text.slice(0, at), rule: n } : { text, rule: -1 };
}

/** The text as it was written, for display and for the history. */
export function visibleText(text: string): string {
  return text.indexOf(MARK) < 0 ? text : splitMark(text).text;
}
