/**
 * check-domain's answers as text for a terminal, and as the JSON its contract names. Records come
 * from DNS, which anyone can publish: they pass through terminalSafe like every outside text.
 */
import type { CheckDomainResult, DomainCheck, IpCheck } from '../model/dns-checks.js';
import { terminalSafe as safe } from './terminal-safe.js';

function domainBlock(d: DomainCheck): string[] {
  const lines = [d.domain];
  const spf = d.spf;
  const spfHead =
    spf.status === 'none'
      ? 'none'
      : `${spf.status}: ${spf.lookups} DNS lookups (limit 10), ${spf.voidLookups} void (limit 2)`;
  lines.push(`  SPF    ${spfHead}`);
  if (spf.record) lines.push(`         ${safe(spf.record, 400)}`);
  if (spf.includes.length > 0)
    lines.push(`         costs: ${spf.includes.map((i) => `${safe(i.domain, 120)} ${i.lookups}`).join(', ')}`);
  for (const r of spf.ips ?? []) lines.push(`         ${r.ip}: ${r.result}`);
  const m = d.dmarc;
  lines.push(
    `  DMARC  ${m.status === 'pass' || m.status === 'permerror' ? `${m.status}: p=${m.policy ?? '?'}${m.subdomainPolicy ? ` sp=${m.subdomainPolicy}` : ''}${m.pct !== undefined ? ` pct=${m.pct}` : ''} at _dmarc.${safe(m.foundAt ?? d.domain, 120)}` : m.status}`,
  );
  if (m.rua.length) lines.push(`         reports to ${m.rua.map((a) => safe(a, 120)).join(', ')}`);
  lines.push(
    `  DKIM   ${d.dkim
      .map(
        (k) =>
          `${safe(k.selector, 60)}: ${k.status === 'pass' ? `${k.bits}-bit ${k.keyType}` : k.status}${k.target ? ` (→ ${safe(k.target, 120)})` : ''}`,
      )
      .join('; ')}`,
  );
  lines.push(
    `  MX     ${d.mx.length ? d.mx.map((x) => `${x.priority} ${safe(x.exchange, 120)}${x.addresses.length ? ` (${x.addresses.join(', ')})` : ''}`).join('; ') : 'none'}`,
  );
  if (d.problems.length === 0) lines.push('  no problem found');
  for (const p of d.problems) lines.push(`  ✗ ${p.code}: ${safe(p.message, 600)}`);
  return lines;
}

function ipBlock(ip: IpCheck): string[] {
  const lines = [
    `${ip.ip}`,
    `  PTR    ${ip.names.length ? ip.names.map((n) => safe(n, 120)).join(', ') : 'none'}${ip.names.length ? (ip.forwardConfirmed ? ' (confirmed)' : ' (not confirmed)') : ''}`,
    `  lists  ${ip.listings.length ? ip.listings.map((l) => `${l.zone}: ${l.meaning}`).join('; ') : 'on none of the lists asked'}`,
  ];
  for (const p of ip.problems) lines.push(`  ✗ ${p.code}: ${safe(p.message, 600)}`);
  return lines;
}

export function domainChecksText(r: CheckDomainResult): string {
  const blocks = [...r.domains.map(domainBlock), ...(r.ips ?? []).map(ipBlock)].map((b) => b.join('\n'));
  if (r.notChecked) blocks.push(r.notChecked);
  return blocks.join('\n\n') + '\n';
}

export function domainChecksJson(r: CheckDomainResult): string {
  return JSON.stringify(r, null, 2) + '\n';
}
