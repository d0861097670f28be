/**
 * The report for management, opened in real headless Chromium: the numbers the page shows (its
 * verdict, tiles, charts read from the SVG, tables) are the JSON report's; the page asks for
 * nothing (no request beyond itself, no console error); it reads on a phone; hostile subjects and
 * failure texts stay inert text; the PDF has pages, page numbers and the verdict.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Report } from '../src/model/report.js';
import { deliveredPercent } from '../src/render/compare.js';
import { formatPercent, verdictOf } from '../src/render/verdict.js';
import { artifactPath, withPage } from './helpers/browser.js';
import { runCli } from './helpers/cli.js';
import { sample, tempDir } from './helpers/files.js';
import { HOSTILE, writeHostileTrace } from './helpers/hostile-trace.js';
import { pdfText } from './helpers/pdf-text.js';

const tmp = tempDir();
const SAMPLES = [
  'extended-report-utf16le-bom.csv',
  'extended-report-unicode-text-tab.csv',
  'extended-report-with-auth-column-utf8-bom.csv',
  'get-messagetracev2-utf8.csv',
].map(sample);

function analyze(files: string[], format: string, extra: string[] = []): string {
  const r = runCli(['analyze', ...files, '--format', format, ...extra]);
  expect(r.status, r.stderr).toBe(0);
  return r.stdout;
}

const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

describe('the HTML report in Chromium', () => {
  it('shows the numbers of the JSON report, asks for nothing, and reads on a phone', async () => {
    const report = JSON.parse(analyze(SAMPLES, 'json')) as Report;
    const html = analyze(SAMPLES, 'html');
    await withPage(html, async ({ page, url, requests, served, errors }) => {
      expect(requests).toEqual([url]);
      expect(served).toEqual(['/report.html']);
      const verdict = verdictOf(report);
      expect(squash(await page.locator('#verdict').innerText())).toContain(verdict.sentence);
      expect(await page.locator('#verdict').getAttribute('class')).toContain(verdict.level);

      const tile = async (id: string) => squash(await page.locator(`[data-kpi="${id}"] .value`).innerText());
      expect(await tile('delivered')).toBe(formatPercent(deliveredPercent(report)));
      expect(await tile('failed')).toBe(report.totals.failed.toLocaleString('en-US'));
      expect(await tile('pending')).toBe(String(report.totals.pending));
      expect(await tile('messages-in')).toBe(String(report.breakdown!.messages.inbound));
      expect(await tile('messages-out')).toBe(
        String(report.breakdown!.messages.outbound + report.breakdown!.messages.internal),
      );

      // the failure line's labels, read from the SVG: each day's failures, in order
      const days = report.breakdown!.days;
      const labels = await page.locator('#chart-volume svg text[fill="#b3001b"]').allTextContents();
      expect(labels.map(Number)).toEqual(days.filter((d) => d.failed > 0).map((d) => d.failed));
      const axis = await page.locator('#chart-volume svg text').allTextContents();
      for (const d of days) expect(axis).toContain(d.date.slice(5));
      // and the chart's data table
      const table = await page
        .locator('#chart-volume table tbody tr')
        .evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent)));
      expect(table).toEqual(days.map((d) => [d.date, String(d.deliveries), String(d.delivered), String(d.failed)]));
      // the causes over time: the largest causes in the legend
      const legend = await page.locator('#chart-causes svg text').allTextContents();
      for (const c of report.causes.slice(0, 3)) expect(legend).toContain(c.title);

      const causes = await page
        .locator('#causes tr[data-cause]')
        .evaluateAll((rows) =>
          rows.map((r) => [r.getAttribute('data-cause'), r.querySelectorAll('td')[1]!.textContent]),
        );
      expect(causes).toEqual(report.causes.map((c) => [c.id, String(c.count)]));
      const senders = await page
        .locator('#top-senders tbody tr')
        .evaluateAll((rows) =>
          rows.map((r) => [r.querySelector('code')!.textContent, r.querySelectorAll('td')[1]!.textContent]),
        );
      expect(senders).toEqual(report.breakdown!.senders.top.map((s) => [s.value, String(s.failed)]));
      const codes = await page.locator('#glossary tbody tr code').allTextContents();
      expect(codes).toEqual(report.breakdown!.statusCodes.map((c) => c.code));
      expect(await page.locator('#authentication').count()).toBe(1);

      await page.screenshot({ path: artifactPath('report.png'), fullPage: true });
      await page.setViewportSize({ width: 390, height: 844 });
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await page.screenshot({ path: artifactPath('report-phone.png') });
      await page.emulateMedia({ media: 'print' });
      const unbroken = await page
        .locator('figure, .tile')
        .evaluateAll((els) => els.map((e) => getComputedStyle(e).breakInside));
      expect(new Set(unbroken)).toEqual(new Set(['avoid']));
      expect(errors).toEqual([]);
      expect(requests).toEqual([url]);
    });
  });

  it('keeps hostile subjects, senders and failure texts inert', async () => {
    const trace = writeHostileTrace(tmp.dir);
    const html = analyze([trace.path], 'html');
    expect(html).not.toMatch(/\u202e|\u001b/);
    await withPage(html, async ({ page, url, requests, errors }) => {
      const state = await page.evaluate(() => ({
        pwned: (window as unknown as { __pwned?: number }).__pwned,
        active: document.querySelectorAll('script, img, iframe, object, embed, form, a[href^="javascript:"], #injected')
          .length,
        handlers: [...document.querySelectorAll('*')].flatMap((el) =>
          [...el.attributes].filter((a) => a.name.startsWith('on')).map((a) => a.name),
        ),
        // the page's stylesheet; the charts' SVG has style elements of ECharts' own
        styles: [...document.querySelectorAll('style')].filter((s) => !s.closest('svg')).length,
        svgStyles: [...document.querySelectorAll('svg style')].map((s) => s.textContent ?? '').join(''),
        bodyShown: getComputedStyle(document.body).display !== 'none',
        text: document.body.textContent ?? '',
      }));
      expect(state).toMatchObject({ pwned: undefined, active: 0, handlers: [], styles: 1, bodyShown: true });
      expect(state.svgStyles).not.toMatch(/display|evil|pwned/);
      for (const h of HOSTILE.slice(0, 5)) expect(state.text).toContain(h);
      // (the escape and bidi characters were checked in the HTML above: none is left)
      expect(errors).toEqual([]);
      expect(requests).toEqual([url]);
      await page.screenshot({ path: artifactPath('report-hostile.png'), fullPage: true });
    });
  });

  it('compares with a --baseline report: changes in the tiles and the causes, and what is new', async () => {
    const before = join(tmp.dir, 'before.json');
    writeFileSync(before, analyze([sample('get-messagetracev2-utf8.csv')], 'json'));
    const previous = JSON.parse(readFileSync(before, 'utf8')) as Report;
    const now = [sample('extended-report-utf16le-bom.csv')];
    const report = JSON.parse(analyze(now, 'json')) as Report;
    const html = analyze(now, 'html', ['--baseline', before]);
    await withPage(html, async ({ page }) => {
      const change = squash(await page.locator('[data-kpi="failed"] .change').innerText());
      const delta = report.totals.failed - previous.totals.failed;
      expect(change).toBe(`${delta > 0 ? '+' : delta < 0 ? '−' : '±'}${Math.abs(delta)} vs ${previous.totals.failed}`);
      const before = new Set(previous.causes.map((c) => c.id));
      const fresh = report.causes.filter((c) => !before.has(c.id));
      expect(fresh.length).toBeGreaterThan(0);
      const listed = await page.locator('#new h3:text("Causes") + ul li').allTextContents();
      expect(listed).toEqual(fresh.map((c) => c.title));
      for (const c of fresh)
        expect(squash(await page.locator(`#causes tr[data-cause="${c.id}"] td:nth-child(4)`).innerText())).toBe('new');
    });
    const bad = join(tmp.dir, 'not-a-report.json');
    writeFileSync(bad, '{"schemaVersion": 1, "totals": {}}');
    const r = runCli(['analyze', ...now, '--format', 'html', '--baseline', bad]);
    expect(r.status).toBe(64);
    expect(r.stderr).toContain('the --baseline file is not an exotrace JSON report: "totals.messages" is not a count.');
  });

  it('prints to PDF: A4 pages with page numbers, the verdict in the text', async () => {
    const out = join(tmp.dir, 'report.pdf');
    const r = runCli(['analyze', ...SAMPLES, '--format', 'pdf', '--out', out]);
    expect(r.status, r.stderr).toBe(0);
    const bytes = readFileSync(out);
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const { pages, text } = await pdfText(bytes);
    expect(pages).toBeGreaterThan(2);
    const report = JSON.parse(analyze(SAMPLES, 'json')) as Report;
    expect(squash(text.join(' '))).toContain(verdictOf(report).sentence);
    for (let p = 1; p <= pages; p++) expect(squash(text[p - 1]!)).toContain(`page ${p} of ${pages}`);
    writeFileSync(artifactPath('report.pdf'), bytes);
    // without a browser: one sentence, exit 69 (try again once it is installed); the HTML needs none
    const none = runCli(['analyze', SAMPLES[0]!, '--format', 'pdf', '--out', out], {
      env: { EXOTRACE_CHROMIUM: join(tmp.dir, 'no-chromium') },
    });
    expect(none.status).toBe(69);
    expect(none.stderr).toBe(
      `exotrace: chromium: EXOTRACE_CHROMIUM names ${join(tmp.dir, 'no-chromium')}, which does not exist: name the ` +
        'chromium program (Debian: /usr/bin/chromium).\n',
    );
  });
});
