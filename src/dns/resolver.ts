/**
 * The DNS edge: Node's own resolver (c-ares: UDP, then TCP when an answer is truncated), pointed
 * at --dns-server or the system's servers, with a timeout and retries per query, one cache per run
 * (a domain's SPF tree asks the same names more than once) and a bound on queries in flight.
 * Answers are data, never exceptions: a check decides what NXDOMAIN, no data, SERVFAIL or a
 * timeout means for it (RFC 7208 counts the first two as void lookups, the last two as temperror).
 */
import { Resolver } from 'node:dns/promises';
import { isIP } from 'node:net';

export type DnsType = 'TXT' | 'MX' | 'A' | 'AAAA' | 'CNAME' | 'PTR';

export type DnsAnswer<T> =
  | { kind: 'ok'; records: T[] }
  /** the name does not exist */
  | { kind: 'nxdomain' }
  /** the name exists, without records of this type */
  | { kind: 'nodata' }
  /** the server could not answer (SERVFAIL, REFUSED), or none answered in time */
  | { kind: 'error'; reason: 'servfail' | 'refused' | 'timeout' | 'unreachable' | 'other'; message: string };

export interface MxRecord {
  exchange: string;
  priority: number;
}

export interface DnsResolver {
  /** TXT records, each one string (its character-strings joined, as RFC 7208 §3.3 reads them) */
  txt(name: string): Promise<DnsAnswer<string>>;
  mx(name: string): Promise<DnsAnswer<MxRecord>>;
  a(name: string): Promise<DnsAnswer<string>>;
  aaaa(name: string): Promise<DnsAnswer<string>>;
  cname(name: string): Promise<DnsAnswer<string>>;
  /** the names of an IP address (its in-addr.arpa or ip6.arpa PTR records) */
  ptr(ip: string): Promise<DnsAnswer<string>>;
  /** queries sent to a server so far (answers from the cache not counted) */
  readonly queries: number;
  /** of those, the ones no server answered (timeout, unreachable): all of them means DNS was not there */
  readonly unanswered: number;
}

export interface ResolverOptions {
  /** HOST or HOST:PORT ([v6]:PORT); undefined: the system's servers */
  server?: string;
  /** per attempt (default 2000) */
  timeoutMs?: number;
  /** attempts per query (default 2) */
  tries?: number;
  /** queries in flight at most (default 8) */
  concurrency?: number;
}

function answerOfError(e: unknown): DnsAnswer<never> {
  const code = (e as NodeJS.ErrnoException).code ?? '';
  const message = (e as Error).message;
  switch (code) {
    case 'ENOTFOUND':
      return { kind: 'nxdomain' };
    case 'ENODATA':
      return { kind: 'nodata' };
    case 'ESERVFAIL':
      return { kind: 'error', reason: 'servfail', message };
    case 'EREFUSED':
      return { kind: 'error', reason: 'refused', message };
    case 'ETIMEOUT':
      return { kind: 'error', reason: 'timeout', message };
    case 'ECONNREFUSED':
      return { kind: 'error', reason: 'unreachable', message };
    default:
      return { kind: 'error', reason: 'other', message };
  }
}

/** A slot for one query at a time among `limit`. */
function semaphore(limit: number): <T>(work: () => Promise<T>) => Promise<T> {
  let active = 0;
  const waiting: Array<() => void> = [];
  return async (work) => {
    if (active >= limit) await new Promise<void>((r) => waiting.push(r));
    active++;
    try {
      return await work();
    } finally {
      active--;
      waiting.shift()?.();
    }
  };
}

export function createDnsResolver(options: ResolverOptions = {}): DnsResolver {
  const resolver = new Resolver({ timeout: options.timeoutMs ?? 2000, tries: options.tries ?? 2 });
  if (options.server) resolver.setServers([options.server]);
  const slot = semaphore(options.concurrency ?? 8);
  const cache = new Map<string, Promise<DnsAnswer<unknown>>>();
  let queries = 0;
  let unanswered = 0;
  function ask<T>(type: DnsType, name: string, query: () => Promise<T[]>): Promise<DnsAnswer<T>> {
    const key = `${type} ${name.toLowerCase()}`;
    let answer = cache.get(key) as Promise<DnsAnswer<T>> | undefined;
    if (!answer) {
      answer = slot(async () => {
        queries++;
        try {
          const records = await query();
          return records.length === 0 ? { kind: 'nodata' as const } : { kind: 'ok' as const, records };
        } catch (e) {
          const answer = answerOfError(e);
          if (answer.kind === 'error' && (answer.reason === 'timeout' || answer.reason === 'unreachable')) unanswered++;
          return answer;
        }
      });
      cache.set(key, answer);
    }
    return answer;
  }
  return {
    txt: (name) => ask('TXT', name, async () => (await resolver.resolveTxt(name)).map((chunks) => chunks.join(''))),
    mx: (name) => ask('MX', name, () => resolver.resolveMx(name)),
    a: (name) => ask('A', name, () => resolver.resolve4(name)),
    aaaa: (name) => ask('AAAA', name, () => resolver.resolve6(name)),
    cname: (name) => ask('CNAME', name, () => resolver.resolveCname(name)),
    // resolvePtr on the arpa name, not reverse(): reverse() says ENOTFOUND when no server answers
    ptr: (ip) => ask('PTR', ip, () => resolver.resolvePtr(arpaName(ip) ?? ip)),
    get queries() {
      return queries;
    },
    get unanswered() {
      return unanswered;
    },
  };
}

/** --dns-server as Node's resolver takes it: HOST, HOST:PORT, [V6] or [V6]:PORT; undefined when not one. */
export function dnsServerOption(value: string): string | undefined {
  const v6 = /^\[([0-9a-f:.]+)\](?::(\d{1,5}))?$/i.exec(value);
  if (v6) return v6[2] ? `[${v6[1]}]:${v6[2]}` : v6[1];
  const v4 = /^([a-z0-9.-]+)(?::(\d{1,5}))?$/i.exec(value);
  if (!v4 || (v4[2] !== undefined && !(Number(v4[2]) >= 1 && Number(v4[2]) <= 65535))) return undefined;
  return value;
}

/**
 * An IP's reverse name under `zone`: octets reversed for IPv4 (in-addr.arpa, or a blocklist zone),
 * nibbles reversed for IPv6 (ip6.arpa); undefined when it is not an IP.
 */
export function arpaName(ip: string, zone?: string): string | undefined {
  if (isIP(ip) === 4) return `${ip.split('.').reverse().join('.')}.${zone ?? 'in-addr.arpa'}`;
  if (isIP(ip) !== 6) return undefined;
  const [head = '', tail = ''] = ip.split('::');
  const groups = (s: string) => (s === '' ? [] : s.split(':'));
  const h = groups(head);
  const t = groups(tail);
  const full = [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t];
  const nibbles = full.map((g) => g.padStart(4, '0')).join('');
  return `${[...nibbles].reverse().join('.')}.${zone ?? 'ip6.arpa'}`;
}
