/**
 * Subjects, addresses and NDR texts are written by whoever sent the mail. In a terminal, an
 * escape sequence in a subject could rewrite the screen or the title bar, and bidirectional
 * overrides can make text read differently than it is. Text output shows them as visible
 * placeholders instead.
 */

// C0 controls except tab, DEL, C1 controls, and the bidi embedding/override/isolate characters.
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** One line of display text: line breaks become ⏎, control characters become U+FFFD. */
export function terminalSafe(s: string, maxChars = 300): string {
  let out = s.replace(/\r\n|\r|\n/g, ' ⏎ ').replace(/\t/g, ' ').replace(UNSAFE, '\uFFFD');
  if (out.length > maxChars) out = out.slice(0, maxChars - 1) + '…';
  return out;
}
