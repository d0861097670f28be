/**
 * The one place exotrace speaks HTTPS (the token endpoint and Graph): node:https with the
 * certificate authorities the config adds (a TLS-inspecting proxy's, a test server's), a timeout,
 * and every way a response can fail to arrive turned into a NetworkError with a kind a caller can
 * act on: retry it (reset, timeout, truncated) or say what to fix (tls, dns, refused).
 */
import type { Agent } from 'node:https';
import { checkServerIdentity, type PeerCertificate } from 'node:tls';
import { request } from 'node:https';

export interface HttpsSettings {
  /** extra certificate authorities (PEM), added to Node's own */
  ca?: string;
  timeoutMs: number;
  /** an HTTP proxy (CONNECT), when the network has one: its agent, and its address for messages */
  proxy?: { agent: Agent; url: string };
}

export interface HttpsResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export type NetworkErrorKind = 'timeout' | 'reset' | 'truncated' | 'tls' | 'dns' | 'refused' | 'other';

export class NetworkError extends Error {
  constructor(
    readonly kind: NetworkErrorKind,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'NetworkError';
  }
  /** a failure that may pass on its own: worth another try */
  get transient(): boolean {
    return this.kind === 'timeout' || this.kind === 'reset' || this.kind === 'truncated';
  }
}

function kindOf(e: NodeJS.ErrnoException): NetworkErrorKind {
  const code = e.code ?? '';
  if (code === 'ECONNRESET' || code === 'EPIPE' || code === 'ECONNABORTED') return 'reset';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'dns';
  if (code === 'ECONNREFUSED' || code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return 'refused';
  if (/CERT|SELF_SIGNED|UNABLE_TO_VERIFY|TLS|SSL|ERR_TLS/.test(code)) return 'tls';
  return 'other';
}

export function httpsRequest(
  url: string,
  init: { method: string; headers?: Record<string, string>; body?: string },
  settings: HttpsSettings,
): Promise<HttpsResponse> {
  return new Promise((resolvePromise, reject) => {
    const target = new URL(url);
    if (target.protocol !== 'https:') {
      reject(
        new NetworkError(
          'other',
          `${target.origin} is not an https:// address; exotrace sends tokens over HTTPS only.`,
        ),
      );
      return;
    }
    const body = init.body === undefined ? undefined : Buffer.from(init.body, 'utf8');
    const req = request(
      target,
      {
        method: init.method,
        headers: { ...init.headers, ...(body ? { 'content-length': String(body.length) } : {}) },
        ...(settings.ca ? { ca: settings.ca } : {}),
        ...(settings.proxy
          ? {
              agent: settings.proxy.agent,
              // the tunnel's TLS is checked against the host asked for (the agent does not pass
              // an IP address on, and would check a certificate against "localhost")
              checkServerIdentity: (_host: string, cert: PeerCertificate) => checkServerIdentity(target.hostname, cert),
            }
          : {}),
        timeout: settings.timeoutMs,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('aborted', () => reject(new NetworkError('truncated', `the reply from ${target.host} was cut off.`)));
        res.on('error', (e) =>
          reject(
            new NetworkError(
              kindOf(e) === 'other' ? 'truncated' : kindOf(e),
              `the reply from ${target.host} was cut off (${e.message}).`,
              { cause: e },
            ),
          ),
        );
        res.on('end', () => {
          const bytes = Buffer.concat(chunks);
          const declared = Number(res.headers['content-length']);
          if (Number.isFinite(declared) && bytes.length < declared) {
            reject(
              new NetworkError(
                'truncated',
                `the reply from ${target.host} ended after ${bytes.length} of ${declared} bytes.`,
              ),
            );
            return;
          }
          const headers: Record<string, string> = {};
          for (const [k, v] of Object.entries(res.headers))
            if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
          resolvePromise({ status: res.statusCode ?? 0, headers, body: bytes.toString('utf8') });
        });
      },
    );
    req.on('timeout', () =>
      req.destroy(
        new NetworkError('timeout', `${target.host} did not answer within ${Math.round(settings.timeoutMs / 1000)} s.`),
      ),
    );
    req.on('error', (e: NodeJS.ErrnoException) => {
      if (e instanceof NetworkError) return reject(e);
      const kind = kindOf(e);
      const via = settings.proxy ? ` (through the proxy ${settings.proxy.url})` : '';
      const what =
        kind === 'tls'
          ? `the TLS certificate of ${target.host} is not trusted (${e.code}); behind a TLS-inspecting proxy, give its CA certificate as caFile in the config`
          : kind === 'dns'
            ? `the name ${target.hostname} cannot be resolved (${e.code}); check DNS and the address in the config`
            : kind === 'refused'
              ? `${target.host} refused the connection or cannot be reached (${e.code}); check the network, a firewall or a proxy`
              : `the connection to ${target.host} failed (${e.code ?? e.message})`;
      reject(new NetworkError(kind, `${what}${via}.`, { cause: e }));
    });
    if (body) req.write(body);
    req.end();
  });
}
