/** `exotrace check-domain DOMAIN... [--dns-server HOST[:PORT]] [--ip IP]... [--selector S]... [--format text|json]` */
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { checkDomains } from '../dns/check-domain.js';
import { DEFAULT_BLOCKLISTS, type Blocklist } from '../dns/ip-checks.js';
import { createDnsResolver, dnsServerOption } from '../dns/resolver.js';
import { domainChecksJson, domainChecksText } from '../render/domain-checks.js';
import { ExitCode } from './exit-codes.js';
import type { CliIo } from './io.js';
import type { Argv } from 'yargs';
import { singleValue, UsageError } from './options.js';
import { say } from './say.js';

export interface CheckDomainArgs {
  domains: string[];
  format: 'text' | 'json';
  dnsServer?: string;
  ips: string[];
  selectors: string[];
  /** blocklist zones instead of the default ones */
  blocklists: string[];
  timeoutMs?: number;
}

const DOMAIN = /^(?=.{1,253}\.?$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]\.?$/i;

/** --dns-server as an address Node's resolver takes; a host name is looked up once. */
export async function serverAddress(value: string): Promise<string> {
  const direct = dnsServerOption(value);
  if (direct === undefined) throw new UsageError(`--dns-server takes HOST or HOST:PORT, not ${JSON.stringify(value)}`);
  const m = /^([^:[\]]+)(?::(\d+))?$/.exec(direct);
  if (!m || isIP(m[1]!) !== 0) return direct;
  try {
    const { address, family } = await lookup(m[1]!);
    const host = family === 6 ? `[${address}]` : address;
    return m[2] ? `${host}:${m[2]}` : address;
  } catch {
    throw new UsageError(`--dns-server ${value}: the name ${m[1]} cannot be resolved; give its IP address`);
  }
}

export async function runCheckDomain(args: CheckDomainArgs, io: CliIo): Promise<number> {
  for (const d of args.domains)
    if (!DOMAIN.test(d)) throw new UsageError(`${JSON.stringify(d)} is not a domain name (for example contoso.com)`);
  for (const ip of args.ips)
    if (isIP(ip) === 0) throw new UsageError(`--ip takes an IPv4 or IPv6 address, not ${JSON.stringify(ip)}`);
  const dns = await verifyDnsResolver({
    ...(args.dnsServer !== undefined ? { server: args.dnsServer } : {}),
    ...(args.timeoutMs !== undefined ? { timeoutMs: args.timeoutMs } : {}),
  });
  const blocklists: Blocklist[] = args.blocklists.length
    ? args.blocklists.map((zone) => DEFAULT_BLOCKLISTS.find((b) => b.zone === zone) ?? { zone })
    : [...DEFAULT_BLOCKLISTS];
  const result = await checkDomains(dns, args.domains, { ips: args.ips, selectors: args.selectors, blocklists });
  await io.out(args.format === 'json' ? domainChecksJson(result) : domainChecksText(result));
  if (result.notChecked && args.format === 'json') say(io, result.notChecked);
  return ExitCode.ok;
}

/** --dns-server and --dns-timeout, for check-domain and --verify-dns. */
export function dnsOptions(y: Argv): Argv {
  return y
    .option('dns-server', {
      type: 'string',
      requiresArg: true,
      describe: "the DNS server to ask, HOST or HOST:PORT (default: the system's)",
    })
    .option('dns-timeout', {
      type: 'string',
      requiresArg: true,
      describe: 'seconds to wait for each DNS answer (default 2; each query is tried twice)',
    });
}

/** The resolver settings given: --dns-server and --dns-timeout, checked. */
export function dnsSettings(args: Record<string, unknown>): { server?: string; timeoutMs?: number } {
  const server = singleValue(args, 'dns-server');
  const timeout = singleValue(args, 'dns-timeout');
  const seconds = timeout === undefined ? undefined : Number(timeout);
  if (seconds !== undefined && !(/^\d+(\.\d+)?$/.test(timeout!) && seconds > 0 && seconds <= 60))
    throw new UsageError(`--dns-timeout takes seconds from 0.1 to 60, not ${JSON.stringify(timeout)}`);
  return {
    ...(server !== undefined ? { server } : {}),
    ...(seconds !== undefined ? { timeoutMs: Math.round(seconds * 1000) } : {}),
  };
}

/** --verify-dns with its resolver settings, for analyze and report. */
export function verifyDnsOptions(y: Argv): Argv {
  return dnsOptions(y).option('verify-dns', {
    type: 'boolean',
    describe:
      'check over DNS the domains and IPs the causes name (SPF, DMARC, DKIM, blocklists) and say which causes that confirms',
  });
}

/** The resolver of --verify-dns, or undefined when not asked for. */
export async function verifyDnsResolver(args: { server?: string; timeoutMs?: number }) {
  return createDnsResolver({
    ...(args.server !== undefined ? { server: await serverAddress(args.server) } : {}),
    ...(args.timeoutMs !== undefined ? { timeoutMs: args.timeoutMs } : {}),
  });
}

type Guard = <A>(run: (args: A) => Promise<number>) => (args: A) => Promise<void>;

const list = (args: Record<string, unknown>, name: string): string[] =>
  ((args[name] as unknown[] | undefined) ?? []).map(String);

/** The check-domain command, added to the command line's parser. */
export function withCheckDomainCommand(parser: Argv, io: CliIo, guarded: Guard): Argv {
  return parser.command(
    'check-domain [domains..]',
    "Check domains' SPF (lookups counted as RFC 7208 does), DMARC, DKIM and MX over DNS, and sending IPs' reverse " +
      'DNS and blocklist listings',
    (y: Argv) =>
      dnsOptions(y)
        .positional('domains', { type: 'string', array: true, describe: 'the domains to check' })
        .option('ip', {
          type: 'string',
          array: true,
          requiresArg: true,
          describe: "a sending IP: what each domain's SPF says of it, its reverse DNS and blocklist listings",
        })
        .option('selector', {
          type: 'string',
          array: true,
          requiresArg: true,
          describe: 'a DKIM selector beyond selector1/2',
        })
        .option('blocklist', {
          type: 'string',
          array: true,
          requiresArg: true,
          describe:
            'a DNS blocklist zone to ask instead of the defaults (zen.spamhaus.org, bl.spamcop.net, b.barracudacentral.org)',
        })
        .option('format', { alias: 'f', type: 'string', requiresArg: true, describe: 'text (default) or json' }),
    guarded(async (args: Record<string, unknown>) => {
      const domains = list(args, 'domains');
      if (domains.length === 0) throw new UsageError('name at least one domain: exotrace check-domain contoso.com');
      const format = singleValue(args, 'format', ['text', 'json'] as const) ?? 'text';
      const { server, timeoutMs } = dnsSettings(args);
      return runCheckDomain(
        {
          ...(timeoutMs !== undefined ? { timeoutMs } : {}),
          domains,
          format,
          ...(server !== undefined ? { dnsServer: server } : {}),
          ips: list(args, 'ip'),
          selectors: list(args, 'selector'),
          blocklists: list(args, 'blocklist'),
        },
        io,
      );
    }),
  );
}
