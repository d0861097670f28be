/**
 * `exotrace doctor` against a Graph and sign-in stand-in it has never seen (HTTPS on 127.0.0.1,
 * a certificate the test makes): run as a real process, as an admin or cron runs it.
 */
import { writeFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCertificate, type MadeCertificate } from './helpers/certificates.js';
import { runCliAsync } from './helpers/cli.js';
import { tempDir } from './helpers/files.js';
import { startGraphStandIn, type GraphStandIn } from '../scripts/stand-in/graph-stand-in.mjs';

const tmp = tempDir();
let server: MadeCertificate;
let appCert: MadeCertificate;
let standIn: GraphStandIn;

const T = (n: number) => `00000000-0000-0000-0000-00000000000${n}`;
const C = (n: number) => `11111111-1111-1111-1111-11111111111${n}`;

beforeAll(async () => {
  server = makeCertificate(tmp.dir, 'server', { cn: '127.0.0.1', ip: '127.0.0.1' });
  appCert = makeCertificate(tmp.dir, 'fabrikam-app', { passphrase: 'correct horse' });
  makeCertificate(tmp.dir, 'other-app');
  standIn = await startGraphStandIn({
    key: server.keyPem,
    cert: server.certPem,
    now: () => Date.now(),
    tenants: [
      {
        tenantId: T(1),
        apps: [{ clientId: C(1), secret: 's3cret-contoso' }],
        rows: [{ id: 'a', receivedDateTime: new Date().toISOString(), status: 'delivered' }],
      },
      { tenantId: T(2), apps: [{ clientId: C(2), certificatePem: appCert.certPem }] },
      { tenantId: T(3), apps: [{ clientId: C(3), secret: 'x' }], servicePrincipal: false },
      { tenantId: T(4), apps: [{ clientId: C(4), secret: 'y', permitted: false }] },
      { tenantId: T(5), apps: [{ clientId: C(5), secret: 'right' }] },
      { tenantId: T(7), apps: [{ clientId: C(7), certificatePem: appCert.certPem }] },
    ],
  });
});
afterAll(async () => {
  await standIn?.close();
  tmp.cleanup();
});

function config(name: string, tenants: unknown[], extra: Record<string, unknown> = {}): string {
  const path = join(tmp.dir, `${name}.json`);
  writeFileSync(
    path,
    JSON.stringify(
      { graphBaseUrl: standIn.url, authorityHost: standIn.url, caFile: 'server.cert.pem', tenants, ...extra },
      null,
      2,
    ),
  );
  return path;
}

const env = {
  EXOTRACE_CONTOSO_SECRET: 's3cret-contoso',
  FABRIKAM_PASS: 'correct horse',
  WRONG: 'not-the-secret',
  X: 'x',
  Y: 'y',
};

describe('exotrace doctor', () => {
  it('says per tenant what works and what to do, and exits 78 when something must be fixed', async () => {
    const path = config('all', [
      { name: 'contoso', tenantId: T(1), clientId: C(1), clientSecretEnv: 'EXOTRACE_CONTOSO_SECRET' },
      {
        name: 'fabrikam',
        tenantId: T(2),
        clientId: C(2),
        certificate: { path: 'fabrikam-app.pem', passphraseEnv: 'FABRIKAM_PASS' },
      },
      { name: 'northwind', tenantId: T(3), clientId: C(3), clientSecretEnv: 'X' },
      { name: 'adatum', tenantId: T(4), clientId: C(4), clientSecretEnv: 'Y' },
      { name: 'litware', tenantId: T(5), clientId: C(5), clientSecretEnv: 'WRONG' },
      { name: 'woodgrove', tenantId: T(6), clientId: C(6), clientSecretEnv: 'X' },
      { name: 'tailspin', tenantId: T(7), clientId: C(7), certificate: { path: 'other-app.pem' } },
      { name: 'unset', tenantId: T(1), clientId: C(1), clientSecretEnv: 'NOT_SET_ANYWHERE' },
    ]);
    const r = await runCliAsync(['doctor', '--config', path], { env });
    if (process.env['SHOW']) console.log(r.stdout);
    expect(r.stderr).toBe('');
    const lines = Object.fromEntries(
      r.stdout
        .trim()
        .split('\n')
        .map((l) => [l.split(':')[0], l]),
    );
    expect(lines['contoso']).toMatch(
      /^contoso: OK: ready: signed in with a client secret, and the message trace API answered/,
    );
    expect(lines['fabrikam']).toMatch(/^fabrikam: OK: ready: signed in with a certificate valid until \d{4}-\d\d-\d\d/);
    expect(lines['northwind']).toContain('New-MgServicePrincipal -AppId 8bd644d1-64a1-4d4b-ae52-2e0cbf64e373');
    expect(lines['northwind']).toContain('several hours');
    expect(lines['adatum']).toContain('ExchangeMessageTrace.Read.All');
    expect(lines['adatum']).toContain('admin consent');
    expect(lines['litware']).toContain('the client secret is wrong (invalid_client)');
    expect(lines['litware']).toContain('the environment variable WRONG');
    expect(lines['woodgrove']).toContain(`the tenant ${T(6)} is unknown`);
    expect(lines['tailspin']).toContain('the certificate was refused: upload');
    expect(lines['unset']).toContain('NOT_SET_ANYWHERE (clientSecretEnv) is not set');
    expect(r.status).toBe(78);
    // no secret, key or token is ever printed
    expect(r.stdout).not.toMatch(/s3cret-contoso|not-the-secret|correct horse|PRIVATE KEY/);
  });

  it('exits 0 when every tenant is ready', async () => {
    const path = config('good', [
      { name: 'contoso', tenantId: T(1), clientId: C(1), clientSecretEnv: 'EXOTRACE_CONTOSO_SECRET' },
    ]);
    const r = await runCliAsync(['doctor', '--config', path], { env });
    expect(r.stdout).toMatch(/^contoso: OK/);
    expect(r.status).toBe(0);
  });

  it('exits 69 when the service cannot be reached: an untrusted TLS certificate, named with what to do', async () => {
    const path = config(
      'untrusted',
      [{ name: 'contoso', tenantId: T(1), clientId: C(1), clientSecretEnv: 'EXOTRACE_CONTOSO_SECRET' }],
      { caFile: undefined },
    );
    const r = await runCliAsync(['doctor', '--config', path], { env });
    expect(r.stdout).toContain('contoso: PROBLEM: sign-in at');
    expect(r.stdout).toContain('is not trusted');
    expect(r.stdout).toContain('caFile');
    expect(r.status).toBe(69);
  });

  it('names every problem of a config with its key path before any request, and exits 78', async () => {
    const before = standIn.log.length;
    const path = join(tmp.dir, 'bad.json');
    writeFileSync(
      path,
      JSON.stringify({
        graphBaseUrl: 'http://graph.example.com',
        colour: 'blue',
        tenants: [
          { name: 'contoso', tenantId: T(1), clientId: 'not-a-guid', clientSecretEnv: 'A', clientSecretFile: 'b.txt' },
          { name: 'fabrikam', clientId: C(2), certificate: { thumbprint: 'zz' } },
          { name: 'Contoso', tenantId: T(3), clientId: C(3), clientSecretEnv: 's3cret value' },
        ],
      }),
    );
    const r = await runCliAsync(['doctor', '--config', path], { env });
    expect(r.status).toBe(78);
    expect(r.stdout).toBe('');
    for (const problem of [
      'graphBaseUrl must be an https:// address (no query)',
      'colour is not a key exotrace knows',
      'tenants[0].clientId must be the application (client) id, a GUID',
      'tenants[0] needs exactly one credential: clientSecretEnv, clientSecretFile or certificate',
      'tenants[1].tenantId is missing',
      'tenants[1].certificate.path is missing',
      'tenants[1].certificate.thumbprint must be the certificate thumbprint in hex',
      'tenants[2].clientSecretEnv must be the name of an environment variable',
    ]) {
      expect(r.stderr).toContain(problem);
    }
    expect(standIn.log.length).toBe(before);
  });

  it('goes through an HTTP proxy (the config one, or HTTPS_PROXY unless NO_PROXY names the host), and names it when it fails', async () => {
    const tunnels: string[] = [];
    const sockets = new Set<{ destroy(): void }>();
    const proxy = createHttpServer();
    proxy.on('connect', (req, client, head) => {
      tunnels.push(req.url ?? '');
      sockets.add(client);
      const [host, port] = (req.url ?? '').split(':');
      const upstream = connect(Number(port), host, () => {
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        upstream.write(head);
        upstream.pipe(client);
        client.pipe(upstream);
      });
      sockets.add(upstream);
      upstream.on('error', () => client.destroy());
      client.on('error', () => upstream.destroy());
    });
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
    const proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
    try {
      const tenant = [{ name: 'contoso', tenantId: T(1), clientId: C(1), clientSecretEnv: 'EXOTRACE_CONTOSO_SECRET' }];
      const through = await runCliAsync(['doctor', '--config', config('proxied', tenant, { proxy: proxyUrl })], {
        env,
      });
      expect(through.stdout).toMatch(/^contoso: OK/);
      expect(tunnels.length).toBeGreaterThanOrEqual(2); // sign-in and Graph
      expect(tunnels.every((t) => t === new URL(standIn.url).host)).toBe(true);

      const closed = 'http://127.0.0.1:9'; // nothing listens on the discard port
      const broken = await runCliAsync(['doctor', '--config', config('env-proxy', tenant)], {
        env: { ...env, HTTPS_PROXY: closed },
      });
      expect(broken.stdout).toContain(`through the proxy ${closed}`);
      expect(broken.status).toBe(69);
      const bypassed = await runCliAsync(['doctor', '--config', config('no-proxy', tenant)], {
        env: { ...env, HTTPS_PROXY: closed, NO_PROXY: 'localhost,127.0.0.1' },
      });
      expect(bypassed.stdout).toMatch(/^contoso: OK/);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((r) => proxy.close(() => r()));
    }
  });
});
