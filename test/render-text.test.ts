/** The text report is read in terminals: attacker-written text must not control them. */
import { describe, expect, it } from 'vitest';
import type { Report } from '../src/model/report.js';
import { renderText } from '../src/render/text.js';
import { buildView } from '../src/render/view-model.js';
import { terminalSafe } from '../src/render/terminal-safe.js';

describe('terminal safety', () => {
  it('neutralizes escape sequences, control characters and bidi overrides, keeps line breaks visible', () => {
    expect(terminalSafe('\x1b[2J\x1b]0;owned\x07Invoice\r\npaid \u202Efdp.exe\u0000')).toBe(
      '\uFFFD[2J\uFFFD]0;owned\uFFFDInvoice ⏎ paid \uFFFDfdp.exe\uFFFD',
    );
    expect(terminalSafe('x'.repeat(500), 10)).toBe('xxxxxxxxx…');
  });

  it('applies to every attacker-written field of the text report', () => {
    const hostile = '\x1b[31mred\x1b[0m \u202Egnp.exe';
    const report: Report = {
      schemaVersion: 1,
      generatedAt: '2026-11-23T08:00:00.000Z',
      inputs: [
        {
          source: `in${hostile}.csv`,
          format: 'extended-report',
          rows: 1,
          rejectedRows: 0,
          encoding: 'utf-8',
          csv: { delimiter: 'comma' },
        },
      ],
      totals: {
        messages: 1,
        deliveries: 1,
        delivered: 0,
        failed: 1,
        pending: 0,
        quarantined: 0,
        filteredAsSpam: 0,
        expanded: 0,
        dropped: 0,
        unknown: 0,
      },
      causes: [
        {
          id: 'unknown',
          title: 'Reason not recognized or not in the export',
          owner: 'tenant-admin',
          count: 1,
          explanation: 'x',
          fix: ['y'],
          references: [],
          examples: [
            {
              text: `550 ${hostile}`,
              reply: `550 ${hostile}`,
              count: 1,
              recipient: `r${hostile}@contoso.com`,
              sender: `s${hostile}@fabrikam.com`,
              subject: `Subject ${hostile}`,
              direction: 'inbound',
              source: 'in.csv',
              line: 2,
              remoteHost: `mx${hostile}`,
              lastDeferral: `451 ${hostile}`,
            },
          ],
        },
      ],
      unclassified: [{ pattern: `550 ${hostile}`, count: 1, example: hostile }],
      issues: [{ source: 'in.csv', line: 3, code: 'EXO_CSV_FIELD_COUNT', message: `bad ${hostile}` }],
      issuesNotListed: 0,
      notes: [`note ${hostile}`],
    };
    const rendered = renderText(buildView(report));
    const text = 'text' in rendered ? rendered.text : '';
    expect(text).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f\u202a-\u202e]/);
    expect(text).toContain('\uFFFD[31mred');
  });
});
