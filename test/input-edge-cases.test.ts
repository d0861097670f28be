/**
 * Edges of real exports that used to give wrong answers: status words exotrace does not know,
 * failures that come without a reason, old Mac line ends, a stray NUL byte.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { analyze } from './helpers/analyze.js';
import { runCli } from './helpers/cli.js';
import { encodeText, sample, tempDir } from './helpers/files.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

const HEADER =
  '"Received","SenderAddress","RecipientAddress","Subject","Status","ToIP","FromIP","Size","MessageId","MessageTraceId"';
const row = (n: number, status: string) =>
  `"2026-11-16T08:0${n}:00","alex@contoso.com","user${n}@fabrikam.com","Report ${n}","${status}","198.51.100.7","","100","<m${n}@contoso.com>","0a1b2c3d-0000-4000-8000-00000000000${n}"`;

describe('status values', () => {
  it('reads the admin center’s localized words, and counts a word it does not know as unknown state, with an issue at its first line', async () => {
    const text =
      [
        HEADER,
        row(1, 'Zugestellt'),
        row(2, 'Fehler'),
        row(3, 'Ausstehend'),
        row(4, 'Zugestellt2'),
        row(5, 'Zugestellt2'),
        row(6, 'Remis'),
        row(7, 'Échec'),
      ].join('\r\n') + '\r\n';
    const report = await analyze([tmp.file('de.csv', encodeText(text, 'utf-8-bom'))]);
    expect(report.totals).toMatchObject({ deliveries: 7, delivered: 2, failed: 2, pending: 1, unknown: 2 });
    expect(report.issues).toEqual([
      {
        source: expect.stringMatching(/de\.csv$/),
        line: 5,
        code: 'EXO_VALUE_UNKNOWN',
        message: expect.stringMatching(
          /^Status "Zugestellt2" is not a value exotrace knows \(first on this line, 2 rows in all\); those deliveries are counted under "unknown state"/,
        ),
      },
    ]);
    const r = runCli(['analyze', tmp.file('de2.csv', text)]);
    expect(r.status).toBe(2);
    expect(r.stdout).toMatch(/Unknown state \(status not recognized\)\s+2/);
  });

  it('a summary report’s unknown event word, and Graph’s unknownFutureValue', async () => {
    const summary =
      'origin_timestamp_utc,sender_address,recipient_status,message_subject,total_bytes,message_id,network_message_id\r\n2026-11-16T08:00:00Z,alex@contoso.com,"a@fabrikam.com##Receive, Quarantäne-X;b@fabrikam.com##Receive, Send",Hi,100,<m1@contoso.com>,0a1b2c3d-0000-4000-8000-000000000001\r\n';
    const report = await analyze([tmp.file('summary.csv', summary)]);
    expect(report.totals).toMatchObject({ delivered: 1, unknown: 1, pending: 0 });
    expect(report.issues[0]).toMatchObject({
      code: 'EXO_VALUE_UNKNOWN',
      line: 2,
      message: expect.stringContaining('recipient_status "Quarantäne-X"'),
    });
  });
});

describe('failures without a reason', () => {
  it('have no owner yet: "who needs to act" says so, with the way to get the reasons', () => {
    const r = runCli(['analyze', sample('get-messagetracev2-utf8.csv')]);
    expect(r.stdout).toMatch(
      /Who needs to act\n\s+not known yet: the input gives no reason \(see the notes for how to get it\): 14 \(100%\)/,
    );
    expect(r.stdout).not.toMatch(/your Microsoft 365 admin: 14/);
    expect(r.stdout).toMatch(/export the Extended report from the Exchange admin center/);
    const json = JSON.parse(runCli(['analyze', '--format', 'json', sample('get-messagetracev2-utf8.csv')]).stdout);
    expect(json.causes).toEqual([
      expect.objectContaining({ id: 'unknown', owner: 'unknown', count: 14, title: 'No reason in the input' }),
    ]);
  });

  it('stay apart from failures whose text is not recognized, which someone must read', async () => {
    const detail =
      '"Date","Event","Detail","MessageTraceId","RecipientAddress"\r\n"2026-11-16T08:00:01","Fail","Reason: [{LED=550 5.9.99 The frobnicator declined};{MSG=}]","0a1b2c3d-0000-4000-8000-000000000009","z@fabrikam.com"\r\n';
    const report = await analyze([sample('get-messagetracev2-utf8.csv'), tmp.file('odd.csv', detail)]);
    const unknowns = report.causes.filter((c) => c.id === 'unknown').map((c) => [c.owner, c.count]);
    expect(unknowns).toEqual([
      ['unknown', 14],
      ['tenant-admin', 1],
    ]);
    expect(report.unclassified).toEqual([expect.objectContaining({ count: 1 })]);
  });
});

describe('line ends and stray bytes', () => {
  it('reads a file with old Mac line ends (CR only) as its rows', async () => {
    const text = [HEADER, row(1, 'Delivered'), row(2, 'Failed'), row(3, 'Delivered')].join('\r') + '\r';
    for (const encoding of ['utf-8', 'utf-16le-bom'] as const) {
      const report = await analyze([tmp.file(`mac-${encoding}.csv`, encodeText(text, encoding))]);
      expect(report.inputs[0]).toMatchObject({ rows: 3, rejectedRows: 0 });
      expect(report.totals).toMatchObject({ delivered: 2, failed: 1 });
      expect(report.issues).toEqual([]);
    }
  });

  it('keeps a CR inside a quoted subject of a CRLF file as text', async () => {
    const text = [HEADER, row(1, 'Delivered').replace('Report 1', 'Report\r1'), row(2, 'Failed')].join('\r\n') + '\r\n';
    const report = await analyze([tmp.file('cr-inside.csv', text)]);
    expect(report.inputs[0]).toMatchObject({ rows: 2, rejectedRows: 0 });
  });

  it('takes one NUL byte near the top for a damaged row, not a binary file; random bytes are binary', async () => {
    const rows = [HEADER];
    for (let i = 0; i < 400; i++) rows.push(row(i % 10, i % 7 ? 'Delivered' : 'Failed').replace(/user\d/, `user${i}`));
    const bytes = Buffer.from(rows.join('\r\n') + '\r\n', 'utf8');
    bytes[bytes.indexOf('Report') + 2] = 0;
    const report = await analyze([tmp.file('nul.csv', bytes)]);
    expect(report.inputs[0]).toMatchObject({ rows: 400 });
    expect(report.totals.deliveries).toBeGreaterThan(0);
    const r = runCli(['analyze', tmp.file('random.bin', randomBytes(64 * 1024))]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(
      /random\.bin: this is a binary file, not a message trace export: \d+% of its first bytes are control characters/,
    );
  });
});
