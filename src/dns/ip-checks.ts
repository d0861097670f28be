/**
 * A sending IP as receivers see it: its reverse DNS, whether a PTR name leads back to it
 * (forward-confirmed reverse DNS: Outlook.com, Gmail and others refuse mail from IPs without
 * one), and the DNS blocklists that list it, their answer decoded (127.0.0.x says why; 127.255.255.x
 * is the list refusing the query, not a listing).
 */
import { addressesOf } from './spf-check.js';
import { arpaName, type DnsResolver } from './resolver.js';
import type { DnsProblem, IpCheck } from '../model/dns-checks.js';

export interface Blocklist {
  zone: string;
  /** what each answer means; an answer not here is "listed" */
  codes?: Readonly<Record<string, string>>;
  delisting?: string;
}

export const DEFAULT_BLOCKLISTS: readonly Blocklist[] = [
  {
    zone: 'zen.spamhaus.org',
    codes: {
      '127.0.0.2': 'SBL: a spam source or spam operation',
      '127.0.0.3': 'SBL CSS: snowshoe spam',
      '127.0.0.4': 'XBL: a compromised or infected host',
      '127.0.0.5': 'XBL: a compromised or infected host',
      '127.0.0.6': 'XBL: a compromised or infected host',
      '127.0.0.7': 'XBL: a compromised or infected host',
      '127.0.0.9': 'DROP: a hijacked or criminal network',
      '127.0.0.10': 'PBL: an end-user address that should not send mail directly (ISP)',
      '127.0.0.11': 'PBL: an end-user address that should not send mail directly (Spamhaus)',
      '127.255.255.252': 'the query was malformed',
      '127.255.255.254': 'the query came through a public resolver: Spamhaus refuses those',
      '127.255.255.255': 'the query limit was exceeded',
    },
    delisting: 'https://check.spamhaus.org/',
  },
  {
    zone: 'bl.spamcop.net',
    codes: { '127.0.0.2': 'reported as a spam source' },
    delisting: 'https://www.spamcop.net/bl.shtml',
  },
  {
    zone: 'b.barracudacentral.org',
    codes: { '127.0.0.2': 'poor reputation' },
    delisting: 'https://www.barracudacentral.org/rbl/removal-request',
  },
];

export async function checkIp(
  dns: DnsResolver,
  ip: string,
  lists: readonly Blocklist[] = DEFAULT_BLOCKLISTS,
): Promise<IpCheck> {
  const problems: DnsProblem[] = [];
  const ptr = await dns.ptr(ip);
  const names = ptr.kind === 'ok' ? ptr.records : [];
  let forwardConfirmed = false;
  for (const name of names) {
    const back = await addressesOf(dns, name);
    if (back.kind === 'ok' && back.records.includes(ip)) forwardConfirmed = true;
  }
  if (ptr.kind === 'error') problems.push({ code: 'ip.temperror', message: `${ip}: reverse DNS did not answer` });
  else if (names.length === 0)
    problems.push({ code: 'ip.no-ptr', message: `${ip} has no reverse DNS (PTR): many receivers refuse mail from it` });
  else if (!forwardConfirmed)
    problems.push({
      code: 'ip.ptr-not-confirmed',
      message: `${ip}'s reverse DNS (${names.join(', ')}) does not lead back to it: the PTR name's A record must name the IP`,
    });
  const listings: IpCheck['listings'] = [];
  for (const list of lists) {
    const name = arpaName(ip, list.zone);
    if (!name) continue;
    const answer = await dns.a(name);
    if (answer.kind !== 'ok') continue;
    const refused = answer.records.filter((c) => c.startsWith('127.255.255.'));
    if (refused.length > 0) {
      problems.push({
        code: 'ip.blocklist-refused',
        message: `${list.zone} did not answer for ${ip}: ${list.codes?.[refused[0]!] ?? refused[0]} (not a listing)`,
      });
      continue;
    }
    const meaning = answer.records.map((c) => list.codes?.[c] ?? 'listed').join('; ');
    listings.push({
      zone: list.zone,
      codes: answer.records,
      meaning,
      ...(list.delisting ? { delisting: list.delisting } : {}),
    });
    problems.push({
      code: 'ip.listed',
      message: `${ip} is on ${list.zone} (${answer.records.join(', ')}: ${meaning})${list.delisting ? `; delisting: ${list.delisting}` : ''}`,
    });
  }
  return { ip, names, forwardConfirmed, listings, problems };
}
