/**
 * An SPF record checked as a receiver would evaluate it (RFC 7208): the record found (one, and
 * only one), its syntax, and the DNS-querying terms of its whole tree counted as §4.6.4 counts
 * them: include, a, mx, ptr, exists and redirect, one each, nested includes included, at most 10;
 * those that find nothing (NXDOMAIN or no answer) at most 2. The count is the whole tree's, what
 * an evaluation that matches no term spends (a sender the record does not authorize).
 */
import type { DnsAnswer, DnsResolver } from './resolver.js';
import { hasMacro, isSpfRecord, parseSpf, type Mechanism, type SpfTerm } from './spf-record.js';
import type { CheckStatus, DnsProblem, SpfCheck } from '../model/dns-checks.js';

export const MAX_LOOKUPS = 10;
export const MAX_VOID_LOOKUPS = 2;
/** §4.6.4: an mx mechanism may look up the addresses of at most 10 exchanges */
const MAX_MX_NAMES = 10;

/** The one SPF record of a domain, or why there is none that counts. */
export type SpfRecordLookup =
  | { kind: 'record'; record: string }
  | { kind: 'none'; void: boolean }
  | { kind: 'multiple'; records: string[] }
  | { kind: 'temperror'; message: string };

export async function spfRecordOf(dns: DnsResolver, domain: string): Promise<SpfRecordLookup> {
  const answer = await dns.txt(domain);
  if (answer.kind === 'error') return { kind: 'temperror', message: `${domain}: ${answer.reason}` };
  if (answer.kind !== 'ok') return { kind: 'none', void: true };
  const records = answer.records.filter(isSpfRecord);
  if (records.length === 0) return { kind: 'none', void: false };
  if (records.length > 1) return { kind: 'multiple', records };
  return { kind: 'record', record: records[0]! };
}

interface Walk {
  dns: DnsResolver;
  lookups: number;
  voidLookups: number;
  problems: DnsProblem[];
  permerror: boolean;
  temperror: boolean;
  /** the top record's includes and redirect, each with what its subtree costs (itself counted) */
  includes: Array<{ domain: string; lookups: number }>;
}

const found = (a: DnsAnswer<unknown>) => a.kind === 'ok';
const isVoid = (a: DnsAnswer<unknown>) => a.kind === 'nxdomain' || a.kind === 'nodata';

function problem(w: Walk, code: string, message: string, fatal = true): void {
  if (!w.problems.some((p) => p.code === code && p.message === message)) w.problems.push({ code, message });
  if (fatal) w.permerror = true;
}

/** The lookups of one record's terms, its includes walked; returns what the record's tree costs. */
async function walkRecord(w: Walk, domain: string, record: string, chain: readonly string[]): Promise<number> {
  const before = w.lookups;
  const parsed = parseSpf(record);
  for (const e of parsed.errors) problem(w, 'spf.syntax', `${domain}: ${e}`);
  const hasAll = parsed.terms.some((t) => t.kind === 'mechanism' && t.name === 'all');
  for (const term of parsed.terms) await walkTerm(w, domain, term, hasAll, chain);
  return w.lookups - before;
}

async function walkTerm(w: Walk, domain: string, t: SpfTerm, hasAll: boolean, chain: readonly string[]): Promise<void> {
  if (t.kind === 'modifier') {
    // a redirect is followed only when the record has no "all" (§6.1)
    if (t.name === 'redirect' && !hasAll) await costed(w, domain, t.value, 'redirect', chain);
    return;
  }
  switch (t.name) {
    case 'all':
      if (t.qualifier === '+')
        problem(w, 'spf.plus-all', `${domain} ends with +all: every server on the internet may send as it`, false);
      if (t.qualifier === '?')
        problem(w, 'spf.neutral-all', `${domain} ends with ?all: the record says nothing about other servers`, false);
      return;
    case 'include':
      await costed(w, domain, t.value!, 'include', chain);
      return;
    case 'a':
      w.lookups++;
      await countVoid(w, t, () => addressesOf(w.dns, t.value ?? domain));
      return;
    case 'mx': {
      w.lookups++;
      const target = t.value ?? domain;
      if (hasMacro(target)) return;
      const mx = await w.dns.mx(target);
      if (mx.kind === 'error') w.temperror = true;
      else if (isVoid(mx)) w.voidLookups++;
      else if (mx.records.length > MAX_MX_NAMES)
        problem(w, 'spf.mx-too-many', `${domain}: "${t.text}" finds ${mx.records.length} MX names (at most 10)`);
      return;
    }
    case 'ptr':
      w.lookups++;
      problem(
        w,
        'spf.ptr',
        `${domain} uses "${t.text}": ptr is slow, unreliable and deprecated (RFC 7208 §5.5)`,
        false,
      );
      return;
    case 'exists':
      w.lookups++;
      await countVoid(w, t, () => w.dns.a(t.value!));
      return;
    default:
      return; // ip4, ip6: no DNS
  }
}

async function countVoid(w: Walk, t: Mechanism, query: () => Promise<DnsAnswer<unknown>>) {
  if (t.value !== undefined && hasMacro(t.value)) return; // expanded only with a sender
  const answer = await query();
  if (answer.kind === 'error') w.temperror = true;
  else if (isVoid(answer)) w.voidLookups++;
}

/** A and AAAA of a name as one answer: found when either has records. */
export async function addressesOf(dns: DnsResolver, name: string): Promise<DnsAnswer<string>> {
  const [a, aaaa] = await Promise.all([dns.a(name), dns.aaaa(name)]);
  if (found(a) || found(aaaa))
    return {
      kind: 'ok',
      records: [...(a.kind === 'ok' ? a.records : []), ...(aaaa.kind === 'ok' ? aaaa.records : [])],
    };
  if (a.kind === 'error') return a;
  if (aaaa.kind === 'error') return aaaa;
  return a.kind === 'nxdomain' ? a : { kind: 'nodata' };
}

async function walkInclude(
  w: Walk,
  from: string,
  target: string,
  how: 'include' | 'redirect',
  chain: readonly string[],
): Promise<void> {
  if (hasMacro(target)) return;
  const name = target.toLowerCase().replace(/\.$/, '');
  if (chain.includes(name)) {
    problem(w, 'spf.loop', `${from} ${how}s ${name}, which leads back to itself (${[...chain, name].join(' → ')})`);
    return;
  }
  const found = await spfRecordOf(w.dns, name);
  if (found.kind === 'temperror') {
    w.temperror = true;
    return;
  }
  if (found.kind === 'none') {
    if (found.void) w.voidLookups++;
    problem(w, 'spf.include-missing', `${from} ${how}s ${name}, which has no SPF record`);
    return;
  }
  if (found.kind === 'multiple') {
    problem(w, 'spf.multiple-records', `${name} (${how}d by ${from}) has ${found.records.length} SPF records`);
    return;
  }
  await walkRecord(w, name, found.record, [...chain, name]);
}

/** An include or redirect counted and walked; at the top record, what its subtree costs is kept. */
async function costed(
  w: Walk,
  from: string,
  target: string,
  how: 'include' | 'redirect',
  chain: readonly string[],
): Promise<void> {
  const before = w.lookups++;
  await walkInclude(w, from, target, how, chain);
  if (chain.length === 1 && !hasMacro(target))
    w.includes.push({ domain: target.toLowerCase(), lookups: w.lookups - before });
}

export async function checkSpf(dns: DnsResolver, domain: string): Promise<SpfCheck> {
  const name = domain.toLowerCase();
  const found = await spfRecordOf(dns, name);
  const base = { lookups: 0, voidLookups: 0, includes: [] };
  if (found.kind === 'temperror')
    return {
      ...base,
      status: 'temperror',
      problems: [{ code: 'spf.temperror', message: `DNS did not answer (${found.message})` }],
    };
  if (found.kind === 'none')
    return { ...base, status: 'none', problems: [{ code: 'spf.missing', message: `${name} publishes no SPF record` }] };
  if (found.kind === 'multiple')
    return {
      ...base,
      status: 'permerror',
      problems: [
        {
          code: 'spf.multiple-records',
          message: `${name} publishes ${found.records.length} SPF records; receivers take none (permerror): merge them into one`,
        },
      ],
    };
  const w: Walk = { dns, lookups: 0, voidLookups: 0, problems: [], permerror: false, temperror: false, includes: [] };
  await walkRecord(w, name, found.record, [name]);
  const includes = w.includes.sort((a, b) => b.lookups - a.lookups || a.domain.localeCompare(b.domain));
  if (w.lookups > MAX_LOOKUPS) {
    const dearest = includes[0];
    problem(
      w,
      'spf.too-many-lookups',
      `${name}'s SPF needs ${w.lookups} DNS lookups (limit 10)` +
        (dearest ? `: include:${dearest.domain} costs ${dearest.lookups}` : ''),
    );
  }
  if (w.voidLookups > MAX_VOID_LOOKUPS)
    problem(w, 'spf.void-lookups', `${name}'s SPF has ${w.voidLookups} lookups that find nothing (limit 2)`);
  const parsed = parseSpf(found.record);
  const ends = parsed.terms.some(
    (t) => (t.kind === 'mechanism' && t.name === 'all') || (t.kind === 'modifier' && t.name === 'redirect'),
  );
  if (!ends && parsed.errors.length === 0)
    problem(w, 'spf.no-all', `${name}'s SPF has no "all" at its end: servers it does not list get neutral`, false);
  const status: CheckStatus = w.permerror ? 'permerror' : w.temperror ? 'temperror' : 'pass';
  if (w.temperror && !w.permerror)
    w.problems.push({
      code: 'spf.temperror',
      message: 'DNS did not answer every lookup of the tree: the count may be short',
    });
  return {
    record: found.record,
    status,
    lookups: w.lookups,
    voidLookups: w.voidLookups,
    problems: w.problems,
    includes,
  };
}
