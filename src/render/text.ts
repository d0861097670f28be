/**
 * The plain-text report: what an admin reads in a terminal or a cron mail. Problems first,
 * each with who fixes it and how, then what could not be read.
 */
import type { AuthenticationHealth, CauseExample } from '../model/report.js';
import type { InputSummary } from '../model/input.js';
import type { InputKind } from '../model/input.js';
import type { DeliveryState } from '../model/trace.js';
import { ownerLabels } from './owner-labels.js';
import type { Rendered, ReportView } from './view-model.js';
import { terminalSafe as safe } from './terminal-safe.js';

export function renderText(view: ReportView): Rendered {
  return { mediaType: 'text/plain; charset=utf-8', text: textReport(view) };
}

function textReport(view: ReportView): string {
  const out: string[] = [];
  const t = view.totals;
  out.push(`exotrace report, generated ${view.generatedAt}`);
  if (view.period) out.push(`Period: ${view.period.start} to ${view.period.end} (UTC)`);
  out.push('');
  out.push('Inputs');
  for (const i of view.inputs) out.push(`  ${safe(i.source)}: ${inputLine(i)}`);
  if (view.inputs.length === 0) out.push('  (no input could be read)');
  out.push('');

  out.push('Totals');
  out.push(...totalsLines(view));
  out.push('');

  if (t.failed === 0) {
    out.push('No failed deliveries.');
  } else {
    out.push('Who needs to act');
    for (const o of view.owners) out.push(`  ${ownerLabels[o.owner]}: ${o.count} (${percent(o.percent)})`);
    out.push('');
    out.push(`Failed deliveries by cause (${t.failed})`);
    view.causes.forEach((c, n) => {
      out.push('');
      out.push(`${n + 1}. ${catalogText(c.title)}: ${c.count} (${percent(c.percent)})`);
      out.push(`   id: ${safe(c.id)}; who fixes it: ${ownerLabels[c.owner]}`);
      out.push(`   ${catalogText(c.explanation)}`);
      out.push('   Fix:');
      for (const step of c.fix) out.push(`   - ${catalogText(step)}`);
      for (const f of c.dns) out.push(`   DNS, ${f.verdict}: ${safe(f.message, 600)}`);
      if (c.becauseOf?.length)
        out.push(`   Why they expired: ${c.becauseOf.map((b) => `${catalogText(b.title)} (${b.count})`).join('; ')}`);
      const [first] = c.examples;
      if (first) out.push(...exampleLines(first));
      if (c.examples.length > 1)
        out.push(`   (${c.examples.length - 1} more example text${c.examples.length > 2 ? 's' : ''} in --format json)`);
    });
  }

  if (view.pending.causes.length) {
    out.push('');
    out.push(`Still being retried (${view.pending.count}), by the reason of the last deferral`);
    for (const c of view.pending.causes) {
      out.push(`  ${c.count}× ${catalogText(c.title)} (${safe(c.id)}; who fixes it: ${ownerLabels[c.owner]})`);
      const ex = c.examples[0];
      if (ex)
        out.push(`     ${safe(ex.reply ?? ex.text)}${ex.remoteHost ? ` (from ${safe(ex.remoteHost, 120)})` : ''}`);
      if (c.fix[0]) out.push(`     Fix: ${catalogText(c.fix[0])}`);
    }
  }

  if (view.authentication) out.push('', ...authenticationLines(view.authentication));

  if (view.unclassified.length > 0) {
    out.push('');
    out.push('Failure texts exotrace did not recognize (most frequent first)');
    for (const u of view.unclassified) out.push(`  ${String(u.count).padStart(6)}×  ${safe(u.pattern, 200)}`);
  }

  if (view.issues.listed.length > 0) {
    out.push('');
    out.push(`Input problems (${view.issues.total}); everything else was analyzed`);
    for (const i of view.issues.listed) {
      out.push(`  ${safe(i.source)}${i.line ? ` line ${i.line}` : ''}: ${safe(i.message, 1000)} [${i.code}]`);
    }
  }
  if (view.notes.length > 0) {
    out.push('');
    out.push('Notes');
    for (const n of view.notes) out.push(`  - ${safe(n, 1000)}`);
  }
  return out.join('\n') + '\n';
}

/**
 * The catalog's own words, made terminal-safe too: a report read back from JSON (a baseline, a
 * history) carries them as data, and data can be hostile. Not cut short: they are written to be read whole.
 */
function catalogText(s: string): string {
  return safe(s, 100_000);
}

/** What was read from one input, in words: its kind, encoding, rows, and how its dates were read. */
function inputLine(i: InputSummary): string {
  const rejected = i.rejectedRows ? `, ${count(i.rejectedRows, 'rejected')}` : '';
  const separated = `${i.csv?.delimiter ?? 'comma'}-separated`;
  const what: Record<InputKind, string> = {
    'tracking-log': `Exchange Server message tracking log (read as an extended-report), ${i.encoding}, ${count(i.rows, 'row')}`,
    'tracking-log-export':
      `Get-MessageTrackingLog export (read as an extended-report), ${i.encoding}, ${separated}, ` +
      `${count(i.rows, 'row')}`,
    json: `${i.format} JSON, ${i.encoding}, ${count(i.rows, 'object')}`,
    'json-lines': `${i.format} JSON Lines, ${i.encoding}, ${count(i.rows, 'object')}`,
    ndr: `bounce message (NDR), ${i.encoding}, ${count(i.rows, 'recipient')} reported`,
    message: `message headers, ${i.encoding}`,
    mbox: `mailbox (.mbox), ${i.encoding}, ${count(i.rows, 'delivery', 'deliveries')} read from its messages`,
    'outlook-msg': `Outlook .msg file, ${count(i.rows, 'delivery', 'deliveries')} read`,
  };
  let line = i.kind
    ? what[i.kind]
    : i.format === 'headers'
      ? `message headers, ${i.encoding}`
      : i.encoding === undefined
        ? `${i.format}, ${count(i.rows, 'row')}` // read from a service, not from bytes
        : `${i.format}, ${i.encoding}, ${separated}, ${count(i.rows, 'row')}`;
  line += rejected;
  if (i.dates) {
    const order = i.dates.order === 'dmy' ? 'day first (dd/MM/yyyy)' : 'month first (MM/dd/yyyy)';
    const why =
      i.dates.basis === 'stated'
        ? 'as --date-order says'
        : i.dates.basis === 'evidence'
          ? `as ${safe(i.dates.example ?? '', 40)} on line ${i.dates.line} shows`
          : 'assumed: see the notes';
    line += `; dates read ${order}, ${why}`;
  }
  return line;
}

function count(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function authenticationLines(auth: AuthenticationHealth): string[] {
  const out = [
    `Authentication health (${auth.messages} ${auth.messages === 1 ? 'message' : 'messages'} with authentication ` +
      `results, delivered mail included)`,
  ];
  const counts = (c: Record<string, number>) =>
    Object.entries(c)
      .sort((a, b) => b[1] - a[1])
      .map(([result, n]) => `${result} ${n}`)
      .join(', ');
  for (const d of auth.domains) {
    out.push(`  ${safe(d.domain, 120)}: ${d.messages} ${d.messages === 1 ? 'message' : 'messages'}`);
    out.push(
      `    SPF ${counts(d.spf)} | DKIM ${counts(d.dkim)} | DMARC ${counts(d.dmarc)} | compauth ${counts(d.compauth)}`,
    );
    const filtering = [
      Object.keys(d.spamVerdicts).length ? `spam verdict ${counts(d.spamVerdicts)}` : '',
      Object.keys(d.categories).length ? `category ${counts(d.categories)}` : '',
    ].filter(Boolean);
    if (filtering.length) out.push(`    filtering: ${safe(filtering.join(' | '))}`);
    for (const p of d.problems) {
      out.push(`    ${p.count}× ${catalogText(p.title)} (${safe(p.id)}; who fixes it: ${ownerLabels[p.owner]})`);
      if (p.fix[0]) out.push(`       Fix: ${catalogText(p.fix[0])}`);
    }
    if (d.problems.length === 0) out.push('    authenticated: no problem found');
  }
  return out;
}

function totalsLines(view: ReportView): string[] {
  const t = view.totals;
  const rows: Array<[string, number, DeliveryState?]> = [
    ['Messages', t.messages],
    ['Deliveries (message × recipient)', t.deliveries],
    ['Delivered', t.delivered, 'delivered'],
    ['Failed', t.failed, 'failed'],
    ['Pending', t.pending, 'pending'],
    ['Quarantined', t.quarantined, 'quarantined'],
    ['Filtered as spam', t.filteredAsSpam, 'filteredAsSpam'],
    ['Expanded (groups)', t.expanded, 'expanded'],
    ['Dropped by Exchange', t.dropped, 'dropped'],
    ['Unknown state (status not recognized)', t.unknown, 'unknown'],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  return rows
    .filter(([, n], i) => i < 4 || n > 0)
    .map(
      ([label, n, state]) =>
        `  ${label.padEnd(width)}  ` +
        `${String(n).padStart(7)}${state && t.deliveries > 0 ? `  ${percent(view.states[state].percent)}` : ''}`,
    );
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

/** A percentage as the text report writes it: whole from 10%, one decimal below. */
function percent(p: number): string {
  return `${p >= 10 || p === 0 ? p.toFixed(0) : p.toFixed(1)}%`;
}
