/**
 * A domain's DMARC policy (RFC 7489): the `_dmarc` record of the From domain, else of its
 * organizational domain (the public suffix list decides it, through tldts); one record only; its
 * tags; and each external report destination's authorization record
 * (`<domain>._report._dmarc.<destination>`, §7.1), without which receivers send no report there.
 */
import { getDomain } from 'tldts';
import type { DnsResolver } from './resolver.js';
import type { DmarcCheck, DnsProblem } from '../model/dns-checks.js';

const POLICIES = ['none', 'quarantine', 'reject'] as const;
type Policy = (typeof POLICIES)[number];

/** The organizational domain of a name (contoso.co.uk for mail.contoso.co.uk). */
export function organizationalDomain(domain: string): string {
  return getDomain(domain, { allowPrivateDomains: false }) ?? domain;
}

const isDmarc = (txt: string) => /^v\s*=\s*DMARC1\s*(;|$)/.test(txt);

function tagsOf(record: string, problems: DnsProblem[], at: string): Map<string, string> {
  const tags = new Map<string, string>();
  for (const part of record.split(';')) {
    if (part.trim() === '') continue;
    const m = /^\s*([a-z]+)\s*=\s*(.*?)\s*$/i.exec(part);
    if (!m) {
      problems.push({ code: 'dmarc.syntax', message: `${at}: "${part.trim()}" is not a tag=value pair` });
      continue;
    }
    const tag = m[1]!.toLowerCase();
    if (tags.has(tag)) problems.push({ code: 'dmarc.syntax', message: `${at}: the tag ${tag}= appears twice` });
    tags.set(tag, m[2]!);
  }
  return tags;
}

/** mailto: URIs of rua/ruf (an optional !size after each). */
function destinations(value: string | undefined, tag: string, problems: DnsProblem[], at: string): string[] {
  if (value === undefined || value === '') return [];
  const out: string[] = [];
  for (const uri of value.split(',').map((u) => u.trim())) {
    const m = /^mailto:([^!@\s]+@[^!\s]+)(![0-9]+[kmgt]?)?$/i.exec(uri);
    if (!m) problems.push({ code: 'dmarc.syntax', message: `${at}: ${tag}= has "${uri}", not a mailto: address` });
    else out.push(m[1]!.toLowerCase());
  }
  return out;
}

export async function checkDmarc(dns: DnsResolver, domain: string): Promise<DmarcCheck> {
  const name = domain.toLowerCase();
  const org = organizationalDomain(name);
  const base: DmarcCheck = { status: 'none', rua: [], ruf: [], problems: [] };
  let foundAt = name;
  let answer = await dns.txt(`_dmarc.${name}`);
  let records = answer.kind === 'ok' ? answer.records.filter(isDmarc) : [];
  if (answer.kind !== 'error' && records.length === 0 && org !== name) {
    foundAt = org;
    answer = await dns.txt(`_dmarc.${org}`);
    records = answer.kind === 'ok' ? answer.records.filter(isDmarc) : [];
  }
  if (answer.kind === 'error')
    return {
      ...base,
      status: 'temperror',
      problems: [{ code: 'dmarc.temperror', message: `DNS did not answer (${answer.reason})` }],
    };
  if (records.length === 0) {
    const where = org !== name ? `_dmarc.${name} nor _dmarc.${org}` : `_dmarc.${name}`;
    return {
      ...base,
      problems: [
        { code: 'dmarc.missing', message: `no DMARC record at ${where}: receivers apply no policy of ${name}'s` },
      ],
    };
  }
  const at = `_dmarc.${foundAt}`;
  if (records.length > 1)
    return {
      ...base,
      foundAt,
      status: 'permerror',
      problems: [
        { code: 'dmarc.multiple-records', message: `${at} has ${records.length} DMARC records; receivers use none` },
      ],
    };
  const record = records[0]!;
  const problems: DnsProblem[] = [];
  const tags = tagsOf(record, problems, at);
  const out: DmarcCheck = { ...base, record, foundAt, status: 'pass', problems };
  const p = tags.get('p')?.toLowerCase();
  if (p === undefined) problems.push({ code: 'dmarc.syntax', message: `${at} has no p= (policy) tag` });
  else if (!(POLICIES as readonly string[]).includes(p))
    problems.push({ code: 'dmarc.syntax', message: `${at}: p=${p} is not none, quarantine or reject` });
  else out.policy = p as Policy;
  const sp = tags.get('sp')?.toLowerCase();
  if (sp !== undefined) {
    if ((POLICIES as readonly string[]).includes(sp)) out.subdomainPolicy = sp as Policy;
    else problems.push({ code: 'dmarc.syntax', message: `${at}: sp=${sp} is not none, quarantine or reject` });
  }
  const pct = tags.get('pct');
  if (pct !== undefined) {
    if (/^\d{1,3}$/.test(pct) && Number(pct) <= 100) out.pct = Number(pct);
    else problems.push({ code: 'dmarc.syntax', message: `${at}: pct=${pct} is not 0 to 100` });
  }
  for (const tag of ['adkim', 'aspf'] as const) {
    const v = tags.get(tag)?.toLowerCase();
    if (v === undefined) continue;
    if (v === 'r' || v === 's') out[tag] = v;
    else problems.push({ code: 'dmarc.syntax', message: `${at}: ${tag}=${v} is not r or s` });
  }
  out.rua = destinations(tags.get('rua'), 'rua', problems, at);
  out.ruf = destinations(tags.get('ruf'), 'ruf', problems, at);
  if (problems.some((x) => x.code === 'dmarc.syntax')) out.status = 'permerror';
  if (out.policy === 'none')
    problems.push({
      code: 'dmarc.policy-none',
      message: `${foundAt}'s DMARC policy is p=none: it monitors, and protects nothing`,
    });
  if (out.pct !== undefined && out.pct < 100)
    problems.push({ code: 'dmarc.pct', message: `${foundAt}'s policy applies to ${out.pct}% of failing mail only` });
  await checkExternal(dns, foundAt, [...new Set([...out.rua, ...out.ruf])], problems);
  return out;
}

/** Report destinations outside the domain's organization must authorize it (§7.1). */
async function checkExternal(
  dns: DnsResolver,
  domain: string,
  addresses: string[],
  problems: DnsProblem[],
): Promise<void> {
  const own = organizationalDomain(domain);
  for (const address of addresses) {
    const destination = address.slice(address.lastIndexOf('@') + 1);
    if (organizationalDomain(destination) === own) continue;
    const name = `${domain}._report._dmarc.${destination}`;
    const answer = await dns.txt(name);
    if (answer.kind === 'error') continue;
    if (answer.kind !== 'ok' || !answer.records.some(isDmarc))
      problems.push({
        code: 'dmarc.external-unauthorized',
        message: `reports go to ${address}, but ${destination} does not accept them for ${domain} (no ${name} record): they are dropped`,
      });
  }
}
