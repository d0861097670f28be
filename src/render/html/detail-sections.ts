/**
 * The page's later sections: where the failures come from (senders, destinations, sending IPs),
 * authentication health, what is new since the previous period, and the appendix for IT (inputs,
 * issues, unrecognized texts, the status codes that appear, notes). Lists are capped and say how
 * many were left out.
 */
import type { RankedList } from '../../model/report.js';
import type { ReportView } from '../view-model.js';
import { h, int } from './escape.js';

/** Rows an appendix table shows before it counts the rest. */
const APPENDIX_ROWS = 50;

function more(n: number, what: string): string {
  return n > 0 ? `<p class="muted">${int(n)} more ${what} not listed.</p>` : '';
}

function titleOf(view: ReportView, id: string): string {
  return view.causes.find((c) => c.id === id)?.title ?? id;
}

function rankedTable(view: ReportView, list: RankedList | undefined, what: string, column: string, id: string): string {
  if (!list || list.top.length === 0) return `<h3>${what}</h3><p class="muted">None known from the input.</p>`;
  const rows = list.top.map(
    (s) =>
      `<tr><td><code>${h(s.value, 160)}</code></td><td class="n">${int(s.failed)}</td><td>${h(titleOf(view, s.cause), 160)}</td></tr>`,
  );
  const more = list.more > 0 ? `<p class="muted">${int(list.more)} more not listed.</p>` : '';
  return `<h3>${what}</h3><div class="table-box"><table id="${id}"><thead><tr><th>${column}</th><th class="n">Failed</th><th>Mostly</th></tr></thead><tbody>${rows.join('')}</tbody></table></div>${more}`;
}

export function sourcesSection(view: ReportView): string {
  const b = view.report.breakdown;
  if (view.totals.failed === 0) return '';
  return `<section id="top"><h2>Where the failures come from</h2>${rankedTable(view, b?.senders, 'Top failing senders', 'Sender', 'top-senders')}${rankedTable(view, b?.destinations, 'Top failing destination domains', 'Destination domain', 'top-destinations')}${rankedTable(view, b?.sendingIps, 'Top failing sending IPs', 'Sending IP', 'top-ips')}</section>`;
}

function results(counts: Record<string, number>): string {
  return Object.entries(counts)
    .sort((a, b) => b[1] - a[1])
    .map(([k, n]) => `${h(k, 40)} ${int(n)}`)
    .join(', ');
}

export function authenticationSection(view: ReportView): string {
  const a = view.authentication;
  if (!a || a.domains.length === 0) return '';
  const rows = a.domains
    .slice(0, APPENDIX_ROWS)
    .map(
      (d) =>
        `<tr><td><code>${h(d.domain, 160)}</code></td><td class="n">${int(d.messages)}</td><td>${results(d.spf)}</td><td>${results(d.dkim)}</td><td>${results(d.dmarc)}</td><td>${d.problems.map((p) => `${h(p.title, 120)} (${int(p.count)})`).join('; ') || 'none'}</td></tr>`,
    );
  const more =
    a.domains.length > APPENDIX_ROWS
      ? `<p class="muted">${int(a.domains.length - APPENDIX_ROWS)} more domains not listed.</p>`
      : '';
  return `<section id="authentication"><h2>Authentication health</h2><p>${int(a.messages)} messages carried SPF, DKIM and DMARC results.</p><div class="table-box"><table><thead><tr><th>Sender domain</th><th class="n">Messages</th><th>SPF</th><th>DKIM</th><th>DMARC</th><th>Problems</th></tr></thead><tbody>${rows.join('')}</tbody></table></div>${more}</section>`;
}

export function newSection(view: ReportView): string {
  const c = view.comparison;
  if (!c)
    return `<section id="new"><h2>New since the previous period</h2><p class="muted">No previous period to compare with. The scan history gives one to <code>exotrace report</code>; for files, give <code>--baseline PREVIOUS.json</code> (a JSON report written earlier).</p></section>`;
  const list = (items: string[], label: (s: string) => string) =>
    items.length ? `<ul>${items.map((s) => `<li>${label(s)}</li>`).join('')}</ul>` : '<p>None.</p>';
  return `<section id="new"><h2>New since the previous period</h2>
<h3>Causes</h3>${list(c.newCauses, (id) => h(titleOf(view, id), 160))}
<h3>Failing senders</h3>${list(c.newSenders, (s) => `<code>${h(s, 160)}</code>`)}
<h3>Failing destinations</h3>${list(c.newDestinations, (s) => `<code>${h(s, 160)}</code>`)}
<p class="muted">Senders and destinations count as new when they were not among the previous period's top ones.</p></section>`;
}

export function appendixSection(view: ReportView): string {
  const parts: string[] = ['<section id="appendix"><h2>Appendix for IT</h2>'];
  parts.push(
    `<h3>Inputs</h3><div class="table-box"><table><thead><tr><th>Source</th><th>Format</th><th class="n">Rows</th><th class="n">Rejected</th></tr></thead><tbody>${view.inputs
      .map(
        (i) =>
          `<tr><td><code>${h(i.source, 200)}</code></td><td>${h(i.format, 40)}</td><td class="n">${int(i.rows)}</td><td class="n">${int(i.rejectedRows)}</td></tr>`,
      )
      .join('')}</tbody></table></div>`,
  );
  const codes = view.report.breakdown?.statusCodes ?? [];
  if (codes.length)
    parts.push(
      `<h3>Status codes that appear</h3><div class="table-box"><table id="glossary"><thead><tr><th>Code</th><th class="n">Failed</th><th>Meaning</th></tr></thead><tbody>${codes
        .slice(0, APPENDIX_ROWS)
        .map(
          (c) =>
            `<tr><td><code>${h(c.code, 20)}</code></td><td class="n">${int(c.count)}</td><td>${h(c.meaning, 200)}</td></tr>`,
        )
        .join('')}</tbody></table></div>${more(codes.length - APPENDIX_ROWS, 'codes')}`,
    );
  if (view.unclassified.length)
    parts.push(
      `<h3>Failure texts not recognized</h3><div class="table-box"><table><thead><tr><th class="n">Failed</th><th>Text (addresses and numbers masked)</th></tr></thead><tbody>${view.unclassified
        .map((u) => `<tr><td class="n">${int(u.count)}</td><td><code>${h(u.pattern, 400)}</code></td></tr>`)
        .join('')}</tbody></table></div>`,
    );
  if (view.pending.count > 0)
    parts.push(
      `<h3>Still being retried</h3><ul>${view.pending.causes.map((c) => `<li>${h(c.title, 160)} (${int(c.count)})</li>`).join('')}</ul>`,
    );
  if (view.issues.total > 0) {
    const listed = view.issues.listed.slice(0, APPENDIX_ROWS);
    parts.push(
      `<h3>Input issues</h3><ul>${listed.map((i) => `<li><code>${h(i.code, 40)}</code> ${h(i.source, 160)}${i.line !== undefined ? `:${i.line}` : ''}: ${h(i.message, 300)}</li>`).join('')}</ul>${view.issues.total > listed.length ? `<p class="muted">${int(view.issues.total - listed.length)} more not listed.</p>` : ''}`,
    );
  }
  if (view.notes.length)
    parts.push(`<h3>Notes</h3><ul>${view.notes.map((n) => `<li>${h(n, 1000)}</li>`).join('')}</ul>`);
  parts.push('</section>');
  return parts.join('');
}

/** --verify-dns: what DNS says now of the domains and IPs the causes name. */
export function dnsSection(view: ReportView): string {
  const dns = view.report.dns;
  if (!dns) return '';
  if (dns.notChecked)
    return `<section id="dns"><h2>Checked over DNS</h2><p class="muted">${h(dns.notChecked, 400)}</p></section>`;
  const spf = (d: (typeof dns.domains)[number]) =>
    d.spf.status === 'none' ? 'none' : `${d.spf.status}, ${d.spf.lookups} lookups`;
  const dkim = (d: (typeof dns.domains)[number]) =>
    d.dkim.map((k) => `${h(k.selector, 60)}: ${k.status === 'pass' ? `${k.bits} bits` : k.status}`).join(', ');
  const domains = dns.domains.map(
    (d) =>
      `<tr><td><code>${h(d.domain, 160)}</code></td><td>${spf(d)}</td><td>${d.dmarc.policy ? `p=${d.dmarc.policy}` : d.dmarc.status}</td><td>${dkim(d)}</td><td class="n">${int(d.problems.length)}</td></tr>`,
  );
  const ips = dns.ips.map(
    (ip) =>
      `<tr><td><code>${h(ip.ip, 60)}</code></td><td>${ip.names.length ? h(ip.names.join(', '), 200) : 'none'}${ip.forwardConfirmed ? ' (confirmed)' : ''}</td><td>${ip.listings.length ? ip.listings.map((l) => `${h(l.zone, 80)}: ${h(l.meaning, 200)}`).join('; ') : 'none'}</td></tr>`,
  );
  return `<section id="dns"><h2>Checked over DNS</h2><p class="muted">On ${h(dns.checkedAt.slice(0, 16).replace('T', ' '), 40)} UTC.</p>${
    domains.length
      ? `<div class="table-box"><table id="dns-domains"><thead><tr><th>Domain</th><th>SPF</th><th>DMARC</th><th>DKIM</th><th class="n">Problems</th></tr></thead><tbody>${domains.join('')}</tbody></table></div>`
      : ''
  }${
    ips.length
      ? `<div class="table-box"><table id="dns-ips"><thead><tr><th>IP</th><th>Reverse DNS</th><th>Blocklists</th></tr></thead><tbody>${ips.join('')}</tbody></table></div>`
      : ''
  }</section>`;
}
