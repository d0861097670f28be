/** The command line run as a real process, as a user or a cron job runs it. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';
import { expectValidReport } from './helpers/report-schema.js';
import { encodeText, repoRoot, sample, tempDir } from './helpers/files.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

describe('exotrace analyze', () => {
  it('prints a text report for the main sample: totals, causes with owner, fix and example', () => {
    const r = runCli(['analyze', 'samples/extended-report-utf16le-bom.csv']);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/Failed\s+14/);
    expect(r.stdout).toContain('Sending user is restricted for outbound spam: 3');
    expect(r.stdout).toContain('who fixes it: your Microsoft 365 admin');
    expect(r.stdout).toContain('Release the user in the Microsoft Defender portal');
    expect(r.stdout).toContain('Example (3×): 550 5.1.8 Access denied, bad outbound sender');
    // a subject with a line break stays on one line, a bidi override is neutralized
    expect(r.stdout).toContain('Board pack ⏎ Draft 2');
    expect(r.stdout).not.toMatch(/[\u202a-\u202e]/);
  });

  it('prints JSON that validates against the report schema (v1.1 strict, and v1), for every sample and all at once', () => {
    const files = [
      'extended-report-utf16le-bom.csv',
      'enhanced-summary-utf16le-bom.csv',
      'get-messagetracev2-utf8.csv',
      'get-messagetracedetailv2-utf8-bom.csv',
      'extended-report-utf16le-nobom-damaged.csv',
      'summary-report-utf16be.csv',
      'get-messagetrace-ps51-windows1252.csv',
      'extended-report-unicode-text-tab.csv',
      'extended-report-with-auth-column-utf8-bom.csv',
      'message-headers-spoof.eml',
      'pasted-headers-dmarc-fail.txt',
    ];
    // and inputs of every other kind: bounces (.eml, .msg, .mbox)
    const others = [
      'exo-01-notFound.eml',
      'outlook-saved-ndr.msg',
      'bounces.mbox',
      'postfix-delayed-connection-refused.eml',
    ].map((f) => join(repoRoot, 'test', 'fixtures', 'ndr', f));
    for (const args of [
      ...files.map((f) => [sample(f)]),
      files.map(sample),
      others,
      [...files.map(sample), ...others],
    ]) {
      const r = runCli(['analyze', '--format', 'json', ...args]);
      expect([0, 2]).toContain(r.status);
      const report = JSON.parse(r.stdout);
      expectValidReport(report);
      expect(report.causes.reduce((s: number, c: { count: number }) => s + c.count, 0)).toBe(report.totals.failed);
    }
  });

  it('writes the report to --out and nothing to stdout', () => {
    const out = join(tmp.dir, 'report.json');
    const r = runCli(['analyze', sample('get-messagetracev2-utf8.csv'), '--format', 'json', '--out', out]);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('');
    expect(JSON.parse(readFileSync(out, 'utf8')).totals.failed).toBe(14);
  });

  it('analyzes a mix of formats in one run', () => {
    const r = runCli([
      'analyze',
      '-f',
      'json',
      sample('extended-report-utf16le-bom.csv'),
      sample('summary-report-utf16be.csv'),
    ]);
    expect(r.status).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.inputs.map((i: { format: string }) => i.format)).toEqual(['extended-report', 'summary-report']);
  });
});

describe('bad input: one clear sentence, a meaningful exit code, no stack trace', () => {
  const noStack = (s: string) => expect(s).not.toMatch(/\n\s+at |Error:/);

  it('a damaged row: reported with file and line, exit 2, the rest analyzed', () => {
    const r = runCli(['analyze', sample('extended-report-utf16le-nobom-damaged.csv')]);
    expect(r.status).toBe(2);
    expect(r.stdout).toMatch(
      /extended-report-utf16le-nobom-damaged\.csv line 9: a quoted field opened on this line is never closed \[EXO_CSV_QUOTE_NOT_CLOSED\]/,
    );
    expect(r.stdout).toMatch(/Failed\s+2/);
  });

  it('a missing path', () => {
    const r = runCli(['analyze', 'no/such/export.csv']);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(
      'exotrace: no/such/export.csv: there is no such file; check the path and the file name.',
    );
    // the path once, not twice
    expect(r.stderr.split('no/such/export.csv')).toHaveLength(2);
    noStack(r.stderr);
  });

  it('an empty file, and one with only a BOM', () => {
    for (const content of [Buffer.alloc(0), Buffer.from([0xff, 0xfe]), Buffer.from('\r\n\r\n')]) {
      const r = runCli(['analyze', tmp.file('empty.csv', content)]);
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(/empty\.csv: the file is empty: it has no header line and no rows/);
      noStack(r.stderr);
    }
  });

  it('a binary file', () => {
    const r = runCli([
      'analyze',
      tmp.file('trace.xlsx', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0, 8, 0, 0x21, 0, 0xb7, 0xac])),
    ]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(
      /trace\.xlsx: this is a zip archive \(an Excel \.xlsx workbook is one\): save the sheet as CSV/,
    );
    noStack(r.stderr);
  });

  it('a text file that is not CSV', () => {
    const r = runCli(['analyze', tmp.file('notes.txt', 'Hello,\nthis is not a trace.\n'.replace(',', ''))]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(
      /notes\.txt: this does not look like a message trace export: its first line "Hello" has no comma, tab or semicolon/,
    );
    noStack(r.stderr);
  });

  it('an unknown layout names its header and the supported layouts', () => {
    const r = runCli([
      'analyze',
      tmp.file(
        'other.csv',
        encodeText(
          'Date,Sender,Recipient,Subject,Status\r\n11/16/2026,a@contoso.com,b@fabrikam.com,Hi,Delivered\r\n',
          'utf-16le-bom',
        ),
      ),
    ]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(
      'other.csv: the header "Date, Sender, Recipient, Subject, Status" matches no export layout exotrace knows.',
    );
    expect(r.stderr).toMatch(
      /Supported layouts: extended-report \(date_time_utc.*summary-report.*messagetrace-detail.*messagetrace \(Received/,
    );
    noStack(r.stderr);
  });

  it('one unreadable file among good ones: the others are analyzed, exit 2', () => {
    const r = runCli(['analyze', '--format', 'json', sample('get-messagetracev2-utf8.csv'), 'missing.csv']);
    expect(r.status).toBe(2);
    const report = JSON.parse(r.stdout);
    expect(report.inputs).toHaveLength(1);
    expect(report.issues).toEqual([expect.objectContaining({ source: 'missing.csv', code: 'EXO_INPUT_NOT_FOUND' })]);
    expect(r.stderr).toContain('missing.csv: there is no such file; check the path and the file name.');
  });

  it('a folder instead of a file', () => {
    const r = runCli(['analyze', tmp.dir]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/is a folder/);
  });

  it('wrong usage exits 64 with a hint', () => {
    const r = runCli(['analyze']);
    expect(r.status).toBe(64);
    expect(r.stderr).toMatch(/exotrace --help/);
    expect(runCli(['analyze', sample('get-messagetracev2-utf8.csv'), '--format', 'docx']).status).toBe(64);
    expect(runCli(['frobnicate']).status).toBe(64);
  });

  it('an output file that cannot be written', () => {
    const r = runCli([
      'analyze',
      sample('get-messagetracev2-utf8.csv'),
      '--out',
      join(tmp.dir, 'no', 'such', 'dir', 'r.txt'),
    ]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(
      /the report could not be written to .*r\.txt: there is no such file or folder\. Choose another --out file/,
    );
  });
});
