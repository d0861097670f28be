/**
 * `--redact`: no local part of a personal address of the input appears in any format (text, JSON,
 * Markdown, HTML, CSV, and the PDF's text); the same address keeps one pseudonym throughout;
 * domains, role addresses and counts stay; `--redact subjects` hides subjects too.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRedactor } from '../src/render/redact.js';
import { withRedactValue } from '../src/cli/options.js';
import { runCli } from './helpers/cli.js';
import { sample, sampleText, tempDir } from './helpers/files.js';
import { writeHostileTrace } from './helpers/hostile-trace.js';
import { pdfText } from './helpers/pdf-text.js';

const tmp = tempDir();
const ROLE = /^(postmaster|noreply|no-reply|mailer-daemon|abuse|billing|news|support|info|admin|helpdesk)$/i;
const ADDRESS = /([A-Za-z0-9._%+'=-]+)@([A-Za-z0-9.-]+\.[A-Za-z]{2,})/g;

/** The personal local parts of a text (role addresses and message ids left out). */
function personalLocalParts(text: string): Set<string> {
  const out = new Set<string>();
  for (const m of text.matchAll(ADDRESS)) {
    const local = m[1]!.replace(/^[<"]+/, '');
    if (ROLE.test(local) || /^msg\d|^hostile\d|^ok\d|^role$/i.test(local) || local.length < 4) continue;
    out.add(local.toLowerCase());
  }
  return out;
}

describe('--redact', () => {
  const hostile = writeHostileTrace(tmp.dir);
  const inputs = [sample('extended-report-unicode-text-tab.csv'), sample('get-messagetracev2-utf8.csv'), hostile.path];
  const locals = new Set([
    ...personalLocalParts(sampleText('extended-report-unicode-text-tab.csv')),
    ...personalLocalParts(sampleText('get-messagetracev2-utf8.csv')),
    ...hostile.personal.map((a) => a.split('@')[0]!.toLowerCase()),
  ]);

  it('leaves no personal local part in any format, and keeps domains, roles and counts', async () => {
    expect(locals.size).toBeGreaterThan(20);
    const plain = JSON.parse(runCli(['analyze', ...inputs, '--format', 'json']).stdout);
    const outputs: Record<string, string> = {};
    for (const format of ['text', 'json', 'markdown', 'html', 'csv']) {
      const r = runCli(['analyze', ...inputs, '--format', format, '--redact']);
      expect(r.status, r.stderr).toBe(0);
      outputs[format] = r.stdout;
    }
    const pdf = join(tmp.dir, 'redacted.pdf');
    expect(runCli(['analyze', ...inputs, '--format', 'pdf', '--out', pdf, '--redact']).status).toBe(0);
    outputs.pdf = (await pdfText(readFileSync(pdf))).text.join('\n');
    for (const [format, text] of Object.entries(outputs)) {
      const lower = text.toLowerCase();
      const leaked = [...locals].filter((l) => lower.includes(`${l}@`));
      expect(leaked, format).toEqual([]);
      expect(text, format).toMatch(/person-\d+@/);
    }
    const redacted = JSON.parse(outputs.json!);
    expect(redacted.totals).toEqual(plain.totals);
    expect(redacted.causes.map((c: { id: string; count: number }) => [c.id, c.count])).toEqual(
      plain.causes.map((c: { id: string; count: number }) => [c.id, c.count]),
    );
    expect(redacted.breakdown.destinations).toEqual(plain.breakdown.destinations);
    expect(redacted.notes.at(-1)).toMatch(/^Redacted: /);
    expect(outputs.csv).toContain('postmaster@fabrikam.example');
    expect(outputs.csv).toContain('noreply@contoso.example');
    // one pseudonym per address: as many distinct senders as before
    expect(redacted.breakdown.senders.top.length).toBe(plain.breakdown.senders.top.length);
    expect(new Set(redacted.breakdown.senders.top.map((s: { value: string }) => s.value)).size).toBe(
      redacted.breakdown.senders.top.length,
    );
  });

  it('hides subjects with --redact subjects, and never takes a file for its value', () => {
    const r = runCli(['analyze', '--redact', 'subjects', hostile.path, '--format', 'csv']);
    expect(r.status, r.stderr).toBe(0);
    const subjects = r.stdout
      .split('\r\n')
      .slice(1, -1)
      .map((line) => line.split('","')[3]);
    expect(new Set(subjects)).toEqual(new Set(['(subject hidden)']));
    // --redact before a file name: the file is read, addresses redacted, subjects kept
    const s = runCli(['analyze', '--redact', hostile.path, '--format', 'csv']);
    expect(s.status, s.stderr).toBe(0);
    expect(s.stdout).toContain('"\'=HYPERLINK(');
    expect(s.stdout).not.toContain('user.0.sender@');
    expect(withRedactValue(['analyze', '--redact', 'x.csv'])).toEqual(['analyze', '--redact=addresses', 'x.csv']);
    expect(withRedactValue(['--redact', 'subjects', '--', '--redact'])).toEqual([
      '--redact=subjects',
      '--',
      '--redact',
    ]);
    const bad = runCli(['analyze', hostile.path, '--redact=names']);
    expect(bad.status).toBe(64);
    expect(bad.stderr).toContain('--redact takes addresses or subjects, not "names"');
  });

  it('gives the same address the same pseudonym, whatever its case, and keeps the domain', () => {
    const r = createRedactor({ subjects: false });
    const out = r.redact({
      a: 'Alex.Wilber@Contoso.com failed',
      b: ['to alex.wilber@contoso.com and lee@adatum.com', 'postmaster@adatum.com'],
      title: 'kept@catalog.example',
    });
    expect(out).toEqual({
      a: 'person-1@Contoso.com failed',
      b: ['to person-1@contoso.com and person-2@adatum.com', 'postmaster@adatum.com'],
      title: 'kept@catalog.example',
    });
    expect(r.replaced).toBe(2);
  });
});
