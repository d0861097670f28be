/** How exotrace reaches sign-in and Graph: the config's extra CAs, its timeout, its proxy. */
import { readFile } from 'node:fs/promises';
import { HttpsProxyAgent } from 'https-proxy-agent';
import { errnoWords, ExotraceError } from '../model/errors.js';
import type { ScanConfig } from './config.js';
import type { HttpsSettings } from './https-request.js';

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
