/**
 * The plain-text report: what an admin reads in a terminal or a cron mail. Problems first,
 * each with who fixes it and how, then what could not be read.
 */
import type { Owner } from '../catalog/types.js';
import type { AuthenticationHealth, CauseExample, Report, ReportTotals } from '../model/report.js';
import type { InputSummary } from '../model/input.js';
import type { InputKind } from '../model/input.js';
import { ownerLabels } from './owner-labels.js';
import { terminalSafe as safe } from './terminal-safe.js';

export function renderText(report: Report): string {
  const out: string[] = [];
  const t = report.totals;
  out.push(`exotrace report, generated ${report.generatedAt}`);
  if (report.period) out.push(`Period: ${report.period.start} to ${report.period.end} (UTC)`);
  out.push('');
  out.push('Inputs');
  for (const i of report.inputs) out.push(`  ${safe(i.source)}: ${inputLine(i)}`);
  if (report.inputs.length === 0) out.push('  (no input could be read)');
  out.push('');

  out.push('Totals');
  out.push(...totalsLines(t));
  out.push('');

  if (t.failed === 0) {
    out.push('No failed deliveries.');
  } else {
    out.push('Who needs to act');
    for (const [owner, count] of countByOwner(report)) out.push(`  ${ownerLabels[owner]}: ${count} (${percent(count, t.failed)})`);
    out.push('');
    out.push(`Failed deliveries by cause (${t.failed})`);
    report.causes.forEach((c, n) => {
      out.push('');
      out.push(`${n + 1}. ${c.title}: ${c.count} (${percent(c.count, t.failed)})`);
      out.push(`   id: ${c.id}; who fixes it: ${ownerLabels[c.owner]}`);
      out.push(`   ${c.explanation}`);
      out.push('   Fix:');
      for (const step of c.fix) out.push(`   - ${step}`);
      const [first] = c.examples;
      if (first) out.push(...exampleLines(first));
      if (c.examples.length > 1) out.push(`   (${c.examples.length - 1} more example text${c.examples.length > 2 ? 's' : ''} in --format json)`);
    });
  }

  if (report.pendingCauses?.length) {
    const n = report.pendingCauses.reduce((s, c) => s + c.count, 0);
    out.push('');
    out.push(`Still being retried (${n}), by the reason of the last deferral`);
    for (const c of report.pendingCauses) {
      out.push(`  ${c.count}× ${c.title} (${c.id}; who fixes it: ${ownerLabels[c.owner]})`);
      const ex = c.examples[0];
      if (ex) out.push(`     ${safe(ex.reply ?? ex.text)}${ex.remoteHost ? ` (from ${safe(ex.remoteHost, 120)})` : ''}`);
      if (c.fix[0]) out.push(`     Fix: ${c.fix[0]}`);
    }
  }

  if (report.authentication) out.push('', ...authenticationLines(report.authentication));

  if (report.unclassified.length > 0) {
    out.push('');
    out.push('Failure texts exotrace did not recognize (most frequent first)');
    for (const u of report.unclassified) out.push(`  ${String(u.count).padStart(6)}×  ${safe(u.pattern, 200)}`);
  }

  if (report.issues.length > 0) {
    out.push('');
    out.push(`Input problems (${report.issues.length + report.issuesNotListed}); everything else was analyzed`);
    for (const i of report.issues) {
      out.push(`  ${safe(i.source)}${i.line ? ` line ${i.line}` : ''}: ${safe(i.message, 1000)} [${i.code}]`);
    }
  }
  if (report.notes.length > 0) {
    out.push('');
    out.push('Notes');
    for (const n of report.notes) out.push(`  - ${safe(n, 1000)}`);
  }
  return out.join('\n') + '\n';
}

/** What was read from one input, in words: its kind, encoding, rows, and how its dates were read. */
function inputLine(i: InputSummary): string {
  const rejected = i.rejectedRows ? `, ${count(i.rejectedRows, 'rejected')}` : '';
  const separated = `${i.csv?.delimiter ?? 'comma'}-separated`;
  const what: Record<InputKind, string> = {
    'tracking-log': `Exchange Server message tracking log (read as an extended-report), ${i.encoding}, ${count(i.rows, 'row')}`,
    'tracking-log-export': `Get-MessageTrackingLog export (read as an extended-report), ${i.encoding}, ${separated}, ${count(i.rows, 'row')}`,
    json: `${i.format} JSON, ${i.encoding}, ${count(i.rows, 'object')}`,
    'json-lines': `${i.format} JSON Lines, ${i.encoding}, ${count(i.rows, 'object')}`,
    ndr: `bounce message (NDR), ${i.encoding}, ${count(i.rows, 'recipient')} reported`,
    message: `message headers, ${i.encoding}`,
    mbox: `mailbox (.mbox), ${i.encoding}, ${count(i.rows, 'delivery', 'deliveries')} read from its messages`,
    'outlook-msg': `Outlook .msg file, ${count(i.rows, 'delivery', 'deliveries')} read`,
  };
  let line = i.kind ? what[i.kind] : i.format === 'headers' ? `message headers, ${i.encoding}` : `${i.format}, ${i.encoding}, ${separated}, ${count(i.rows, 'row')}`;
  line += rejected;
  if (i.dates) {
    const order = i.dates.order === 'dmy' ? 'day first (dd/MM/yyyy)' : 'month first (MM/dd/yyyy)';
    const why = i.dates.basis === 'stated' ? 'as --date-order says' : i.dates.basis === 'evidence' ? `as ${safe(i.dates.example ?? '', 40)} on line ${i.dates.line} shows` : 'assumed: see the notes';
    line += `; dates read ${order}, ${why}`;
  }
  return line;
}

function count(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function authenticationLines(auth: AuthenticationHealth): string[] {
  const out = [`Authentication health (${auth.messages} ${auth.messages === 1 ? 'message' : 'messages'} with authentication results, delivered mail included)`];
  const counts = (c: Record<string, number>) =>
    Object.entries(c)
      .sort((a, b) => b[1] - a[1])
      .map(([result, n]) => `${result} ${n}`)
      .join(', ');
  for (const d of auth.domains) {
    out.push(`  ${safe(d.domain, 120)}: ${d.messages} ${d.messages === 1 ? 'message' : 'messages'}`);
    out.push(`    SPF ${counts(d.spf)} | DKIM ${counts(d.dkim)} | DMARC ${counts(d.dmarc)} | compauth ${counts(d.compauth)}`);
    const filtering = [Object.keys(d.spamVerdicts).length ? `spam verdict ${counts(d.spamVerdicts)}` : '', Object.keys(d.categories).length ? `category ${counts(d.categories)}` : ''].filter(Boolean);
    if (filtering.length) out.push(`    filtering: ${safe(filtering.join(' | '))}`);
    for (const p of d.problems) {
      out.push(`    ${p.count}× ${p.title} (${p.id}; who fixes it: ${ownerLabels[p.owner]})`);
      if (p.fix[0]) out.push(`       Fix: ${p.fix[0]}`);
    }
    if (d.problems.length === 0) out.push('    authenticated: no problem found');
  }
  return out;
}

function totalsLines(t: ReportTotals): string[] {
  const rows: Array<[string, number]> = [
    ['Messages', t.messages],
    ['Deliveries (message × recipient)', t.deliveries],
    ['Delivered', t.delivered],
    ['Failed', t.failed],
    ['Pending', t.pending],
    ['Quarantined', t.quarantined],
    ['Filtered as spam', t.filteredAsSpam],
    ['Expanded (groups)', t.expanded],
    ['Dropped by Exchange', t.dropped],
    ['Unknown state (status not recognized)', t.unknown],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  return rows
    .filter(([, n], i) => i < 4 || n > 0)
    .map(([label, n], i) => `  ${label.padEnd(width)}  ${String(n).padStart(7)}${i >= 2 && t.deliveries > 0 ? `  ${percent(n, t.deliveries)}` : ''}`);
}

function countByOwner(report: Report): Array<[Owner, number]> {
  const counts = new Map<Owner, number>();
  for (const c of report.causes) counts.set(c.owner, (counts.get(c.owner) ?? 0) + c.count);
  return [...counts].sort((a, b) => b[1] - a[1]);
}

function exampleLines(ex: CauseExample): string[] {
  const from = ex.remoteHost ? ` (from ${safe(ex.remoteHost, 120)})` : '';
  const lines = [`   Example (${ex.count}×): ${safe(ex.reply ?? ex.text)}${from}`];
  const who = `${ex.sender ? safe(ex.sender, 120) : '?'} → ${ex.recipient ? safe(ex.recipient, 120) : '?'}`;
  const subject = ex.subject !== undefined ? `, "${safe(ex.subject, 80)}"` : '';
  lines.push(`     ${who}${subject}${ex.time ? `, ${ex.time}` : ''} (${safe(ex.source)} line ${ex.line})`);
  if (ex.lastDeferral) lines.push(`     last deferral: ${safe(ex.lastDeferralReply ?? ex.lastDeferral)}`);
  return lines;
}

function percent(n: number, of: number): string {
  if (of === 0) return '0%';
  const p = (100 * n) / of;
  return `${p >= 10 || p === 0 ? p.toFixed(0) : p.toFixed(1)}%`;
}
