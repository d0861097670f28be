/**
 * DKIM keys published for a domain: Microsoft 365's two selectors (`selector1._domainkey`,
 * `selector2._domainkey`, CNAMEs to the tenant's onmicrosoft.com keys once DKIM is enabled) and
 * any selector a failure's headers name. Each key read as RFC 6376 §3.6.1 writes it: an empty
 * p= is a revoked key; an RSA key's size read from its SubjectPublicKeyInfo.
 */
import { createPublicKey } from 'node:crypto';
import type { DnsResolver } from './resolver.js';
import type { DkimCheck, DnsProblem } from '../model/dns-checks.js';

export const MICROSOFT_SELECTORS = ['selector1', 'selector2'] as const;

function tagsOf(record: string): Map<string, string> {
  const tags = new Map<string, string>();
  for (const part of record.split(';')) {
    const m = /^\s*([a-z]+)\s*=\s*([\s\S]*?)\s*$/i.exec(part);
    if (m) tags.set(m[1]!.toLowerCase(), m[2]!.replace(/\s+/g, ''));
  }
  return tags;
}

/** The key's type and size, or why it cannot be read. */
function keyOf(type: string, p: string): { bits: number } | { error: string } {
  if (!/^[A-Za-z0-9+/]+=*$/.test(p)) return { error: 'p= is not base64' };
  const der = Buffer.from(p, 'base64');
  if (type === 'ed25519') return der.length === 32 ? { bits: 256 } : { error: 'an ed25519 key is 32 bytes' };
  try {
    const key = createPublicKey({ key: der, format: 'der', type: 'spki' });
    const bits = key.asymmetricKeyDetails?.modulusLength;
    return bits ? { bits } : { error: 'the key has no RSA modulus' };
  } catch {
    return { error: 'p= is not an RSA public key' };
  }
}

export async function checkSelector(dns: DnsResolver, domain: string, selector: string): Promise<DkimCheck> {
  const name = `${selector}._domainkey.${domain.toLowerCase()}`;
  const problems: DnsProblem[] = [];
  const cname = await dns.cname(name);
  const target = cname.kind === 'ok' ? cname.records[0] : undefined;
  const answer = await dns.txt(name);
  const base = { selector, ...(target ? { target } : {}) };
  if (answer.kind === 'error')
    return {
      ...base,
      status: 'temperror',
      problems: [{ code: 'dkim.temperror', message: `${name}: DNS did not answer (${answer.reason})` }],
    };
  const records = answer.kind === 'ok' ? answer.records.filter((r) => /(^|;)\s*p\s*=/i.test(r)) : [];
  if (records.length === 0) {
    const why = target ? `${name} points to ${target}, which has no key` : `no key at ${name}`;
    return { ...base, status: 'none', problems: [{ code: 'dkim.missing', message: why }] };
  }
  const tags = tagsOf(records[0]!);
  const keyType = (tags.get('k') ?? 'rsa').toLowerCase();
  const p = tags.get('p') ?? '';
  if (p === '')
    return {
      ...base,
      status: 'revoked',
      keyType,
      problems: [
        { code: 'dkim.revoked', message: `the key at ${name} is revoked (p= is empty): mail signed with it fails` },
      ],
    };
  const key = keyOf(keyType, p);
  if ('error' in key)
    return {
      ...base,
      status: 'permerror',
      keyType,
      problems: [{ code: 'dkim.syntax', message: `${name}: ${key.error}` }],
    };
  if (keyType === 'rsa' && key.bits < 1024)
    problems.push({
      code: 'dkim.weak-key',
      message: `${name} is a ${key.bits}-bit RSA key: receivers reject keys under 1024 bits`,
    });
  else if (keyType === 'rsa' && key.bits < 2048)
    problems.push({ code: 'dkim.short-key', message: `${name} is a ${key.bits}-bit RSA key: rotate to 2048 bits` });
  return { ...base, status: 'pass', keyType, bits: key.bits, problems };
}

/** Microsoft 365's selectors and the ones given; missing Microsoft selectors are one problem, said once. */
export async function checkDkim(dns: DnsResolver, domain: string, extra: readonly string[] = []): Promise<DkimCheck[]> {
  const selectors = [...new Set([...MICROSOFT_SELECTORS, ...extra.map((s) => s.toLowerCase())])];
  return Promise.all(selectors.map((s) => checkSelector(dns, domain, s)));
}
