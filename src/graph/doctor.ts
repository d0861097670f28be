/**
 * `exotrace doctor`: for each tenant of the config, the whole way a scan goes, once: its
 * credential read and checked, a token, one list call for the last hour with $top=1. One plain
 * sentence per tenant says what works, or what to do.
 */
import { readFile } from 'node:fs/promises';
import { HttpsProxyAgent } from 'https-proxy-agent';
import { errnoWords, ExotraceError, type ErrorCode } from '../model/errors.js';
import type { ScanConfig, TenantConfig } from './config.js';
import { readCredential } from './credentials.js';
import { createGraphSession } from './graph-client.js';
import type { HttpsSettings } from './https-request.js';
import { createQuota, type Clock } from './quota.js';
import { createTokenSource } from './sign-in.js';

export interface DoctorFinding {
  tenant: string;
  ok: boolean;
  /** set when not ok */
  code?: ErrorCode;
  sentence: string;
}

export interface DoctorContext {
  env: NodeJS.ProcessEnv;
  clock: Clock;
}

/**
 * The proxy to use: the config's, else HTTPS_PROXY from the environment unless NO_PROXY names
 * every host the config calls (a suffix, a host, or *).
 */
export function proxyFor(config: ScanConfig, env: NodeJS.ProcessEnv): string | undefined {
  if (config.proxy) return config.proxy;
  const fromEnv = env['HTTPS_PROXY'] ?? env['https_proxy'];
  if (!fromEnv) return undefined;
  const noProxy = (env['NO_PROXY'] ?? env['no_proxy'] ?? '')
    .split(',')
    .map((h) => h.trim().toLowerCase())
    .filter(Boolean);
  const bypassed = (host: string) =>
    noProxy.some((n) => n === '*' || host === n.replace(/^\./, '') || host.endsWith(n.startsWith('.') ? n : `.${n}`));
  const hosts = [config.graphBaseUrl, config.authorityHost].map((u) => new URL(u).hostname.toLowerCase());
  return hosts.every(bypassed) ? undefined : fromEnv;
}

/** The HTTPS settings a config asks for: its extra CAs, its timeout, its proxy. */
export async function httpsSettings(config: ScanConfig, env: NodeJS.ProcessEnv = {}): Promise<HttpsSettings> {
  let ca: string | undefined;
  if (config.caFile) {
    try {
      ca = await readFile(config.caFile, 'utf8');
    } catch (e) {
      const why = errnoWords((e as NodeJS.ErrnoException).code);
      throw new ExotraceError(
        'EXO_CONFIG_INVALID',
        `caFile ${config.caFile} cannot be read: ${why}.`,
        { source: config.file },
        { cause: e },
      );
    }
  }
  const proxy = proxyFor(config, env);
  return {
    timeoutMs: config.requestTimeoutMs,
    ...(ca ? { ca } : {}),
    ...(proxy ? { proxy: { agent: new HttpsProxyAgent(proxy, ca ? { ca } : {}), url: proxy } } : {}),
  };
}

/**
 * The filter both bounds of which Graph requires: [from, to], at most 10 days apart. Graph takes
 * whole seconds: the start is rounded down and the end up, so that no row of a fraction of a
 * second at either end is left out (a row read twice is stored once); the end never later than
 * `now` (a whole second), which Graph would refuse.
 */
export function receivedBetween(from: Date, to: Date, now = Number.POSITIVE_INFINITY): string {
  const second = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const end = Math.min(Math.ceil(to.getTime() / 1000), Math.floor(now / 1000)) * 1000;
  return `receivedDateTime ge ${second(Math.floor(from.getTime() / 1000) * 1000)} and receivedDateTime le ${second(end)}`;
}

export async function checkTenant(
  config: ScanConfig,
  tenant: TenantConfig,
  https: HttpsSettings,
  ctx: DoctorContext,
): Promise<DoctorFinding> {
  try {
    const now = new Date(ctx.clock.now());
    const credential = await readCredential(tenant, ctx.env, now);
    const tokens = createTokenSource(config, tenant, credential, https);
    await tokens.token();
    const quota = createQuota(config.quota.requests, config.quota.windowMs, ctx.clock);
    const graph = createGraphSession({
      tenant,
      graphBaseUrl: config.graphBaseUrl,
      tokens,
      quota,
      clock: ctx.clock,
      https,
    });
    const filter = encodeURIComponent(receivedBetween(new Date(now.getTime() - 3600_000), now, now.getTime()));
    const page = (await graph.get(`/admin/exchange/tracing/messageTraces?$filter=${filter}&$top=1`)) as {
      value?: unknown[];
    };
    const rows = Array.isArray(page.value) ? page.value.length : 0;
    const how =
      credential.kind === 'certificate'
        ? `a certificate valid until ${credential.notAfter.toISOString().slice(0, 10)}`
        : 'a client secret';
    return {
      tenant: tenant.name,
      ok: true,
      sentence: `ready: signed in with ${how}, and the message trace API answered (${rows === 0 ? 'no message' : 'messages'} in the last hour).`,
    };
  } catch (e) {
    if (!(e instanceof ExotraceError)) throw e;
    return { tenant: tenant.name, ok: false, code: e.code, sentence: e.message };
  }
}

/** Every tenant at once: each has its own quota and its own sign-in. */
export async function runDoctor(config: ScanConfig, ctx: DoctorContext): Promise<DoctorFinding[]> {
  const https = await httpsSettings(config, ctx.env);
  return Promise.all(config.tenants.map((t) => checkTenant(config, t, https, ctx)));
}
