/**
 * Every string of a report that came from mail (subjects, addresses, failure texts, file names,
 * and a baseline report read back) is attacker-controlled. In the page it is text and nothing
 * else: control, bidi and invisible characters are neutralized as in the terminal, then the five
 * HTML metacharacters are escaped, so no tag, attribute or entity can start from it.
 */
import { terminalSafe } from '../terminal-safe.js';

const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes the HTML metacharacters of a string that is already display-safe. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

/** Input text as safe HTML text (one line, at most `maxChars` characters). */
export function h(s: string, maxChars = 300): string {
  return escapeHtml(terminalSafe(s, maxChars));
}

export function int(n: number): string {
  return n.toLocaleString('en-US');
}

/** A change as a signed figure: "+12", "−3", "±0" (percentage points with `pp`). */
export function signed(change: number, unit: '' | 'pp' = ''): string {
  const abs = unit === 'pp' ? Math.abs(change).toFixed(1) : int(Math.abs(change));
  const sign = change > 0 ? '+' : change < 0 ? '−' : '±';
  return `${sign}${abs}${unit === 'pp' ? ' pp' : ''}`;
}

/** A day or time of the report (ISO, UTC) as a reader wants it: "2026-11-16 14:20 UTC". */
export function when(iso: string | undefined): string {
  if (!iso) return '';
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(iso);
  return m ? `${m[1]} ${m[2]} UTC` : h(iso, 40);
}
