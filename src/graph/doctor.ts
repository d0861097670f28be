/**
 * `exotrace doctor`: for each tenant of the config, the whole way a scan goes, once: its
 * credential read and checked, a token, one list call for the last hour with $top=1. One plain
 * sentence per tenant says what works, or what to do.
 */
import { ExotraceError, type ErrorCode } from '../model/errors.js';
import type { ScanConfig, TenantConfig } from './config.js';
import { readCredential } from './credentials.js';
import { createGraphSession } from './graph-client.js';
import type { HttpsSettings } from './https-request.js';
import { httpsSettings } from './https-settings.js';
import { listPath } from './message-traces.js';
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
    const page = (await graph.get(listPath(new Date(now.getTime() - 3600_000), now, now.getTime(), 1))) as {
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
