/** The text report is read in terminals: attacker-written text must not control them. */
import { describe, expect, it } from 'vitest';
import { renderText } from '../src/render/text.js';
import { buildView } from '../src/render/view-model.js';
import { terminalSafe } from '../src/render/terminal-safe.js';
import { hostileReport } from './helpers/hostile-report.js';

describe('terminal safety', () => {
  it('neutralizes escape sequences, control characters and bidi overrides, keeps line breaks visible', () => {
    expect(terminalSafe('\x1b[2J\x1b]0;owned\x07Invoice\r\npaid \u202Efdp.exe\u0000')).toBe(
      '\uFFFD[2J\uFFFD]0;owned\uFFFDInvoice ⏎ paid \uFFFDfdp.exe\uFFFD',
    );
    expect(terminalSafe('x'.repeat(500), 10)).toBe('xxxxxxxxx…');
  });

  it('applies to every attacker-written field of the text report', () => {
    const hostile = '\x1b[31mred\x1b[0m \u202Egnp.exe';
    const report = hostileReport(hostile);
    const rendered = renderText(buildView(report));
    const text = 'text' in rendered ? rendered.text : '';
    expect(text).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f\u202a-\u202e]/);
    expect(text).toContain('\uFFFD[31mred');
  });
});
