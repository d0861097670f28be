/**
 * The scan's config file (exotrace.config.json) as a JSON Schema: the keys of
 * shared/README.md and the ones the scan adds. Validated in one pass with ajv before any
 * request is sent (src/graph/config.ts), so every problem is named with its key path at once.
 */
const GUID = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';
const HTTPS_URL = '^https://[^\\s/?#]+(/[^\\s?#]*)?$';
const ENV_NAME = '^[A-Za-z_][A-Za-z0-9_]*$';

export const configSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'exotrace/config/v1',
  type: 'object',
  additionalProperties: false,
  required: ['tenants'],
  properties: {
    $schema: { type: 'string' },
    database: { type: 'string', minLength: 1, description: 'the history (SQLite file), relative to the config file' },
    graphBaseUrl: { type: 'string', pattern: HTTPS_URL, description: 'default https://graph.microsoft.com' },
    authorityHost: { type: 'string', pattern: HTTPS_URL, description: 'default https://login.microsoftonline.com' },
    caFile: {
      type: 'string',
      minLength: 1,
      description: 'PEM file of extra certificate authorities to trust (a TLS-inspecting proxy, a test server)',
    },
    proxy: {
      type: 'string',
      pattern: '^https?://[^\\s]+$',
      description:
        'an HTTP proxy for sign-in and Graph (default: HTTPS_PROXY from the environment, unless NO_PROXY names the host)',
    },
    requestTimeoutSeconds: { type: 'number', minimum: 1, maximum: 600 },
    settlingHours: {
      type: 'number',
      minimum: 0,
      maximum: 240,
      description: 'how far before the last scanned time every run reads again, for rows that arrive late (default 4)',
    },
    retentionDays: {
      type: 'integer',
      minimum: 1,
      description: 'rows and details older than this leave the history (default 90)',
    },
    maxDetailRequests: {
      type: 'integer',
      minimum: 0,
      description:
        'detail requests per tenant and run at most (default: one per failure not yet read); --budget overrides',
    },
    quota: {
      type: 'object',
      additionalProperties: false,
      properties: {
        requests: { type: 'integer', minimum: 1, description: 'requests per window and tenant (Graph: 100)' },
        windowSeconds: { type: 'integer', minimum: 1, description: 'the window (Graph: 300)' },
      },
    },
    tenants: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'tenantId', 'clientId'],
        properties: {
          name: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$' },
          tenantId: {
            type: 'string',
            anyOf: [{ pattern: GUID }, { pattern: '^[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)+$' }],
            description: 'the directory (tenant) id, or its domain such as contoso.onmicrosoft.com',
          },
          clientId: { type: 'string', pattern: GUID, description: "the app registration's application (client) id" },
          clientSecretEnv: { type: 'string', pattern: ENV_NAME },
          clientSecretFile: { type: 'string', minLength: 1 },
          certificate: {
            type: 'object',
            additionalProperties: false,
            required: ['path'],
            properties: {
              path: { type: 'string', minLength: 1, description: 'PEM with the certificate and its private key' },
              keyPath: { type: 'string', minLength: 1, description: 'the private key, when not in path' },
              thumbprint: { type: 'string', pattern: '^[0-9A-Fa-f:]{40,95}$', description: 'SHA-1 or SHA-256, hex' },
              passphraseEnv: { type: 'string', pattern: ENV_NAME },
            },
          },
        },
        oneOf: [{ required: ['clientSecretEnv'] }, { required: ['clientSecretFile'] }, { required: ['certificate'] }],
      },
    },
  },
} as const;
