/**
 * Reading the scan's config file: parsed, validated against its schema in one pass (every problem
 * named with its key path), paths made absolute (relative to the config file), defaults filled in.
 * Secrets are not read here: the config names where they are (src/graph/credentials.ts).
 */
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js';
import { errnoWords, ExotraceError } from '../model/errors.js';
import { configSchema } from './config-schema.js';

export interface TenantConfig {
  name: string;
  tenantId: string;
  clientId: string;
  clientSecretEnv?: string;
  /** absolute */
  clientSecretFile?: string;
  certificate?: { path: string; keyPath?: string; thumbprint?: string; passphraseEnv?: string };
}

export interface ScanConfig {
  /** the config file, absolute */
  file: string;
  database: string;
  graphBaseUrl: string;
  authorityHost: string;
  caFile?: string;
  proxy?: string;
  requestTimeoutMs: number;
  settlingMs: number;
  retentionDays: number;
  maxDetailRequests?: number;
  quota: { requests: number; windowMs: number };
  tenants: TenantConfig[];
}

export const GRAPH_QUOTA = { requests: 100, windowMs: 5 * 60_000 };

const validate = (() => {
  const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false });
  return ajv.compile(configSchema);
})();

/** A key path as a user reads it: tenants[1].certificate.path */
function keyPath(instancePath: string, extra?: string): string {
  const parts = instancePath.split('/').slice(1);
  if (extra) parts.push(extra);
  let out = '';
  for (const p of parts) out += /^\d+$/.test(p) ? `[${p}]` : out ? `.${p}` : p;
  return out || '(the top level)';
}

/** One sentence per schema problem. */
function sentences(errors: readonly ErrorObject[]): string[] {
  const out = new Set<string>();
  for (const e of errors) {
    const at = keyPath(e.instancePath);
    switch (e.keyword) {
      case 'required':
        out.add(`${keyPath(e.instancePath, String(e.params['missingProperty']))} is missing`);
        break;
      case 'additionalProperties':
        out.add(`${keyPath(e.instancePath, String(e.params['additionalProperty']))} is not a key exotrace knows`);
        break;
      case 'oneOf':
        if (/^\/tenants\/\d+$/.test(e.instancePath)) {
          out.add(`${at} needs exactly one credential: clientSecretEnv, clientSecretFile or certificate`);
        } else out.add(`${at} ${e.message}`);
        break;
      case 'pattern':
      case 'anyOf':
        out.add(`${at} ${describePattern(e.instancePath)}`);
        break;
      default:
        out.add(`${at} ${e.message ?? 'is not valid'}`);
    }
  }
  // an anyOf/oneOf also reports the branches that failed; the summary sentence is enough
  return [...out].filter((s) => !/ must match /.test(s));
}

function describePattern(instancePath: string): string {
  const key = instancePath.split('/').pop() ?? '';
  if (key === 'clientId') return 'must be the application (client) id, a GUID';
  if (key === 'tenantId')
    return 'must be the directory (tenant) id, a GUID, or a domain such as contoso.onmicrosoft.com';
  if (key === 'graphBaseUrl' || key === 'authorityHost') return 'must be an https:// address (no query)';
  if (key.endsWith('Env')) return 'must be the name of an environment variable (letters, digits, _), not its value';
  if (key === 'proxy') return 'must be the proxy address, such as http://proxy.contoso.example:8080';
  if (key === 'thumbprint') return 'must be the certificate thumbprint in hex (SHA-1 or SHA-256)';
  if (key === 'name') return 'must be a short name of letters, digits, dots, dashes or underscores';
  return 'has a value of the wrong form';
}

/** Loads and checks a config file; throws one ExotraceError (EXO_CONFIG_INVALID) naming every problem. */
export async function loadScanConfig(path: string): Promise<ScanConfig> {
  const file = resolve(path);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new ExotraceError(
      'EXO_CONFIG_INVALID',
      `the config file cannot be read: ${errnoWords(code)}.`,
      { source: path },
      { cause: e },
    );
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new ExotraceError(
      'EXO_CONFIG_INVALID',
      `the config file is not valid JSON (${(e as Error).message}).`,
      { source: path },
      { cause: e },
    );
  }
  const problems = validate(raw) ? [] : sentences(validate.errors ?? []);
  if (problems.length === 0) {
    const names = (raw as { tenants: Array<{ name: string }> }).tenants.map((t) => t.name.toLowerCase());
    names.forEach((n, i) => {
      if (names.indexOf(n) !== i) problems.push(`tenants[${i}].name "${n}" is used by an earlier tenant too`);
    });
  }
  if (problems.length > 0) {
    const list = problems.map((p) => `- ${p}`).join('\n');
    throw new ExotraceError(
      'EXO_CONFIG_INVALID',
      `the config file has ${problems.length === 1 ? 'a problem' : `${problems.length} problems`}:\n${list}`,
      { source: path },
    );
  }
  return normalized(raw as RawConfig, file);
}

interface RawConfig {
  database?: string;
  graphBaseUrl?: string;
  authorityHost?: string;
  caFile?: string;
  proxy?: string;
  requestTimeoutSeconds?: number;
  settlingHours?: number;
  retentionDays?: number;
  maxDetailRequests?: number;
  quota?: { requests?: number; windowSeconds?: number };
  tenants: TenantConfig[];
}

function normalized(raw: RawConfig, file: string): ScanConfig {
  const dir = dirname(file);
  const at = (p: string) => resolve(dir, p);
  return {
    file,
    database: at(raw.database ?? 'exotrace.db'),
    graphBaseUrl: (raw.graphBaseUrl ?? 'https://graph.microsoft.com').replace(/\/$/, ''),
    authorityHost: (raw.authorityHost ?? 'https://login.microsoftonline.com').replace(/\/$/, ''),
    ...(raw.caFile ? { caFile: at(raw.caFile) } : {}),
    ...(raw.proxy ? { proxy: raw.proxy } : {}),
    requestTimeoutMs: (raw.requestTimeoutSeconds ?? 60) * 1000,
    settlingMs: (raw.settlingHours ?? 4) * 3600_000,
    retentionDays: raw.retentionDays ?? 90,
    ...(raw.maxDetailRequests !== undefined ? { maxDetailRequests: raw.maxDetailRequests } : {}),
    quota: {
      requests: raw.quota?.requests ?? GRAPH_QUOTA.requests,
      windowMs: (raw.quota?.windowSeconds ?? GRAPH_QUOTA.windowMs / 1000) * 1000,
    },
    tenants: raw.tenants.map((t) => ({
      ...t,
      ...(t.clientSecretFile ? { clientSecretFile: at(t.clientSecretFile) } : {}),
      ...(t.certificate
        ? {
            certificate: {
              ...t.certificate,
              path: at(t.certificate.path),
              ...(t.certificate.keyPath ? { keyPath: at(t.certificate.keyPath) } : {}),
            },
          }
        : {}),
    })),
  };
}
