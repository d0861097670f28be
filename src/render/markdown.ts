/**
 * The Markdown report, for tickets and chat (GitHub, Azure DevOps, Teams, Jira's Markdown): the
 * totals, who must act, the causes with their fix and one example, what is still retried, and
 * what could not be read. Every text from the input (addresses, subjects, failure texts, file
 * names) is attacker-controlled: it is shown as inline code or escaped text, never as markup, a
 * link or HTML.
 */
import type { DeliveryState } from '../model/trace.js';
import { ownerLabels } from './owner-labels.js';
import { terminalSafe } from './terminal-safe.js';
import type { Rendered, ReportView } from './view-model.js';

/**
 * Text as Markdown shows it literally: control and bidi characters neutralized (one line), and
 * escaped what can start markup: emphasis, code, links (an escaped bracket cannot open one),
 * HTML (an escaped `<`), tables, strikethrough, entities, and a block at the start of a line.
 */
export function mdText(s: string, maxChars = 300): string {
  return (
    terminalSafe(s, maxChars)
      .replace(/[\\`*_[\]<|~]|&(?=#?[a-zA-Z0-9]+;)/g, (c) => `\\${c}`)
      // at the start of a line: a heading, a quote, a list item or a rule
      .replace(/^(\s*)([#>+=-]|\d+(?=[.)]))/, '$1\\$2')
  );
}

/**
 * Inline code that no backtick in the text can close early, and no line break can split (not for
 * table cells: a pipe would end the cell; the tables hold only exotrace's own labels and numbers).
 */
export function mdCode(s: string, maxChars = 300): string {
  const text = terminalSafe(s, maxChars);
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

const percent = (p: number) => `${p >= 10 || p === 0 ? p.toFixed(0) : p.toFixed(1)}%`;

const STATE_LABELS: ReadonlyArray<[DeliveryState, string]> = [
  ['delivered', 'Delivered'],
  ['failed', 'Failed'],
  ['pending', 'Pending'],
  ['quarantined', 'Quarantined'],
  ['filteredAsSpam', 'Filtered as spam'],
  ['expanded', 'Expanded (groups)'],
  ['dropped', 'Dropped by Exchange'],
  ['unknown', 'Unknown state'],
];

function markdownReport(view: ReportView): string {
  const out: string[] = [];
  const t = view.totals;
  out.push('# exotrace report', '');
  const period = view.period ? `${view.period.start} to ${view.period.end} (UTC)` : 'no dated rows';
  out.push(`Generated ${view.generatedAt}. Period: ${period}.`, '');
  out.push(`**${mdText(view.verdict.sentence, 600)}**`, '');
  out.push('## Inputs', '');
  for (const i of view.inputs)
    out.push(
      `- ${mdCode(i.source, 200)}: ${i.format}, ${i.rows} rows${i.rejectedRows ? `, ${i.rejectedRows} rejected` : ''}`,
    );
  if (view.inputs.length === 0) out.push('- no input could be read');
  out.push('', '## Totals', '', '| | count | share |', '|---|---:|---:|');
  out.push(`| Messages | ${t.messages} | |`, `| Deliveries | ${t.deliveries} | |`);
  for (const [state, label] of STATE_LABELS) {
    const s = view.states[state];
    if (s.count > 0 || state === 'delivered' || state === 'failed')
      out.push(`| ${label} | ${s.count} | ${percent(s.percent)} |`);
  }
  out.push('');
  if (t.failed === 0) out.push('No failed deliveries.', '');
  else {
    out.push('## Who needs to act', '', '| who | failed | share |', '|---|---:|---:|');
    for (const o of view.owners) out.push(`| ${ownerLabels[o.owner]} | ${o.count} | ${percent(o.percent)} |`);
    out.push('', `## Failed deliveries by cause (${t.failed})`, '');
    view.causes.forEach((c, n) => {
      out.push(`### ${n + 1}. ${mdText(c.title)}: ${c.count} (${percent(c.percent)})`, '');
      out.push(
        `Cause ${mdCode(c.id)}; who fixes it: ${ownerLabels[c.owner]}.`,
        '',
        mdText(c.explanation, 2000),
        '',
        '**Fix:**',
        '',
      );
      for (const step of c.fix) out.push(`- ${mdText(step, 2000)}`);
      if (c.dns.length) out.push('', ...c.dns.map((f) => `**DNS, ${f.verdict}:** ${mdText(f.message, 600)}  `));
      if (c.becauseOf?.length)
        out.push('', `**Why they expired:** ${c.becauseOf.map((b) => `${mdText(b.title)} (${b.count})`).join('; ')}`);
      const ex = c.examples[0];
      if (ex) {
        out.push('', `Example (${ex.count}×): ${mdCode(ex.reply ?? ex.text)}`);
        out.push(
          `from ${mdCode(ex.sender ?? '?', 120)} to ${mdCode(ex.recipient || '?', 120)}${ex.time ? ` at ${ex.time}` : ''}`,
        );
      }
      out.push('');
    });
  }
  if (view.pending.causes.length > 0) {
    out.push(`## Still being retried (${view.pending.count})`, '');
    for (const c of view.pending.causes) out.push(`- ${c.count}× ${mdText(c.title)} (${mdCode(c.id)})`);
    out.push('');
  }
  if (view.unclassified.length > 0) {
    out.push('## Failure texts not recognized', '');
    for (const u of view.unclassified) out.push(`- ${u.count}× ${mdCode(u.pattern, 200)}`);
    out.push('');
  }
  if (view.issues.listed.length > 0) {
    out.push(`## Input problems (${view.issues.total})`, '');
    for (const i of view.issues.listed)
      out.push(`- ${mdCode(i.source, 200)}${i.line ? ` line ${i.line}` : ''}: ${mdText(i.message, 1000)} (${i.code})`);
    out.push('');
  }
  if (view.notes.length > 0) {
    out.push('## Notes', '');
    for (const n of view.notes) out.push(`- ${mdText(n, 1000)}`);
    out.push('');
  }
  return out.join('\n');
}

export function renderMarkdown(view: ReportView): Rendered {
  return { mediaType: 'text/markdown; charset=utf-8', text: markdownReport(view) };
}
