/**
 * The command line as a careless user, a script and an attacker use it: every wrong command line
 * refused in one sentence with exit 64, every unreadable input and unwritable output said in one
 * sentence with the documented exit code, no export ever overwritten, nothing from the input
 * written raw to the terminal.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, closeSync, linkSync, openSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';
import { encodeText, repoRoot, sample, tempDir } from './helpers/files.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

const trace = sample('get-messagetracev2-utf8.csv');
const bin = join(repoRoot, 'dist/cli/bin.js');
const noStack = (s: string) => expect(s).not.toMatch(/\n\s+at |Error:|node:internal/);

describe('command lines that cannot be run as given: one sentence, exit 64', () => {
  it.each([
    [
      ['analyze', trace, '--format', 'json', '--format', 'text'],
      /--format was given 2 times \("json", "text"\): give it once/,
    ],
    [['analyze', trace, '--out'], /--out needs a value/],
    [['analyze', trace, '--format'], /--format needs a value/],
    [['analyze', trace, '--threads'], /--threads needs a value/],
    [['analyze', trace, '--out', ''], /--out needs a value/],
    [['analyze', trace, '--format', ''], /--format needs a value: text, json/],
    [['analyze', trace, '--threads', '0x10'], /--threads takes a whole number from 1 to 64, not "0x10"/],
    [['analyze', trace, '--threads', '1e1'], /--threads takes a whole number from 1 to 64, not "1e1"/],
    [['analyze', trace, '--threads', '0'], /--threads takes a whole number from 1 to 64, not "0"/],
    [['analyze', trace, '--format', 'xml'], /--format takes text, json, markdown, html, pdf or csv, not "xml"/],
    [['analyze', trace, '--date-order', 'ymd'], /--date-order takes dmy or mdy, not "ymd"/],
    [['analyze'], /name at least one export file to analyze, for example: exotrace analyze MessageTrace\.csv/],
    [['analyze', trace, '--bogus'], /unknown option or argument --bogus/],
    [
      ['analyse', trace],
      /there is no command "analyse": the commands are analyze, explain, doctor, scan, report or check-domain/,
    ],
    [['explain', '--format', 'json', '--format', 'text', 'x'], /--format was given 2 times/],
  ])('%j', (args, sentence) => {
    const r = runCli(args as string[]);
    expect(r.status).toBe(64);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(sentence);
    expect(r.stderr).not.toMatch(/Not enough|non-option|Unknown argument/);
    noStack(r.stderr);
  });

  it('--out - is standard output, and -- ends the options (a file may start with a dash)', () => {
    const dashed = tmp.file('-dashed.csv', readFileSync(trace));
    const r = runCli(['analyze', '--format', 'json', '--out', '-', '--', dashed.replace(`${tmp.dir}/`, '')], {
      cwd: tmp.dir,
    });
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).inputs[0].source).toBe('-dashed.csv');
  });

  it('explain takes a text given as several words', () => {
    const r = runCli(['explain', '550', '5.1.1', 'User', 'unknown']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^recipient\.not-found: /);
  });
});

describe('--out never overwrites an input', () => {
  it('refuses the same path, another spelling of it, a symbolic link and a hard link to it, before reading', () => {
    const input = tmp.file('export.csv', readFileSync(trace));
    const before = readFileSync(input);
    const symlink = join(tmp.dir, 'link.csv');
    symlinkSync(input, symlink);
    const hardlink = join(tmp.dir, 'hard.csv');
    linkSync(input, hardlink);
    for (const out of [input, join(tmp.dir, '.', 'export.csv'), symlink, hardlink]) {
      const r = runCli(['analyze', input, '--out', out]);
      expect(r.status).toBe(64);
      expect(r.stderr).toMatch(/would overwrite the export it is made from\. Choose another file name for the report/);
      expect(readFileSync(input)).toEqual(before);
    }
    // a new file next to it is fine
    expect(runCli(['analyze', input, '--out', join(tmp.dir, 'report.txt')]).status).toBe(0);
  });
});

describe('inputs that cannot be read and outputs that cannot be written', () => {
  it('an input this user may not read, beside readable ones: one sentence, the others analyzed, exit 2', () => {
    const locked = tmp.file('locked.csv', readFileSync(trace));
    chmodSync(locked, 0o000);
    // root reads every file: run as nobody then
    const asNobody = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
    const r = spawnSync(process.execPath, [bin, 'analyze', '--format', 'json', locked, trace], {
      encoding: 'utf8',
      cwd: repoRoot,
      ...asNobody,
    });
    expect(r.stderr).toContain(
      `exotrace: ${locked}: permission denied: this user may not read the file. Check its permissions, or run exotrace as a user who may read it.`,
    );
    expect(r.status).toBe(2);
    const report = JSON.parse(r.stdout);
    expect(report.inputs.map((i: { source: string }) => i.source)).toEqual([trace]);
    expect(report.issues).toEqual([expect.objectContaining({ source: locked, code: 'EXO_INPUT_UNREADABLE' })]);
    noStack(r.stderr);
  });

  it('a full standard output: one sentence, exit 1, no stack trace', () => {
    const full = openSync('/dev/full', 'w');
    try {
      for (const args of [
        ['analyze', trace],
        ['explain', '550 5.1.1 user unknown'],
      ]) {
        const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', stdio: ['pipe', full, 'pipe'] });
        expect(r.status).toBe(1);
        expect(r.stderr).toMatch(/could not be written to standard output: no space is left on the device\./);
        noStack(r.stderr);
      }
    } finally {
      closeSync(full);
    }
  });

  it('a reader that closes the pipe early is not an error: no stack trace, nothing on standard error', () => {
    const r = spawnSync(
      'bash',
      [
        '-c',
        `"${process.execPath}" "${bin}" analyze --format json "${trace}" | true; echo "exit \${PIPESTATUS[0]}" >&2`,
      ],
      { encoding: 'utf8' },
    );
    expect(r.stderr.trim()).toBe('exit 0');
  });
});

describe('explain reads standard input in any encoding analyze reads', () => {
  const lines = [
    '550 5.1.8 Access denied, bad outbound sender',
    '452 4.5.3 Too many recipients',
    '550 5.7.509 Access denied, sending domain contoso.com does not pass DMARC verification and has a DMARC policy of reject',
  ];
  it.each(['utf-16le-bom', 'utf-16le', 'utf-16be-bom', 'utf-8-bom', 'windows-1252'] as const)(
    '%s, CRLF, LF or CR line ends, line for line',
    (encoding) => {
      for (const end of ['\r\n', '\n', '\r']) {
        const input = encodeText(lines.join(end) + end, encoding);
        const r = spawnSync(process.execPath, [bin, 'explain'], { input, encoding: 'utf8' });
        expect(r.status).toBe(0);
        expect(
          r.stdout
            .split('\n')
            .filter(Boolean)
            .map((l) => l.split('\t')[0]),
        ).toEqual(['sender.restricted', 'limits.too-many-recipients', 'auth.dmarc.reject']);
      }
    },
  );
});

describe('what reaches the terminal is neutralized', () => {
  it('file names and header lines quoted in messages on standard error', () => {
    const hostile = 'no-\u001b]0;owned\u0007-\u001b[2J-\u202e-file.csv';
    const r = runCli(['analyze', hostile]);
    expect(r.status).toBe(1);
    expect(r.stderr).not.toMatch(/[\u001b\u0007\u202e]/);
    expect(r.stderr).toContain('no-\ufffd]0;owned\ufffd-\ufffd[2J-\ufffd-file.csv: there is no such file');
    const header = tmp.file('hostile-header.csv', 'col\u001b[31mred\u2066,b\r\n1,2\r\n');
    const h = runCli(['analyze', header]);
    expect(h.stderr).not.toMatch(/[\u001b\u2066]/);
  });

  it('line and paragraph separators, zero-width, bidi marks and tag characters in the text report', () => {
    const subject = 'Pay\u2028now\u2029\u200b\u200e\u200f\u061c \udb40\udc41\udb40\udc42 invoice';
    const csv = `"Received","SenderAddress","RecipientAddress","Subject","Status","MessageTraceId","MessageId"\r\n"2026-11-16T08:00:00","a@contoso.com","b@fabrikam.com","${subject}","Failed","0a1b2c3d-0000-4000-8000-000000000001","<m@contoso.com>"\r\n`;
    const detail = `"Date","Event","Detail","MessageTraceId","RecipientAddress"\r\n"2026-11-16T08:00:01","Fail","Reason: [{LED=550 5.1.1 unknown ${subject}};{MSG=}]","0a1b2c3d-0000-4000-8000-000000000001","b@fabrikam.com"\r\n`;
    const r = runCli(['analyze', tmp.file('s.csv', csv), tmp.file('d.csv', detail)]);
    expect(r.stdout).not.toMatch(/[\u2028\u2029\u200b\u200e\u200f\u061c]|\udb40/);
    expect(r.stdout).toContain('\ufffd\ufffd\ufffd\ufffd \ufffd\ufffd invoice');
  });
});

describe('messages are sentences that name the file once', () => {
  it('an empty file, a missing one, a folder', () => {
    const empty = tmp.file('empty.csv', '');
    const r = runCli(['analyze', empty, join(tmp.dir, 'missing.csv'), tmp.dir]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(
      `${empty}: the file is empty: it has no header line and no rows. Export the trace again, or check that this is the file you meant.`,
    );
    expect(r.stderr).toContain('missing.csv: there is no such file; check the path and the file name.');
    expect(r.stderr).toContain(
      `${tmp.dir}: this is a folder; name the export files inside it (for example folder/*.csv).`,
    );
    expect(r.stderr).toContain('nothing to analyze: none of the 3 inputs could be read.');
    for (const line of r.stderr.trim().split('\n')) expect(line.split(tmp.dir).length).toBeLessThanOrEqual(2);
  });

  it('one row is "1 row", and bytes that are not text are reported on the line they are on', () => {
    const rows = ['"Received","SenderAddress","RecipientAddress","Subject","Status","MessageTraceId"'];
    for (let i = 0; i < 2000; i++)
      rows.push(
        `"2026-11-16T08:00:00","a@contoso.com","b${i}@fabrikam.com","Report ${'x'.repeat(40)}","Delivered","0a1b2c3d-0000-4000-8000-${String(i).padStart(12, '0')}"`,
      );
    const bytes = Buffer.from(rows.join('\r\n') + '\r\n', 'utf8');
    // an invalid UTF-8 byte on line 1500, far past the first piece of decoded text
    const at = bytes.indexOf('b1498@');
    bytes[at + 1] = 0xff;
    const r = runCli(['analyze', '--format', 'json', tmp.file('bad-byte.csv', bytes)]);
    const report = JSON.parse(r.stdout);
    expect(report.issues).toEqual([expect.objectContaining({ code: 'EXO_TEXT_INVALID_BYTES', line: 1500 })]);
    const one = runCli(['analyze', tmp.file('one.csv', rows.slice(0, 2).join('\r\n') + '\r\n')]);
    expect(one.stdout).toMatch(/one\.csv: messagetrace, utf-8, comma-separated, 1 row$/m);
  });
});
