/**
 * The page's first sections, for the manager: scope, verdict, KPI tiles with their change, the
 * trend, the problems by cause, and the recommended actions. Each returns HTML in which every
 * input string went through h() (escape.ts); numbers and exotrace's own words need no escaping.
 */
import type { Owner } from '../../catalog/types.js';
import type { Kpi } from '../compare.js';
import { formatPercent } from '../verdict.js';
import type { CauseView, ReportView } from '../view-model.js';
import { causeTrendChart, trendChart } from './charts.js';
import { h, int, signed, when } from './escape.js';

/** Who fixes it, in a manager's words. */
export const OWNER_SHORT: Readonly<Record<Owner, string>> = {
  'tenant-admin': 'your admin',
  sender: 'the sender',
  recipient: "the recipient's organization",
  transient: 'nobody (temporary)',
  unknown: 'not known yet',
};

export function ownerBadge(owner: Owner): string {
  return `<span class="owner ${owner}">${OWNER_SHORT[owner]}</span>`;
}

function periodText(p: { start: string; end: string } | undefined): string {
  return p ? `${when(p.start)} to ${when(p.end)}` : 'no dated rows';
}

export function scopeSection(view: ReportView): string {
  const scope = view.scope;
  const rows: string[] = [];
  if (scope?.kind === 'tenants') rows.push(`<dt>Tenants</dt><dd>${scope.names.map((n) => h(n, 120)).join(', ')}</dd>`);
  else rows.push(`<dt>Files</dt><dd>${view.inputs.map((i) => h(i.source, 200)).join('<br>')}</dd>`);
  if (scope?.requested) rows.push(`<dt>Period</dt><dd>${periodText(scope.requested)} (asked)</dd>`);
  rows.push(`<dt>${scope?.requested ? 'Data' : 'Period'}</dt><dd>${periodText(view.period)}; days counted in UTC</dd>`);
  if (scope?.coveragePercent !== undefined)
    rows.push(`<dt>Coverage</dt><dd>${formatPercent(scope.coveragePercent)} of the period was read</dd>`);
  const c = view.comparison?.previousPeriod;
  if (c) {
    const unequal = view.comparison?.unequalLength ? ' (of a different length: compare with care)' : '';
    rows.push(`<dt>Compared with</dt><dd>${periodText(c)}${unequal}</dd>`);
  }
  rows.push(
    `<dt>Messages</dt><dd>${int(view.totals.messages)} messages, ${int(view.totals.deliveries)} deliveries (one per recipient)</dd>`,
  );
  return `<section class="scope" id="scope"><dl>${rows.join('')}</dl></section>`;
}

export function verdictSection(view: ReportView): string {
  const v = view.verdict;
  const label = { healthy: 'Healthy', attention: 'Needs attention', failing: 'Failing', empty: 'No data' }[v.level];
  return `<section class="verdict ${v.level}" id="verdict" role="status"><span class="status">${label}</span>${h(v.sentence, 600)}</section>`;
}

/** A tile's change line: better or worse depends on whether more is good. */
function changeLine(k: Kpi, moreIsBetter: boolean | undefined, unit: '' | 'pp' = ''): string {
  if (k.change === undefined) return '<div class="change same">no previous period</div>';
  const direction =
    k.change === 0 || moreIsBetter === undefined ? 'same' : k.change > 0 === moreIsBetter ? 'better' : 'worse';
  const before = unit === 'pp' ? formatPercent(k.before!) : int(k.before!);
  return `<div class="change ${direction}">${signed(k.change, unit)} <span class="muted">vs ${before}</span></div>`;
}

export function kpiSection(view: ReportView): string {
  const k = view.kpis;
  const tiles: string[] = [];
  const tile = (id: string, label: string, value: string, change: string) =>
    tiles.push(
      `<div class="tile" data-kpi="${id}"><div class="label">${label}</div><div class="value">${value}</div>${change}</div>`,
    );
  if (k.messagesIn) tile('messages-in', 'Messages in', int(k.messagesIn.now), changeLine(k.messagesIn, undefined));
  if (k.messagesOut) tile('messages-out', 'Messages out', int(k.messagesOut.now), changeLine(k.messagesOut, undefined));
  tile('delivered', 'Delivered', formatPercent(k.deliveredPercent.now), changeLine(k.deliveredPercent, true, 'pp'));
  tile('failed', 'Failed', int(k.failed.now), changeLine(k.failed, false));
  tile('filtered', 'Quarantined or filtered', int(k.filtered.now), changeLine(k.filtered, undefined));
  tile('pending', 'Still pending', int(k.pending.now), changeLine(k.pending, false));
  return `<section id="kpis"><h2>Key figures</h2><div class="tiles">${tiles.join('')}</div></section>`;
}

function dataTable(head: string[], rows: string[][], caption: string): string {
  const th = head.map((c, i) => `<th${i > 0 ? ' class="n"' : ''}>${c}</th>`).join('');
  const body = rows.map((r) => `<tr>${r.map((c, i) => `<td${i > 0 ? ' class="n"' : ''}>${c}</td>`).join('')}</tr>`);
  return `<details><summary>${caption}</summary><div class="table-box"><table><thead><tr>${th}</tr></thead><tbody>${body.join('')}</tbody></table></div></details>`;
}

export function trendSection(view: ReportView): string {
  const days = view.report.breakdown?.days ?? [];
  if (days.length === 0)
    return `<section id="trend"><h2>Trend</h2><p class="muted">The input has no dated deliveries.</p></section>`;
  const volume = `<figure class="chart" id="chart-volume">${trendChart(days, 'Deliveries and failures per day')}
<figcaption>Deliveries per day (bars) and failed deliveries (line, right axis).</figcaption>
${dataTable(
  ['Day', 'Deliveries', 'Delivered', 'Failed'],
  days.map((d) => [d.date, int(d.deliveries), int(d.delivered), int(d.failed)]),
  'The figures of this chart',
)}</figure>`;
  const titled = view.causes.map((c) => ({ id: c.id, title: c.title }));
  const causes =
    view.totals.failed > 0
      ? `<figure class="chart" id="chart-causes">${causeTrendChart(days, titled)}
<figcaption>Failed deliveries per day by cause (the largest causes; the rest together).</figcaption></figure>`
      : '';
  return `<section id="trend"><h2>Trend</h2>${volume}${causes}</section>`;
}

function causeChange(view: ReportView, c: CauseView): string {
  const before = view.comparison?.causesBefore;
  if (!before) return '';
  const b = before.get(c.id);
  return b === undefined ? 'new' : signed(c.count - b);
}

export function causesSection(view: ReportView): string {
  if (view.causes.length === 0)
    return `<section id="causes"><h2>Problems by cause</h2><p>No delivery failed in this period.</p></section>`;
  const compare = view.comparison !== undefined;
  const head = `<tr><th>Cause</th><th class="n">Failed</th><th class="n">Share</th>${compare ? '<th class="n">Change</th>' : ''}<th>Who fixes it</th><th>First seen</th><th>Last seen</th></tr>`;
  const rows = view.causes.map(
    (c) =>
      `<tr data-cause="${h(c.id, 80)}"><td><a href="#cause-${h(c.id, 80)}">${h(c.title, 120)}</a></td><td class="n">${int(c.count)}</td><td class="n">${formatPercent(c.percent)}</td>${compare ? `<td class="n">${causeChange(view, c)}</td>` : ''}<td>${ownerBadge(c.owner)}</td><td>${when(c.firstSeen)}</td><td>${when(c.lastSeen)}</td></tr>`,
  );
  const cards = view.causes.map((c) => causeCard(c));
  return `<section id="causes"><h2>Problems by cause</h2><div class="table-box"><table><thead>${head}</thead><tbody>${rows.join('')}</tbody></table></div>${cards.join('')}</section>`;
}

const DNS_VERDICT = {
  confirmed: 'Confirmed over DNS:',
  refuted: 'Refuted over DNS:',
  inconclusive: 'Checked over DNS:',
} as const;

function causeCard(c: CauseView): string {
  const ex = c.examples[0];
  const example = ex
    ? `<p><strong>Example</strong> (${when(ex.time) || 'no time'}): ${ex.sender ? `from <code>${h(ex.sender, 120)}</code> ` : ''}to <code>${h(ex.recipient, 120)}</code>${ex.subject !== undefined ? `, subject “${h(ex.subject, 120)}”` : ''}<br><code>${h(ex.reply ?? ex.text, 400)}</code></p>`
    : '';
  return `<article class="cause" id="cause-${h(c.id, 80)}"><h3>${h(c.title, 160)} <span class="muted">· ${int(c.count)} failed · ${ownerBadge(c.owner)}</span></h3>
<p>${h(c.explanation, 1200)}</p>${c.becauseOf?.length ? `<p class="because"><strong>Why they expired:</strong> ${c.becauseOf.map((b) => `${h(b.title, 160)} (${int(b.count)}, ${OWNER_SHORT[b.owner]})`).join('; ')}</p>` : ''}${c.dns.map((f) => `<p class="dns ${f.verdict}" data-verdict="${f.verdict}"><strong>${DNS_VERDICT[f.verdict]}</strong> ${h(f.message, 600)}</p>`).join('')}<p><strong>Fix</strong></p><ol>${c.fix.map((f) => `<li>${h(f, 600)}</li>`).join('')}</ol>${example}</article>`;
}

export function actionsSection(view: ReportView): string {
  const own = view.causes.filter((c) => c.owner === 'tenant-admin');
  const others = view.causes.filter((c) => c.owner !== 'tenant-admin');
  const ownList = own.length
    ? `<ol class="actions">${own.map((c) => `<li><strong>${h(c.title, 160)}</strong> (${int(c.count)} failed): ${h(c.fix[0] ?? '', 600)}</li>`).join('')}</ol>`
    : '<p>Nothing: no failure in this period is for your own admin to fix.</p>';
  const groups: Array<[Owner, string]> = [
    ['sender', 'For senders (outside senders, or your users sending to wrong addresses)'],
    ['recipient', "For recipients' organizations"],
    ['transient', 'Temporary: nobody needs to act unless it lasts'],
    ['unknown', 'Not known yet'],
  ];
  const rest = groups
    .map(([owner, title]) => {
      const list = others.filter((c) => c.owner === owner);
      return list.length
        ? `<h3>${title}</h3><ul>${list.map((c) => `<li>${h(c.title, 160)} (${int(c.count)})</li>`).join('')}</ul>`
        : '';
    })
    .join('');
  return `<section id="actions"><h2>Recommended actions</h2><h3>For your admins, largest first</h3>${ownList}${rest}</section>`;
}
