/**
 * Subjects, addresses, file names and NDR texts are written by whoever sent the mail or made the
 * file. In a terminal, an escape sequence in a subject could rewrite the screen or the title bar,
 * bidirectional controls can make text read differently than it is, and invisible characters can
 * hide what a text says. Text output shows them as visible placeholders instead.
 */

// C0 controls except tab, DEL, C1 controls (CSI, OSC… among them), the bidi embedding, override,
// isolate and mark characters (U+202A–202E, U+2066–2069, U+200E/200F, U+061C), zero-width and
// invisible characters (U+200B, U+2060–2064, U+FEFF), and tag characters (U+E0000–E007F, written
// as their surrogate pairs: this pattern has no `u` flag).
const UNSAFE =
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\u200b\u200e\u200f\u061c\u2060-\u2064\ufeff]|\udb40[\udc00-\udc7f]/g;

/** Line and paragraph separators break a line as a newline does. */
const LINE_BREAKS = /\r\n|\r|\n|\u2028|\u2029|\u0085/g;

/** One line of display text: line breaks become ⏎, control and invisible characters become U+FFFD. */
export function terminalSafe(s: string, maxChars = 300): string {
  let out = s.replace(LINE_BREAKS, ' ⏎ ').replace(/\t/g, ' ').replace(UNSAFE, '\uFFFD');
  if (out.length > maxChars) {
    // never cut a surrogate pair in half
    const end = maxChars - 1 - (/[\ud800-\udbff]/.test(out.charAt(maxChars - 2)) ? 1 : 0);
    out = out.slice(0, end) + '…';
  }
  return out;
}
