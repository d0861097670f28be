/**
 * An SPF record read as RFC 7208 §4.6 and §12 write it: terms separated by spaces, each a
 * directive (`[+-~?]mechanism[:domain-spec][/cidr]`) or a modifier (`name=value`). Pure: the
 * record in, its terms or its syntax errors out.
 */

export type Qualifier = '+' | '-' | '~' | '?';
export type MechanismName = 'all' | 'include' | 'a' | 'mx' | 'ptr' | 'ip4' | 'ip6' | 'exists';

export interface Mechanism {
  kind: 'mechanism';
  qualifier: Qualifier;
  name: MechanismName;
  /** the domain-spec (include, a, mx, ptr, exists) or the address (ip4, ip6), as written */
  value?: string;
  /** prefix lengths of a, mx, ip4 (v4) and ip6 (v6) */
  cidr4?: number;
  cidr6?: number;
  /** the term as written */
  text: string;
}

export interface Modifier {
  kind: 'modifier';
  name: string;
  value: string;
  text: string;
}

export type SpfTerm = Mechanism | Modifier;

export interface ParsedSpf {
  terms: SpfTerm[];
  /** what is wrong with its syntax (each makes the record a permerror) */
  errors: string[];
}

/** Mechanisms that query DNS (and count against the limit of 10, §4.6.4), with the redirect modifier. */
export const LOOKUP_MECHANISMS: ReadonlySet<string> = new Set(['include', 'a', 'mx', 'ptr', 'exists']);

/** `v=spf1`, then a space or the end (§4.5): a TXT record that is an SPF record. */
export function isSpfRecord(txt: string): boolean {
  return /^v=spf1( |$)/i.test(txt);
}

const MACRO = /%(\{[slodiphcrtv]\d*r?[-.+,/_=]*\}|%|_|-)/gi;

/** A domain-spec (§7.1): macros allowed, and a last label that is a top label unless it ends in a macro. */
function domainSpecError(spec: string): string | undefined {
  if (spec === '') return 'is empty';
  const withoutMacros = spec.replace(MACRO, 'x');
  if (/%/.test(withoutMacros)) return 'has a broken macro (%)';
  if (!/^[\x21-\x7e]+$/.test(spec)) return 'has a space or a character outside ASCII';
  if (!/%\{[^}]*\}$/.test(spec) && !/\.[a-z0-9-]*[a-z][a-z0-9-]*\.?$/i.test(spec))
    return 'does not end in a top-level label';
  return undefined;
}

function ip4Error(value: string): string | undefined {
  const parts = value.split('.');
  return parts.length === 4 && parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255)
    ? undefined
    : 'is not an IPv4 address';
}

function ip6Error(value: string): string | undefined {
  return /^[0-9a-f:.]+$/i.test(value) && value.includes(':') && (value.match(/::/g) ?? []).length <= 1
    ? undefined
    : 'is not an IPv6 address';
}

/** A directive's value and cidr suffixes ("a:example.com/24//64"). */
function splitCidr(rest: string): { value: string; cidr4?: number; cidr6?: number; error?: string } {
  const m = /^(.*?)(?:\/(\d{1,3}))?(?:\/\/(\d{1,3}))?$/.exec(rest)!;
  const out: { value: string; cidr4?: number; cidr6?: number; error?: string } = { value: m[1]! };
  if (m[2] !== undefined) {
    out.cidr4 = Number(m[2]);
    if (out.cidr4 > 32) out.error = `has an IPv4 prefix length of ${out.cidr4} (at most 32)`;
  }
  if (m[3] !== undefined) {
    out.cidr6 = Number(m[3]);
    if (out.cidr6 > 128) out.error = `has an IPv6 prefix length of ${out.cidr6} (at most 128)`;
  }
  return out;
}

function mechanismOf(text: string, errors: string[]): Mechanism | undefined {
  const qualifier = (/^[+\-~?]/.test(text) ? text[0] : '+') as Qualifier;
  const body = /^[+\-~?]/.test(text) ? text.slice(1) : text;
  const m = /^([a-z0-9]+)(.*)$/i.exec(body);
  const name = m?.[1]?.toLowerCase() ?? '';
  const rest = m?.[2] ?? '';
  const bad = (why: string) => {
    errors.push(`"${text}" ${why}`);
    return undefined;
  };
  switch (name) {
    case 'all':
      return rest === '' ? { kind: 'mechanism', qualifier, name, text } : bad('has something after "all"');
    case 'include':
    case 'exists': {
      if (!rest.startsWith(':')) return bad(`needs a domain (${name}:example.com)`);
      const why = domainSpecError(rest.slice(1));
      return why
        ? bad(`names a domain that ${why}`)
        : { kind: 'mechanism', qualifier, name, value: rest.slice(1), text };
    }
    case 'a':
    case 'mx':
    case 'ptr': {
      if (rest !== '' && !rest.startsWith(':') && !rest.startsWith('/')) return bad('is not a known mechanism');
      const { value, cidr4, cidr6, error } = splitCidr(rest.startsWith(':') ? rest.slice(1) : rest);
      if (error) return bad(error);
      if (name === 'ptr' && (cidr4 !== undefined || cidr6 !== undefined)) return bad('takes no prefix length');
      if (rest.startsWith(':')) {
        const why = domainSpecError(value);
        if (why) return bad(`names a domain that ${why}`);
      }
      const out: Mechanism = { kind: 'mechanism', qualifier, name, text };
      if (rest.startsWith(':')) out.value = value;
      if (cidr4 !== undefined) out.cidr4 = cidr4;
      if (cidr6 !== undefined) out.cidr6 = cidr6;
      return out;
    }
    case 'ip4':
    case 'ip6': {
      if (!rest.startsWith(':')) return bad(`needs an address (${name}:…)`);
      const slash = rest.indexOf('/');
      const value = slash < 0 ? rest.slice(1) : rest.slice(1, slash);
      const prefix = slash < 0 ? undefined : rest.slice(slash + 1);
      const why = name === 'ip4' ? ip4Error(value) : ip6Error(value);
      if (why) return bad(why);
      const max = name === 'ip4' ? 32 : 128;
      if (prefix !== undefined && !(/^\d{1,3}$/.test(prefix) && Number(prefix) <= max))
        return bad(`has a prefix length that is not 0 to ${max}`);
      const out: Mechanism = { kind: 'mechanism', qualifier, name, value, text };
      if (prefix !== undefined) out[name === 'ip4' ? 'cidr4' : 'cidr6'] = Number(prefix);
      return out;
    }
    default:
      return bad(/^ipv?[46]/i.test(name) ? 'is not a mechanism (ip4: or ip6:)' : 'is not a known mechanism');
  }
}

export function parseSpf(record: string): ParsedSpf {
  const errors: string[] = [];
  const terms: SpfTerm[] = [];
  const words = record
    .trim()
    .split(/[ \t]+/)
    .slice(1);
  const seen = new Set<string>();
  for (const text of words) {
    const modifier = /^([a-z][a-z0-9_.-]*)=(.*)$/i.exec(text);
    if (modifier) {
      const name = modifier[1]!.toLowerCase();
      const value = modifier[2]!;
      if ((name === 'redirect' || name === 'exp') && seen.has(name)) errors.push(`"${name}=" appears twice`);
      seen.add(name);
      if (name === 'redirect' || name === 'exp') {
        const why = domainSpecError(value);
        if (why) errors.push(`"${text}" names a domain that ${why}`);
      }
      terms.push({ kind: 'modifier', name, value, text });
      continue;
    }
    const m = mechanismOf(text, errors);
    if (m) terms.push(m);
  }
  if (/\t/.test(record)) errors.push('terms are separated by spaces, not tabs');
  return { terms, errors };
}

/** Whether a domain-spec has macros (then only an evaluation with a sender can expand it). */
export function hasMacro(spec: string): boolean {
  return /%\{/.test(spec);
}
