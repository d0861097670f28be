/** A report whose every field that comes from the input holds `hostile`: what renderers must keep inert. */
import type { Report } from '../../src/model/report.js';

export function hostileReport(hostile: string): Report {
  return {
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
        title: `Unrecognized ${hostile}`,
        owner: 'tenant-admin',
        count: 1,
        // a line of its own in some formats: it must not become a heading there
        explanation: `# heading ${hostile}`,
        fix: [hostile],
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
            source: `in${hostile}.csv`,
            line: 2,
            remoteHost: `mx${hostile}`,
            lastDeferral: `451 ${hostile}`,
          },
        ],
      },
    ],
    unclassified: [{ pattern: `550 ${hostile}`, count: 1, example: hostile }],
    issues: [{ source: `in${hostile}.csv`, line: 3, code: 'EXO_CSV_FIELD_COUNT', message: `bad ${hostile}` }],
    issuesNotListed: 0,
    notes: [`note ${hostile}`],
  };
}
