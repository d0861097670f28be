/**
 * --verify-dns: the report's causes confirmed or refuted at their source. The domains its
 * authentication failures name (the senders of their examples, and the domains of the
 * authentication health with problems), the tenant's own sending domains (the senders of its
 * outbound failures), and the IPs its reputation failures name are checked over DNS, and each
 * finding is attached to the cause it speaks to: "confirmed: contoso.com's SPF needs 13 lookups…",
 * "refuted: fabrikam.com's DKIM key is published now; the failures ended on …".
 */
import type { Report } from '../model/report.js';
import { checkDomains, NOT_CHECKED, unreachable } from './check-domain.js';
import { isIP } from 'node:net';
import { checkIp, DEFAULT_BLOCKLISTS, type Blocklist } from './ip-checks.js';
import { evaluateSpf } from './spf-eval.js';
import type { DnsResolver } from './resolver.js';
import type { DnsFinding, DomainCheck, IpCheck, ReportDns } from '../model/dns-checks.js';

/** At most this many domains and IPs are checked per report (the ones with the most failures first). */
export const MAX_DOMAINS = 20;
export const MAX_IPS = 10;

const domainOf = (address: string | undefined) =>
  address && address.includes('@') ? address.slice(address.lastIndexOf('@') + 1).toLowerCase() : undefined;
const BRACKETED_IP = /\[(\d{1,3}(?:\.\d{1,3}){3}|[0-9a-f]*:[0-9a-f:]+)\]/gi;

// the server an SPF failure names: "does not designate 192.0.2.1 as permitted sender", client-ip=
const SPF_IP = /designates? ([0-9a-f.:]+) as permitted|client-ip=([0-9a-f.:]+)/gi;
// a DKIM selector as Authentication-Results (header.s=) or a DKIM-Signature (s=…; d=…) names it
const SELECTOR = /\bheader\.s=([A-Za-z0-9._-]+)|\bs=([A-Za-z0-9._-]+);\s*d=/g;

/** What to check, each with the causes that name it, in the order of their failures; and the DKIM selectors named. */
export function targetsOf(report: Report): {
  domains: Map<string, Set<string>>;
  ips: Map<string, Set<string>>;
  selectors: Map<string, Set<string>>;
  /** per domain, the sending IPs its SPF failures name */
  spfIps: Map<string, Set<string>>;
} {
  const domains = new Map<string, Set<string>>();
  const ips = new Map<string, Set<string>>();
  const selectors = new Map<string, Set<string>>();
  const spfIps = new Map<string, Set<string>>();
  const add = (map: Map<string, Set<string>>, key: string | undefined, cause: string, max: number) => {
    if (!key) return;
    const causes = map.get(key) ?? (map.size < max ? new Set<string>() : undefined);
    if (causes) map.set(key, causes.add(cause));
  };
  for (const c of report.causes) {
    for (const ex of c.examples) {
      if (c.id.startsWith('auth.') || ex.direction === 'outbound') add(domains, domainOf(ex.sender), c.id, MAX_DOMAINS);
      const domain = domainOf(ex.sender);
      if (c.id.startsWith('auth.') && domain)
        for (const m of ex.text.matchAll(SELECTOR)) add(selectors, domain, (m[1] ?? m[2]!).toLowerCase(), MAX_DOMAINS);
      if (c.id.startsWith('auth.spf') && domain)
        for (const m of ex.text.matchAll(SPF_IP)) add(spfIps, domain, (m[1] ?? m[2]!).replace(/\.$/, ''), MAX_DOMAINS);
      if (c.id.startsWith('reputation.') || c.id === 'policy.requires-ptr')
        for (const m of `${ex.text} ${ex.reply ?? ''}`.matchAll(BRACKETED_IP)) add(ips, m[1], c.id, MAX_IPS);
    }
  }
  for (const d of report.authentication?.domains ?? [])
    for (const p of d.problems) add(domains, d.domain.toLowerCase(), p.id, MAX_DOMAINS);
  return { domains, ips, selectors, spfIps };
}

const day = (iso: string | undefined) => (iso ? iso.slice(0, 10) : undefined);

function ended(report: Report, cause: string): string {
  const last = day(report.causes.find((c) => c.id === cause)?.lastSeen);
  return last ? `; the failures ended on ${last}` : '';
}

/** What a domain's check says of one cause. */
function domainFinding(report: Report, cause: string, d: DomainCheck): DnsFinding | undefined {
  const f = (verdict: DnsFinding['verdict'], message: string): DnsFinding => ({
    cause,
    subject: d.domain,
    verdict,
    message,
  });
  const spf = d.spf;
  if (spf.status === 'temperror' && d.dmarc.status === 'temperror')
    return f('inconclusive', `${d.domain} could not be checked: DNS did not answer`);
  if (cause.startsWith('auth.spf') || cause === 'auth.temperror') {
    if (spf.status === 'permerror')
      return f('confirmed', spf.problems.find((p) => p.code !== 'spf.ptr')?.message ?? `${d.domain}'s SPF is broken`);
    if (spf.status === 'none') return f('confirmed', `${d.domain} publishes no SPF record`);
    if (cause === 'auth.spf.permerror' || cause === 'auth.temperror')
      return f('refuted', `${d.domain}'s SPF is valid now (${spf.lookups} lookups)${ended(report, cause)}`);
    const denied = spf.ips?.filter((r) => r.result !== 'pass') ?? [];
    if (denied.length)
      return f('confirmed', denied.map((r) => `${d.domain}'s SPF does not authorize ${r.ip} (${r.result})`).join('; '));
    if (spf.ips?.length)
      return f(
        'refuted',
        `${d.domain}'s SPF authorizes ${spf.ips.map((r) => r.ip).join(', ')} now${ended(report, cause)}`,
      );
    return f('inconclusive', `${d.domain}'s SPF is valid (${spf.lookups} lookups): the sending server is not in it`);
  }
  if (cause.startsWith('auth.dkim') || cause === 'auth.unauthenticated' || cause === 'auth.compauth.fail-implicit') {
    const key = d.dkim.find((k) => k.status === 'pass');
    if (key)
      return f(
        'refuted',
        `${d.domain}'s DKIM key is published now (${key.selector}, ${key.bits} bits)${ended(report, cause)}`,
      );
    const revoked = d.dkim.find((k) => k.status === 'revoked');
    if (revoked) return f('confirmed', `${d.domain}'s DKIM key at ${revoked.selector} is revoked`);
    return f('confirmed', `${d.domain} publishes no DKIM key at ${d.dkim.map((k) => k.selector).join(' or ')}`);
  }
  if (cause.startsWith('auth.dmarc')) {
    if (d.dmarc.status === 'none')
      return f('refuted', `${d.domain} publishes no DMARC policy now${ended(report, cause)}`);
    const own = [...spf.problems, ...d.dkim.flatMap((k) => k.problems)].filter((p) => p.code !== 'spf.ptr');
    const why = own.length ? `; ${own[0]!.message}` : '';
    return f(
      'confirmed',
      `${d.domain}'s DMARC policy is p=${d.dmarc.policy ?? '?'} (at _dmarc.${d.dmarc.foundAt ?? d.domain})${why}`,
    );
  }
  return undefined;
}

function ipFinding(report: Report, cause: string, ip: IpCheck): DnsFinding {
  const f = (verdict: DnsFinding['verdict'], message: string): DnsFinding => ({
    cause,
    subject: ip.ip,
    verdict,
    message,
  });
  if (cause === 'policy.requires-ptr') {
    if (ip.forwardConfirmed)
      return f('refuted', `${ip.ip} has a confirmed reverse DNS now (${ip.names[0]})${ended(report, cause)}`);
    return f(
      'confirmed',
      ip.problems.find((p) => p.code.startsWith('ip.'))?.message ?? `${ip.ip} has no usable reverse DNS`,
    );
  }
  if (ip.listings.length > 0)
    return f(
      'confirmed',
      ip.listings
        .map((l) => `${ip.ip} is on ${l.zone} (${l.meaning})${l.delisting ? `; delisting: ${l.delisting}` : ''}`)
        .join('; '),
    );
  return f('refuted', `${ip.ip} is on none of the blocklists asked now${ended(report, cause)}`);
}

export async function verifyDns(
  report: Report,
  dns: DnsResolver,
  now: Date,
  blocklists: readonly Blocklist[] = DEFAULT_BLOCKLISTS,
): Promise<ReportDns> {
  const { domains, ips, selectors, spfIps } = targetsOf(report);
  const result = await checkDomains(dns, [...domains.keys()], { selectorsOf: (d) => [...(selectors.get(d) ?? [])] });
  const ipChecks = await Promise.all([...ips.keys()].map((ip) => checkIp(dns, ip, blocklists)));
  // what each domain's SPF says now of the servers its failures name
  for (const d of result.domains) {
    const named = [...(spfIps.get(d.domain) ?? [])].filter((ip) => isIP(ip) !== 0);
    if (named.length && d.spf.status !== 'none' && d.spf.status !== 'temperror')
      d.spf.ips = await Promise.all(named.map(async (ip) => ({ ip, result: await evaluateSpf(dns, ip, d.domain) })));
  }
  const findings: DnsFinding[] = [];
  for (const d of result.domains)
    for (const cause of domains.get(d.domain) ?? []) {
      const finding = domainFinding(report, cause, d);
      if (finding) findings.push(finding);
    }
  for (const ip of ipChecks) for (const cause of ips.get(ip.ip) ?? []) findings.push(ipFinding(report, cause, ip));
  // offline: no finding (an empty check confirms nothing and refutes nothing), and one note
  if (unreachable(dns))
    return { checkedAt: now.toISOString(), domains: [], ips: [], findings: [], notChecked: NOT_CHECKED };
  return { checkedAt: now.toISOString(), domains: result.domains, ips: ipChecks, findings };
}
