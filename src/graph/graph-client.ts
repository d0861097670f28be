/**
 * Calls to Microsoft Graph through @microsoft/microsoft-graph-client, with a middleware chain of
 * exotrace's own: the bearer token from MSAL, the tenant's quota and retries, and the HTTPS
 * request. The client's own chain would not do here: its retry handler covers 429, 503 and 504
 * only (not 500, 502, timeouts, dropped connections or a truncated body), and its fetch trusts no
 * CA the config adds.
 */
import { Client, GraphError, type Context, type Middleware } from '@microsoft/microsoft-graph-client';
import { ExotraceError } from '../model/errors.js';
import type { TenantConfig } from './config.js';
import { httpsRequest, NetworkError, type HttpsSettings } from './https-request.js';
import type { Clock, Quota } from './quota.js';
import type { TokenSource } from './sign-in.js';

/** How a failed request is tried again. */
export interface RetryPolicy {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** 0 ≤ random() < 1, for jitter (injectable, so tests are repeatable) */
  random(): number;
}

export const defaultRetry: RetryPolicy = { maxAttempts: 6, baseDelayMs: 1000, maxDelayMs: 60_000, random: Math.random };

/** What a session's requests did, for the run's summary and the benchmark. */
export interface RequestStats {
  requests: number;
  retries: number;
  throttled: number;
}

/** What is said of each retry (for the scan's log). */
export type OnRetry = (retry: { attempt: number; status?: number; error?: string; waitMs: number }) => void;

abstract class Link implements Middleware {
  protected next: Middleware | undefined;
  abstract execute(context: Context): Promise<void>;
  setNext(next: Middleware): void {
    this.next = next;
  }
}

/**
 * The first link: the bearer token, and the error the chain threw kept as it was. The Graph
 * client turns any error thrown inside its chain into a GraphError of status -1 that keeps only
 * the message, which would make a sign-in failure or a network outage look like a Graph reply.
 */
class Bearer extends Link {
  /** the last error thrown inside the chain (a session's requests go one after another) */
  thrown: unknown;

  constructor(private readonly tokens: TokenSource) {
    super();
  }
  async execute(context: Context): Promise<void> {
    this.thrown = undefined;
    try {
      const token = await this.tokens.token();
      const headers = new Headers(context.options?.headers as ConstructorParameters<typeof Headers>[0]);
      headers.set('Authorization', `Bearer ${token}`);
      context.options = { ...context.options, headers: Object.fromEntries(headers) };
      await this.next!.execute(context);
    } catch (e) {
      this.thrown = e;
      throw e;
    }
  }
}

const RETRIED_STATUS = new Set([429, 500, 502, 503, 504]);
/**
 * A request that changes something (sendMail) is retried only when Graph says it did not take it
 * (429, 503 with its throttling): after a 500, a gateway error or a dropped connection it may
 * have been done, and a report mailed twice is worse than one error.
 */
const RETRIED_STATUS_UNSAFE = new Set([429, 503]);

/** Seconds or an HTTP date, as Retry-After may say; undefined when absent or unreadable. */
function retryAfterMs(value: string | null, now: number): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

class QuotaAndRetry extends Link {
  constructor(
    private readonly quota: Quota,
    private readonly clock: Clock,
    private readonly policy: RetryPolicy,
    private readonly stats: RequestStats,
    private readonly onRetry: OnRetry | undefined,
  ) {
    super();
  }
  async execute(context: Context): Promise<void> {
    const safe = (context.options?.method ?? 'GET') === 'GET';
    for (let attempt = 1; ; attempt++) {
      await this.quota.acquire();
      this.stats.requests++;
      let failure: NetworkError | undefined;
      try {
        await this.next!.execute(context);
      } catch (e) {
        if (!(e instanceof NetworkError) || !e.transient || !safe) throw e;
        failure = e;
      }
      const status = context.response?.status ?? 0;
      if (!failure && !(safe ? RETRIED_STATUS : RETRIED_STATUS_UNSAFE).has(status)) return;
      if (attempt >= this.policy.maxAttempts) {
        if (failure) throw failure;
        return; // the last answer stands, and becomes the caller's error
      }
      this.stats.retries++;
      const backoff = Math.min(this.policy.maxDelayMs, this.policy.baseDelayMs * 2 ** (attempt - 1));
      let wait = backoff + Math.floor(this.policy.random() * this.policy.baseDelayMs);
      if (status === 429) {
        this.stats.throttled++;
        wait = retryAfterMs(context.response!.headers.get('retry-after'), this.clock.now()) ?? wait;
      }
      this.onRetry?.({ attempt, ...(failure ? { error: failure.kind } : { status }), waitMs: wait });
      // after a 429 the quota waits for every request of the tenant, this one included
      if (status === 429) this.quota.pauseUntil(this.clock.now() + wait);
      else if (wait > 0) await this.clock.sleep(wait);
      context.response = undefined;
    }
  }
}

class HttpsHandler extends Link {
  constructor(private readonly https: HttpsSettings) {
    super();
  }
  async execute(context: Context): Promise<void> {
    const url = typeof context.request === 'string' ? context.request : context.request.url;
    const headers = Object.fromEntries(
      new Headers(context.options?.headers as ConstructorParameters<typeof Headers>[0]),
    );
    const body = context.options?.body;
    const r = await httpsRequest(
      url,
      { method: context.options?.method ?? 'GET', headers, ...(typeof body === 'string' ? { body } : {}) },
      this.https,
    );
    // A body cut short can still close cleanly (no length declared): JSON that does not parse is
    // the sign, and is retried like a dropped connection.
    if (/json/i.test(r.headers['content-type'] ?? '') && r.body !== '') {
      try {
        JSON.parse(r.body);
      } catch {
        throw new NetworkError('truncated', `the reply from ${new URL(url).host} is not complete JSON.`);
      }
    }
    context.response = new Response(r.status === 204 ? null : r.body, { status: r.status, headers: r.headers });
  }
}

export interface GraphSession {
  /** GET a Graph path (`/admin/exchange/tracing/messageTraces?…`) or a whole nextLink; the parsed JSON. */
  get(pathOrUrl: string): Promise<unknown>;
  /** POST a JSON body to a Graph path (retried only when Graph says it did not take it). */
  post(path: string, body: object): Promise<unknown>;
  readonly stats: RequestStats;
}

export function createGraphSession(options: {
  tenant: TenantConfig;
  graphBaseUrl: string;
  tokens: TokenSource;
  quota: Quota;
  clock: Clock;
  https: HttpsSettings;
  retry?: RetryPolicy;
  onRetry?: OnRetry;
}): GraphSession {
  const stats: RequestStats = { requests: 0, retries: 0, throttled: 0 };
  const bearer = new Bearer(options.tokens);
  const chain = [
    bearer,
    new QuotaAndRetry(options.quota, options.clock, options.retry ?? defaultRetry, stats, options.onRetry),
    new HttpsHandler(options.https),
  ];
  const client = Client.initWithMiddleware({
    baseUrl: options.graphBaseUrl,
    defaultVersion: 'v1.0',
    middleware: chain,
  });
  return {
    async get(pathOrUrl) {
      try {
        return await client.api(pathOrUrl).header('Prefer', 'include-unknown-enum-members').get();
      } catch (e) {
        throw graphError(options.tenant, bearer.thrown ?? e);
      }
    },
    async post(path, body) {
      try {
        return await client.api(path).post(body);
      } catch (e) {
        throw graphError(options.tenant, bearer.thrown ?? e);
      }
    },
    stats,
  };
}

const TRANSPORT_APP = '8bd644d1-64a1-4d4b-ae52-2e0cbf64e373';

/** Graph's errors as sentences an admin can act on. */
export function graphError(tenant: TenantConfig, e: unknown): ExotraceError {
  if (e instanceof ExotraceError) return e;
  const source = { source: tenant.name };
  if (e instanceof NetworkError)
    return new ExotraceError('EXO_NETWORK', `Graph could not be reached: ${e.message}`, source, { cause: e });
  if (!(e instanceof GraphError)) {
    return new ExotraceError('EXO_GRAPH_REQUEST_FAILED', `the Graph request failed: ${(e as Error).message}`, source, {
      cause: e,
    });
  }
  const message = (e.message ?? '').split(/\r?\n/)[0]!.slice(0, 300);
  if (e.statusCode === 401 && message.includes(TRANSPORT_APP)) {
    return new ExotraceError(
      'EXO_GRAPH_UNAUTHORIZED',
      `the tenant has no service principal for Microsoft's Transport Data Platform app (${TRANSPORT_APP}), which the message trace API needs: ` +
        `as an admin, run Connect-MgGraph -Scopes Application.ReadWrite.All, then New-MgServicePrincipal -AppId ${TRANSPORT_APP}. ` +
        'Provisioning can take several hours; until then every call is refused with 401.',
      source,
      { cause: e },
    );
  }
  if (e.statusCode === 401) {
    return new ExotraceError(
      'EXO_GRAPH_UNAUTHORIZED',
      `Graph refused the token (401: ${message}); check that the app is registered in tenant ${tenant.tenantId}.`,
      source,
      { cause: e },
    );
  }
  if (e.statusCode === 403) {
    return new ExotraceError(
      'EXO_GRAPH_FORBIDDEN',
      `Graph refused the request (403: ${message}): the app ${tenant.clientId} needs the application permission ExchangeMessageTrace.Read.All ` +
        '(Microsoft Graph, Application), and an admin must grant consent for it (API permissions > Grant admin consent).',
      source,
      { cause: e },
    );
  }
  return new ExotraceError(
    'EXO_GRAPH_REQUEST_FAILED',
    `Graph answered ${e.statusCode} (${e.code ?? 'error'}): ${message}`,
    source,
    { cause: e },
  );
}
