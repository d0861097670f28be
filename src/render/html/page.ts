/**
 * The report for management: one self-contained HTML page (inline CSS, charts as static SVG, no
 * script, no request of any kind: the Content-Security-Policy says so to the browser too), in the
 * order a manager reads it: scope, verdict, key figures, trend, problems by cause, actions, where
 * the failures come from, authentication, what is new, and an appendix for IT. With several
 * tenants, a roll-up comes first, then each tenant's own sections.
 */
import type { Rendered, ReportView } from '../view-model.js';
import { formatPercent } from '../verdict.js';
import { REDACTION_NOTE } from '../redact.js';
import { appendixSection, authenticationSection, dnsSection, newSection, sourcesSection } from './detail-sections.js';
import { h, int } from './escape.js';
import { STYLE } from './style.js';
import {
  actionsSection,
  causesSection,
  kpiSection,
  scopeSection,
  trendSection,
  verdictSection,
} from './summary-sections.js';

/** Styles inline, images as data: URIs (none yet), and nothing else: no script, font, frame, form or fetch. */
export const CONTENT_SECURITY_POLICY =
  "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

function bodyOf(view: ReportView): string {
  return [
    kpiSection(view),
    trendSection(view),
    causesSection(view),
    actionsSection(view),
    sourcesSection(view),
    authenticationSection(view),
    dnsSection(view),
    newSection(view),
    appendixSection(view),
  ].join('\n');
}

function rollUp(tenants: NonNullable<ReportView['tenants']>): string {
  const rows = tenants.map(({ name, view }, i) => {
    const top = view.causes
      .slice(0, 3)
      .map((c) => `${h(c.title, 100)} (${int(c.count)})`)
      .join('; ');
    return `<tr data-tenant="${h(name, 120)}"><td><a href="#tenant-${i + 1}">${h(name, 120)}</a></td><td class="n">${formatPercent(view.kpis.deliveredPercent.now)}</td><td class="n">${int(view.totals.failed)}</td><td>${top || 'none'}</td></tr>`;
  });
  return `<section id="rollup"><h2>Tenants</h2><div class="table-box"><table><thead><tr><th>Tenant</th><th class="n">Delivered</th><th class="n">Failed</th><th>Top causes</th></tr></thead><tbody>${rows.join('')}</tbody></table></div></section>`;
}

/**
 * One tenant's sections, their ids and links made the tenant's own (`#causes` → `#t2-causes`), so
 * that ids stay unique on the page. Every input string in them is escaped (no `"` is left), so
 * only the attributes the sections wrote match.
 */
function tenantSection(index: number, name: string, view: ReportView): string {
  const prefix = `t${index + 1}-`;
  const body = `${verdictSection(view)}${bodyOf(view)}`
    .replace(/ id="([^"]+)"/g, ` id="${prefix}$1"`)
    .replace(/ href="#([^"]+)"/g, ` href="#${prefix}$1"`);
  return `<div class="tenant" id="tenant-${index + 1}" data-tenant="${h(name, 120)}"><h2>${h(name, 120)}</h2>${body}</div>`;
}

export function htmlPage(view: ReportView): string {
  const title = 'Mail delivery report';
  const main = view.tenants
    ? `${kpiSection(view)}${rollUp(view.tenants)}${view.tenants.map((t, i) => tenantSection(i, t.name, t.view)).join('\n')}`
    : bodyOf(view);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${title}</title>
<style>${STYLE}</style>
</head>
<body>
<header><h1>${title}</h1><p class="muted">Made by exotrace on ${h(view.generatedAt.slice(0, 16).replace('T', ' '), 40)} UTC</p></header>
${scopeSection(view)}
${verdictSection(view)}
${main}
<footer>exotrace reads message traces and names why mail failed, who fixes it and how. Addresses, subjects and failure texts are shown as the trace gave them${view.report.notes.some((n) => n.startsWith(REDACTION_NOTE)) ? ', redacted' : ''}.</footer>
</body>
</html>
`;
}

export function renderHtml(view: ReportView): Rendered {
  return { mediaType: 'text/html; charset=utf-8', text: htmlPage(view) };
}
