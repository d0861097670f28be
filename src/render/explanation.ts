/** How `exotrace explain` shows an answer: a readable block, a tab-separated line, or one JSON line. */
import type { Explanation } from '../classify/explain.js';
import { ownerLabels } from './owner-labels.js';
import { terminalSafe as safe } from './terminal-safe.js';

export function explanationBlock(e: Explanation): string {
  const lines = [`${e.id}: ${e.title}`, `  who fixes it: ${ownerLabels[e.owner]}`];
  if (e.reply) lines.push(`  reply: ${safe(e.reply)}`);
  if (e.remoteHost) lines.push(`  from: ${safe(e.remoteHost, 120)}`);
  const codes = [e.codes.basic, e.codes.enhanced, ...(e.codes.tags ?? [])].filter(Boolean).join(' ');
  if (codes) lines.push(`  codes: ${safe(codes)}`);
  if (e.auth) {
    const parts = (['spf', 'dkim', 'dmarc', 'compauth', 'arc'] as const)
      .filter((m) => e.auth![m])
      .map((m) => `${m}=${e.auth![m]}`);
    if (e.auth.dmarcAction) parts.push(`dmarc action=${e.auth.dmarcAction}`);
    if (e.auth.compauthReason) parts.push(`compauth reason=${e.auth.compauthReason}`);
    lines.push(
      `  authentication: ${safe(parts.join(', '))}${e.auth.domain ? ` (From domain ${safe(e.auth.domain, 120)})` : ''}`,
    );
  }
  lines.push(`  decided by: ${safe(e.evidence)}`);
  lines.push(`  ${e.explanation}`);
  lines.push('  Fix:');
  for (const step of e.fix) lines.push(`  - ${step}`);
  for (const ref of e.references) lines.push(`  see ${ref}`);
  return lines.join('\n') + '\n';
}

/** One answer per input line, for scripts reading text output: id, owner, title. */
export function explanationLine(e: Explanation): string {
  return `${e.id}\t${e.owner}\t${e.title}\n`;
}

export function explanationJsonLine(e: Explanation): string {
  return JSON.stringify(e) + '\n';
}
