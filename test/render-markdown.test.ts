/**
 * The Markdown report, rendered to HTML by a real Markdown engine (markdown-it, CommonMark with
 * GitHub's tables): the same numbers as the JSON report, and hostile input (markup, links,
 * HTML, backticks, pipes, control and bidi characters) shown as text, never as markup.
 */
import MarkdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';
import type { Report } from '../src/model/report.js';
import { renderMarkdown } from '../src/render/markdown.js';
import { buildView } from '../src/render/view-model.js';
import { analyze } from './helpers/analyze.js';
import { sample } from './helpers/files.js';
import { hostileReport } from './helpers/hostile-report.js';

const md = new MarkdownIt({ html: true, linkify: true });
const markdownOf = (report: Report) => {
  const r = renderMarkdown(buildView(report));
  return 'text' in r ? r.text : '';
};

describe('the Markdown report', () => {
  it('gives the numbers the JSON report gives, in tables and headings', async () => {
    const report = await analyze([sample('extended-report-utf16le-bom.csv'), sample('get-messagetracev2-utf8.csv')]);
    const html = md.render(markdownOf(report));
    const cell = (label: string) =>
      new RegExp(`<td>${label}</td>\\s*<td style="text-align:right">(\\d+)</td>`).exec(html)?.[1];
    expect(Number(cell('Messages'))).toBe(report.totals.messages);
    expect(Number(cell('Deliveries'))).toBe(report.totals.deliveries);
    expect(Number(cell('Delivered'))).toBe(report.totals.delivered);
    expect(Number(cell('Failed'))).toBe(report.totals.failed);
    const headings = [...html.matchAll(/<h3>\d+\. (.*?): (\d+) \(/g)].map((m) => Number(m[2]));
    expect(headings).toEqual(report.causes.map((c) => c.count));
    expect(headings.reduce((a, b) => a + b, 0)).toBe(report.totals.failed);
    for (const c of report.causes) expect(html).toContain(`<code>${c.id}</code>`);
  });

  it('shows hostile subjects, addresses and texts as text: no HTML, no link, no broken table', () => {
    const hostile =
      '<script>alert(1)</script> <img src=x onerror=alert(2)> [click](javascript:alert(3)) `tick` | pipe **bold** \u001b[31m \u202e';
    const report = hostileReport(hostile);
    const text = markdownOf(report);
    expect(text).not.toMatch(/[\u0000-\u0008\u001b\u202a-\u202e]/);
    const html = md.render(text);
    expect(html.match(/.{0,60}(<script|<img|<a |href=|<em>).{0,60}/gi) ?? []).toEqual([]);
    expect(html).not.toContain('<strong>bold</strong>');
    expect(html).toContain('**bold**');
    expect(html.match(/<h1>/g)).toHaveLength(1); // the report's own title only
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    // the tables keep their columns
    for (const table of html.match(/<table>[\s\S]*?<\/table>/g) ?? []) {
      const widths = [...table.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((r) => (r[1]!.match(/<t[dh]/g) ?? []).length);
      expect(new Set(widths).size).toBe(1);
    }
  });
});
