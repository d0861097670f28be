/**
 * check_host() of RFC 7208 §4 for one IP: is this server allowed to send as the domain? Terms in
 * order until one matches; include and redirect recurse; the limit of 10 lookups holds. Terms with
 * macros need the message's sender to expand and are taken as not matching; ptr (deprecated) too.
 */
import { BlockList, isIP } from 'node:net';
import type { DnsResolver } from './resolver.js';
import { addressesOf, MAX_LOOKUPS, spfRecordOf } from './spf-check.js';
import { hasMacro, parseSpf, type Mechanism, type Qualifier } from './spf-record.js';
import type { SpfResult } from '../model/dns-checks.js';

const RESULT: Readonly<Record<Qualifier, SpfResult>> = { '+': 'pass', '-': 'fail', '~': 'softfail', '?': 'neutral' };

class LimitExceeded extends Error {}
class TempError extends Error {}

interface Evaluation {
  dns: DnsResolver;
  ip: string;
  family: 'ipv4' | 'ipv6';
  lookups: number;
}

function inNetwork(ip: string, family: 'ipv4' | 'ipv6', network: string, prefix: number | undefined): boolean {
  const netFamily = isIP(network) === 4 ? 'ipv4' : isIP(network) === 6 ? 'ipv6' : undefined;
  if (netFamily !== family) return false;
  const list = new BlockList();
  list.addSubnet(network, prefix ?? (family === 'ipv4' ? 32 : 128), family);
  return list.check(ip, family);
}

function count(e: Evaluation): void {
  if (++e.lookups > MAX_LOOKUPS) throw new LimitExceeded();
}

async function hostMatches(e: Evaluation, name: string, m: Mechanism): Promise<boolean> {
  const addresses = await addressesOf(e.dns, name);
  if (addresses.kind === 'error') throw new TempError();
  if (addresses.kind !== 'ok') return false;
  return addresses.records.some((a) => inNetwork(e.ip, e.family, a, e.family === 'ipv4' ? m.cidr4 : m.cidr6));
}

async function matches(e: Evaluation, domain: string, m: Mechanism, chain: readonly string[]): Promise<boolean> {
  switch (m.name) {
    case 'all':
      return true;
    case 'ip4':
    case 'ip6':
      return inNetwork(e.ip, e.family, m.value!, m.name === 'ip4' ? m.cidr4 : m.cidr6);
    case 'a':
      count(e);
      return m.value && hasMacro(m.value) ? false : hostMatches(e, m.value ?? domain, m);
    case 'mx': {
      count(e);
      if (m.value && hasMacro(m.value)) return false;
      const mx = await e.dns.mx(m.value ?? domain);
      if (mx.kind === 'error') throw new TempError();
      if (mx.kind !== 'ok') return false;
      for (const r of mx.records.slice(0, 10)) if (await hostMatches(e, r.exchange, m)) return true;
      return false;
    }
    case 'include': {
      count(e);
      if (hasMacro(m.value!)) return false;
      const r = await hostResult(e, m.value!, chain);
      if (r === 'pass') return true;
      if (r === 'temperror') throw new TempError();
      if (r === 'permerror' || r === 'none') throw new LimitExceeded(); // §5.2: include of none is a permerror
      return false;
    }
    case 'exists': {
      count(e);
      if (hasMacro(m.value!)) return false;
      const a = await e.dns.a(m.value!);
      if (a.kind === 'error') throw new TempError();
      return a.kind === 'ok';
    }
    case 'ptr':
      count(e);
      return false;
  }
}

async function hostResult(e: Evaluation, domain: string, chain: readonly string[]): Promise<SpfResult> {
  const name = domain.toLowerCase();
  if (chain.includes(name)) return 'permerror';
  const found = await spfRecordOf(e.dns, name);
  if (found.kind === 'temperror') return 'temperror';
  if (found.kind === 'none') return 'none';
  if (found.kind === 'multiple') return 'permerror';
  const parsed = parseSpf(found.record);
  if (parsed.errors.length > 0) return 'permerror';
  for (const t of parsed.terms)
    if (t.kind === 'mechanism' && (await matches(e, name, t, [...chain, name]))) return RESULT[t.qualifier];
  const hasAll = parsed.terms.some((t) => t.kind === 'mechanism' && t.name === 'all');
  const redirect = parsed.terms.find((t) => t.kind === 'modifier' && t.name === 'redirect');
  if (redirect && !hasAll && redirect.kind === 'modifier' && !hasMacro(redirect.value)) {
    count(e);
    const r = await hostResult(e, redirect.value, [...chain, name]);
    return r === 'none' ? 'permerror' : r;
  }
  return 'neutral';
}

/** What domain's SPF says of a server at `ip`. */
export async function evaluateSpf(dns: DnsResolver, ip: string, domain: string): Promise<SpfResult> {
  const family = isIP(ip) === 4 ? 'ipv4' : isIP(ip) === 6 ? 'ipv6' : undefined;
  if (!family) return 'permerror';
  const e: Evaluation = { dns, ip, family, lookups: 0 };
  try {
    return await hostResult(e, domain, []);
  } catch (err) {
    if (err instanceof LimitExceeded) return 'permerror';
    if (err instanceof TempError) return 'temperror';
    throw err;
  }
}
