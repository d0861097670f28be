/**
 * App-only sign-in with MSAL (confidential client, client-credentials grant), one client per
 * tenant: its tokens are cached in memory and reused until they near expiry. MSAL's requests go
 * through exotrace's HTTPS client (the config's extra CAs, its timeout). MSAL's errors become one
 * sentence an admin can act on; the secret, the key and the token are never part of any message.
 */
import { ConfidentialClientApplication, type Configuration, type INetworkModule, LogLevel } from '@azure/msal-node';
import { ExotraceError } from '../model/errors.js';
import type { ScanConfig, TenantConfig } from './config.js';
import type { Credential } from './credentials.js';
import { httpsRequest, NetworkError, type HttpsSettings } from './https-request.js';

export interface TokenSource {
  /** A valid access token for Graph (MSAL's cache first). */
  token(): Promise<string>;
}

/**
 * What the sign-in endpoints last said that went wrong. MSAL reports a failed metadata lookup only
 * as endpoints_resolution_error; the cause (a TLS failure, an unknown tenant) is kept here.
 */
interface LastProblem {
  network?: NetworkError;
  aad?: string;
}

/** MSAL's network calls over exotrace's HTTPS client; MSAL expects the body parsed. */
function networkModule(https: HttpsSettings, last: LastProblem): INetworkModule {
  const send = async <T>(
    method: string,
    url: string,
    options?: { headers?: Record<string, string>; body?: string },
  ) => {
    const init = {
      method,
      ...(options?.headers ? { headers: options.headers } : {}),
      ...(options?.body !== undefined ? { body: options.body } : {}),
    };
    const r = await httpsRequest(url, init, https).catch((e: unknown) => {
      if (e instanceof NetworkError) last.network = e;
      throw e;
    });
    let body: unknown;
    try {
      body = r.body ? JSON.parse(r.body) : {};
    } catch {
      body = {
        error: 'invalid_response',
        error_description: `the sign-in endpoint answered ${r.status} with a body that is not JSON`,
      };
    }
    const problem = body as { error?: string; error_description?: string };
    if (r.status >= 400 && problem.error) last.aad = `${problem.error} ${problem.error_description ?? ''}`;
    return { status: r.status, headers: r.headers, body: body as T };
  };
  return {
    sendGetRequestAsync: (url, options) => send('GET', url, options),
    sendPostRequestAsync: (url, options) => send('POST', url, options),
  };
}

export function createTokenSource(
  config: ScanConfig,
  tenant: TenantConfig,
  credential: Credential,
  https: HttpsSettings,
): TokenSource {
  const authority = `${config.authorityHost}/${tenant.tenantId}`;
  const last: LastProblem = {};
  const msalConfig: Configuration = {
    auth: {
      clientId: tenant.clientId,
      authority,
      // a known authority is trusted as it is: no instance discovery call to the public cloud
      knownAuthorities: [new URL(config.authorityHost).host],
      ...(credential.kind === 'secret'
        ? { clientSecret: credential.secret }
        : {
            clientCertificate: {
              thumbprintSha256: credential.thumbprintSha256,
              privateKey: credential.privateKey,
              x5c: credential.x5c,
            },
          }),
    },
    system: {
      networkClient: networkModule(https, last),
      loggerOptions: { piiLoggingEnabled: false, logLevel: LogLevel.Error, loggerCallback: () => {} },
    },
  };
  const app = new ConfidentialClientApplication(msalConfig);
  const scopes = [`${config.graphBaseUrl}/.default`];
  return {
    async token() {
      try {
        const result = await app.acquireTokenByClientCredential({ scopes });
        if (!result?.accessToken) throw new Error('no access token in the reply');
        return result.accessToken;
      } catch (e) {
        throw signInError(tenant, config, e, last);
      }
    },
  };
}

/** MSAL's errors (compared by their codes, as MSAL v7 asks) as sentences. */
function signInError(tenant: TenantConfig, config: ScanConfig, e: unknown, last: LastProblem): ExotraceError {
  if (e instanceof ExotraceError) return e;
  if ((e as { errorCode?: string }).errorCode === 'endpoints_resolution_error' && last.network) e = last.network;
  if (e instanceof NetworkError)
    return new ExotraceError(
      'EXO_NETWORK',
      `sign-in at ${config.authorityHost} failed: ${e.message}`,
      { source: tenant.name },
      { cause: e },
    );
  const err = e as { errorCode?: string; errorMessage?: string; message?: string };
  const text = `${err.errorCode ?? ''} ${err.errorMessage ?? err.message ?? ''} ${last.aad ?? ''}`;
  const sentence = (m: string) => new ExotraceError('EXO_SIGN_IN_FAILED', m, { source: tenant.name }, { cause: e });
  if (/AADSTS7000222/.test(text))
    return sentence(
      `the client secret of app ${tenant.clientId} has expired: create a new one under Certificates & secrets and put it where ${where(tenant)} says.`,
    );
  if (/AADSTS7000215|invalid_client_secret/.test(text))
    return sentence(
      `the client secret is wrong (invalid_client): check that ${where(tenant)} holds the secret's value (not its id) for app ${tenant.clientId}.`,
    );
  if (/AADSTS700027|AADSTS700024|invalid_client_assertion/.test(text))
    return sentence(
      `the certificate was refused: upload ${tenant.certificate?.path ?? 'it'} (the .cer, public part) to the app registration under Certificates & secrets.`,
    );
  if (/AADSTS700016|unauthorized_client/.test(text))
    return sentence(
      `no app ${tenant.clientId} exists in tenant ${tenant.tenantId}: check clientId, or that the app is registered (or consented) in this tenant.`,
    );
  if (/AADSTS90002|AADSTS900023|tenant.*not found|invalid_tenant/i.test(text))
    return sentence(
      `the tenant ${tenant.tenantId} is unknown to ${config.authorityHost}: check tenantId (the directory id, or a verified domain).`,
    );
  if (/invalid_client/.test(text))
    return sentence(
      `the app's credential was refused (invalid_client) for app ${tenant.clientId}: check the secret or certificate.`,
    );
  const first = (err.errorMessage ?? err.message ?? 'an unknown error').split(/\r?\n/)[0]!.slice(0, 300);
  return sentence(`sign-in failed (${err.errorCode ?? 'error'}): ${first}`);
}

function where(tenant: TenantConfig): string {
  return tenant.clientSecretEnv
    ? `the environment variable ${tenant.clientSecretEnv}`
    : `the file ${tenant.clientSecretFile}`;
}
