/**
 * `exotrace check-domain`: a domain's mail authentication and routing as receivers see them, over
 * real DNS: SPF (record, syntax, lookups, and what it says of given IPs), DMARC, DKIM (Microsoft
 * 365's selectors and others), MX; and given sending IPs' reverse DNS and blocklist listings.
 * Nothing here fails: DNS that does not answer makes a check `temperror`, and a run in which no
 * query was answered at all says "not checked" once.
 */
import { checkDkim, MICROSOFT_SELECTORS } from './dkim.js';
import { checkDmarc } from './dmarc.js';
import { checkIp, DEFAULT_BLOCKLISTS, type Blocklist } from './ip-checks.js';
import type { DnsResolver } from './resolver.js';
import { addressesOf, checkSpf } from './spf-check.js';
import { evaluateSpf } from './spf-eval.js';
import type { CheckDomainResult, DkimCheck, DnsProblem, DomainCheck, MxCheck } from '../model/dns-checks.js';

export interface CheckOptions {
  /** DKIM selectors beyond Microsoft 365's, for every domain */
  selectors?: readonly string[];
  /** and per domain (the selectors the failures of that domain name) */
  selectorsOf?: (domain: string) => readonly string[];
  /** sending IPs: what each domain's SPF says of them, their reverse DNS and listings */
  ips?: readonly string[];
  blocklists?: readonly Blocklist[];
}

async function checkMx(dns: DnsResolver, domain: string, problems: DnsProblem[]): Promise<MxCheck[]> {
  const mx = await dns.mx(domain);
  if (mx.kind === 'nxdomain') {
    problems.push({ code: 'domain.nxdomain', message: `${domain} does not exist in DNS` });
    return [];
  }
  if (mx.kind === 'nodata') {
    problems.push({
      code: 'mx.missing',
      message: `${domain} has no MX record: mail to it goes to its A record, if any`,
    });
    return [];
  }
  if (mx.kind === 'error') return [];
  const out: MxCheck[] = [];
  for (const r of [...mx.records].sort((a, b) => a.priority - b.priority || a.exchange.localeCompare(b.exchange))) {
    if (r.exchange === '' || r.exchange === '.') {
      problems.push({ code: 'mx.null', message: `${domain} publishes a null MX (RFC 7505): it accepts no mail` });
      continue;
    }
    const addresses = await addressesOf(dns, r.exchange);
    if (addresses.kind !== 'ok' && addresses.kind !== 'error')
      problems.push({ code: 'mx.no-address', message: `${domain}'s MX ${r.exchange} has no A or AAAA record` });
    out.push({
      exchange: r.exchange,
      priority: r.priority,
      addresses: addresses.kind === 'ok' ? addresses.records : [],
    });
  }
  return out;
}

/** Microsoft 365's two selectors both without a key: one problem, with where DKIM is turned on. */
function dkimProblems(domain: string, dkim: DkimCheck[]): DnsProblem[] {
  const isMicrosoft = (d: DkimCheck) => (MICROSOFT_SELECTORS as readonly string[]).includes(d.selector);
  const microsoft = dkim.filter(isMicrosoft);
  const others = dkim.filter((d) => !isMicrosoft(d));
  const out: DnsProblem[] = [];
  if (microsoft.every((d) => d.status === 'none') && !others.some((d) => d.status === 'pass'))
    out.push({
      code: 'dkim.missing',
      message:
        `${domain} publishes no DKIM key at selector1 or selector2: Microsoft 365 does not sign its mail with it ` +
        '(Defender portal > Email authentication settings > DKIM: create the two CNAMEs, then enable signing)',
    });
  // a Microsoft selector without a key is said once above, not per selector
  for (const d of dkim) out.push(...d.problems.filter((p) => p.code !== 'dkim.missing' || !isMicrosoft(d)));
  return out;
}

export async function checkDomain(dns: DnsResolver, domain: string, options: CheckOptions = {}): Promise<DomainCheck> {
  const name = domain.toLowerCase().replace(/\.$/, '');
  const mxProblems: DnsProblem[] = [];
  const [spf, dmarc, dkim, mx] = await Promise.all([
    checkSpf(dns, name),
    checkDmarc(dns, name),
    checkDkim(dns, name, [...(options.selectors ?? []), ...(options.selectorsOf?.(name) ?? [])]),
    checkMx(dns, name, mxProblems),
  ]);
  if (options.ips?.length && spf.status !== 'none')
    spf.ips = await Promise.all(options.ips.map(async (ip) => ({ ip, result: await evaluateSpf(dns, ip, name) })));
  for (const r of spf.ips ?? [])
    if (r.result === 'fail' || r.result === 'softfail')
      spf.problems.push({
        code: 'spf.ip-not-authorized',
        message: `${name}'s SPF does not authorize ${r.ip} (${r.result})`,
      });
  return {
    domain: name,
    spf,
    dmarc,
    dkim,
    mx,
    problems: [...mxProblems, ...spf.problems, ...dmarc.problems, ...dkimProblems(name, dkim)],
  };
}

export const NOT_CHECKED =
  'not checked: no DNS server answered (offline, or the resolver timed out); the findings are empty, not clean.';

/** No query of the run was answered by any server. */
export function unreachable(dns: DnsResolver): boolean {
  return dns.queries > 0 && dns.unanswered === dns.queries;
}

export async function checkDomains(
  dns: DnsResolver,
  domains: readonly string[],
  options: CheckOptions = {},
): Promise<CheckDomainResult> {
  const checked = await Promise.all(domains.map((d) => checkDomain(dns, d, options)));
  const ips = options.ips?.length
    ? await Promise.all(options.ips.map((ip) => checkIp(dns, ip, options.blocklists ?? DEFAULT_BLOCKLISTS)))
    : undefined;
  const result: CheckDomainResult = { domains: checked, ...(ips ? { ips } : {}) };
  if (unreachable(dns)) result.notChecked = NOT_CHECKED;
  return result;
}
