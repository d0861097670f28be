/**
 * What the analysis keeps of a string read from a row: a copy that does not keep the row alive,
 * and no more of it than a real value needs, so that memory grows with what is counted, never
 * with the rows (not even the rows of a crafted file).
 */
import { MAX_KEPT_ID_CHARS, MAX_TEXT_CHARS } from '../model/limits.js';

/**
 * A copy of a string that does not keep its source alive, equal to it code unit for code unit.
 *
 * Fields cut from a CSV line are V8 "sliced strings": they point into the whole line. Storing
 * one (a message id as a Map key, say) keeps the entire line in memory, so a fold over a million
 * rows would hold every row it ever keyed on. Everything the fold keeps goes through here.
 * A round trip through a Buffer gives a new flat string of just these characters; through
 * UTF-16LE, not UTF-8, because UTF-8 turns a lone surrogate into U+FFFD, and a copy that differs
 * from its key made 100 rows with one text 100 distinct texts (JSON input can carry one). It is
 * also faster than UTF-8 and as small (V8 stores ASCII results in one byte per character).
 * Cheaper-looking copies keep more alive (docs/performance.md, "Decisions": detach).
 */
export function detach(s: string): string {
  return s.length < 13 ? s : Buffer.from(s, 'utf16le').toString('utf16le');
}

/** A message key or a recipient as the analysis keeps it (see MAX_KEPT_ID_CHARS). */
export function keptId(s: string): string {
  return s.length > MAX_KEPT_ID_CHARS ? s.slice(0, MAX_KEPT_ID_CHARS) : s;
}

/** A failure text as the analysis keeps it: its first MAX_TEXT_CHARS characters, marked when there were more. */
export function keptText(s: string): string {
  return s.length > MAX_TEXT_CHARS ? `${s.slice(0, MAX_TEXT_CHARS)}…` : s;
}
