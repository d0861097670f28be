/**
 * The Graph session on its own, in process, against the stand-in: the tenant's quota kept on the
 * client side (never a 429 of our own making, on a clock the test drives), Retry-After honoured,
 * 500/503, a dropped connection and truncated JSON retried; and the credential checks a
 * certificate goes through before it is used.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScanConfig, TenantConfig } from '../src/graph/config.js';
import { readCredential } from '../src/graph/credentials.js';
import { receivedBetween } from '../src/graph/message-traces.js';
import { createGraphSession } from '../src/graph/graph-client.js';
import { createQuota, type Clock } from '../src/graph/quota.js';
import { createTokenSource } from '../src/graph/sign-in.js';
import { makeCertificate, type MadeCertificate } from './helpers/certificates.js';
import { tempDir } from './helpers/files.js';
import { startGraphStandIn, type GraphStandIn } from '../scripts/stand-in/graph-stand-in.mjs';

const tmp = tempDir();
let server: MadeCertificate;
let standIn: GraphStandIn;
/** The test's clock: sleeping moves it forward at once. */
const clock = (() => {
  let now = Date.parse('2026-11-20T12:00:00Z');
  return { now: () => now, sleep: async (ms: number) => void (now += ms) } satisfies Clock;
})();
const tenant: TenantConfig = {
  name: 'contoso',
  tenantId: '00000000-0000-0000-0000-000000000001',
  clientId: '11111111-1111-1111-1111-111111111111',
  clientSecretEnv: 'S',
};
const ROWS = 10_000;

beforeAll(async () => {
  server = makeCertificate(tmp.dir, 'server', { cn: '127.0.0.1', ip: '127.0.0.1' });
  const start = Date.parse('2026-11-18T00:00:00Z');
  standIn = await startGraphStandIn({
    key: server.keyPem,
    cert: server.certPem,
    now: clock.now,
    tenants: [
      {
        tenantId: tenant.tenantId,
        apps: [{ clientId: tenant.clientId, secret: 'pw' }],
        rows: Array.from({ length: ROWS }, (_, i) => ({
          id: `m${i}`,
          recipientAddress: `r${i}@fabrikam.com`,
          receivedDateTime: new Date(start + i * 1000).toISOString(),
          status: i % 10 === 0 ? 'failed' : 'delivered',
        })),
      },
    ],
  });
});
afterAll(async () => {
  await standIn?.close();
  tmp.cleanup();
});

/** A session of its own, in a quota window of its own (the stand-in's count of the last tests has passed). */
async function freshSession(quotaRequests = 100) {
  await clock.sleep(300_000);
  return session(quotaRequests);
}

function session(quotaRequests: number) {
  const config = { graphBaseUrl: standIn.url, authorityHost: standIn.url } as ScanConfig;
  const https = { ca: server.certPem, timeoutMs: 10_000 };
  const tokens = createTokenSource(config, tenant, { kind: 'secret', secret: 'pw' }, https);
  const quota = createQuota(quotaRequests, 300_000, clock);
  return {
    graph: createGraphSession({
      tenant,
      graphBaseUrl: standIn.url,
      tokens,
      quota,
      clock,
      https,
      retry: { maxAttempts: 6, baseDelayMs: 1000, maxDelayMs: 60_000, random: () => 0.5 },
    }),
    quota,
  };
}

const listPath = (top: number) =>
  `/admin/exchange/tracing/messageTraces?$filter=${encodeURIComponent(receivedBetween(new Date('2026-11-18T00:00:00Z'), new Date('2026-11-20T00:00:00Z')))}&$top=${top}`;

async function readAll(graph: ReturnType<typeof session>['graph'], top: number): Promise<string[]> {
  const ids: string[] = [];
  let next: string | undefined = listPath(top);
  while (next) {
    const page = (await graph.get(next)) as { value: Array<{ id: string }>; '@odata.nextLink'?: string };
    ids.push(...page.value.map((r) => r.id));
    next = page['@odata.nextLink'];
  }
  return ids;
}

describe('a Graph session', () => {
  it('pages through 10,000 rows by nextLinks within the quota: 200 requests, never a 429', async () => {
    standIn.log.length = 0;
    const { graph, quota } = await freshSession();
    const started = clock.now();
    const ids = await readAll(graph, 50);
    expect(ids).toHaveLength(ROWS);
    expect(new Set(ids).size).toBe(ROWS);
    const graphCalls = standIn.log.filter((l) => l.tenant);
    expect(graphCalls).toHaveLength(200);
    expect(graphCalls.filter((l) => l.status === 429)).toEqual([]);
    expect(graph.stats).toEqual({ requests: 200, retries: 0, throttled: 0 });
    // 200 requests at 100 per 5 minutes: the second hundred waited for the window
    expect(clock.now() - started).toBeGreaterThanOrEqual(300_000);
    expect(quota.stats.sent).toBe(200);
  });

  it('retries a 500, a 503, a dropped connection and truncated JSON, and honours a 429 Retry-After', async () => {
    const { graph } = await freshSession();
    standIn.faults.push({ status: 500 }, { status: 503 }, 'drop', 'truncate', { status: 429, retryAfter: '7' });
    const before = clock.now();
    const page = (await graph.get(listPath(5))) as { value: unknown[] };
    expect(page.value).toHaveLength(5);
    expect(graph.stats).toMatchObject({ requests: 6, retries: 5, throttled: 1 });
    expect(clock.now() - before).toBeGreaterThanOrEqual(7000);
  });

  it('a connection that keeps dropping, and a sign-in that fails, are said as what they are, not as a Graph reply', async () => {
    const { graph } = await freshSession();
    standIn.faults.push('drop', 'drop', 'drop', 'drop', 'drop', 'drop');
    await expect(graph.get(listPath(5))).rejects.toMatchObject({
      code: 'EXO_NETWORK',
      message: expect.stringContaining('Graph could not be reached'),
    });
    expect(graph.stats).toMatchObject({ requests: 6, retries: 5 });
    const config = { graphBaseUrl: standIn.url, authorityHost: standIn.url } as ScanConfig;
    const https = { ca: server.certPem, timeoutMs: 10_000 };
    const tokens = createTokenSource(config, tenant, { kind: 'secret', secret: 'not-the-secret' }, https);
    const quota = createQuota(100, 300_000, clock);
    const refused = createGraphSession({ tenant, graphBaseUrl: standIn.url, tokens, quota, clock, https });
    await expect(refused.get(listPath(5))).rejects.toMatchObject({
      code: 'EXO_SIGN_IN_FAILED',
      message: expect.stringContaining('the client secret is wrong'),
    });
  });

  it('a 400 (a range over 10 days) is not retried and says what Graph said', async () => {
    const { graph } = await freshSession();
    const path = `/admin/exchange/tracing/messageTraces?$filter=${encodeURIComponent(receivedBetween(new Date('2026-11-01T00:00:00Z'), new Date('2026-11-20T00:00:00Z')))}`;
    await expect(graph.get(path)).rejects.toMatchObject({
      code: 'EXO_GRAPH_REQUEST_FAILED',
      message: expect.stringContaining('10 days or less'),
    });
    expect(graph.stats.requests).toBe(1);
  });

  it('another client of the tenant spent the quota: the 429 pauses every request, then all succeed', async () => {
    // a quota larger than Graph's: the stand-in's own limit answers 429
    const { graph } = await freshSession(1000);
    standIn.log.length = 0;
    const ids = await readAll(graph, 50);
    expect(ids).toHaveLength(ROWS);
    const throttled = standIn.log.filter((l) => l.status === 429).length;
    expect(throttled).toBeGreaterThan(0);
    expect(graph.stats.throttled).toBe(throttled);
  });
});

describe('the time filter', () => {
  it('gives whole seconds, the start rounded down and the end up, so no row of a fraction of a second is left out', () => {
    expect(receivedBetween(new Date('2026-11-20T00:00:00.500Z'), new Date('2026-11-20T01:00:00.250Z'))).toBe(
      'receivedDateTime ge 2026-11-20T00:00:00Z and receivedDateTime le 2026-11-20T01:00:01Z',
    );
    expect(receivedBetween(new Date('2026-11-20T00:00:00Z'), new Date('2026-11-20T01:00:00Z'))).toBe(
      'receivedDateTime ge 2026-11-20T00:00:00Z and receivedDateTime le 2026-11-20T01:00:00Z',
    );
  });
});

describe('a certificate credential', () => {
  const env = { PASS: 'open sesame' };
  it('is read with its passphrase, and refused with the reason when it cannot be used', async () => {
    const cert = makeCertificate(tmp.dir, 'app', { passphrase: 'open sesame', days: 10 });
    const other = makeCertificate(tmp.dir, 'other');
    const at = new Date(Date.now() + 60_000);
    const t = (certificate: TenantConfig['certificate']): TenantConfig => ({
      ...tenant,
      clientSecretEnv: undefined,
      certificate,
    });
    const ok = await readCredential(t({ path: cert.bundlePath, passphraseEnv: 'PASS' }), env, at);
    expect(ok).toMatchObject({ kind: 'certificate' });
    const reason = (c: TenantConfig['certificate'], e: NodeJS.ProcessEnv = env, now: Date = at) =>
      readCredential(t(c), e, now).then(
        () => 'read',
        (x: Error) => x.message,
      );
    expect(
      await reason({ path: cert.bundlePath, passphraseEnv: 'PASS' }, env, new Date(at.getTime() + 30 * 86_400_000)),
    ).toContain('expired on');
    expect(await reason({ path: cert.bundlePath })).toContain(
      'it is encrypted and no certificate.passphraseEnv is given',
    );
    expect(await reason({ path: cert.bundlePath, passphraseEnv: 'PASS' }, { PASS: 'wrong' })).toContain(
      'the passphrase does not open it',
    );
    expect(await reason({ path: cert.certPath, keyPath: other.keyPath })).toContain(
      'does not belong to the certificate',
    );
    expect(await reason({ path: other.bundlePath, thumbprint: 'AB'.repeat(20) })).toContain('has the thumbprint');
    expect(await reason({ path: join(tmp.dir, 'missing.pem') })).toContain('cannot be read: there is no such file');
  });
});
