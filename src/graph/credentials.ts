/**
 * A tenant's credential, read from where the config says it is: a client secret from an
 * environment variable or a file (never from the command line, never logged), or a certificate
 * (PEM with its private key, optionally encrypted with a passphrase from the environment), checked
 * before it is used: readable, not expired, matching its private key and its configured thumbprint.
 */
import { createHash, createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { errnoWords, ExotraceError } from '../model/errors.js';
import type { TenantConfig } from './config.js';

export type Credential =
  | { kind: 'secret'; secret: string }
  | {
      kind: 'certificate';
      /** hex SHA-256 thumbprint, as MSAL sends it (x5t#S256) */
      thumbprintSha256: string;
      /** PKCS#8 PEM, decrypted */
      privateKey: string;
      /** the certificate's PEM, sent for subject name and issuer authentication */
      x5c: string;
      notAfter: Date;
    };

const PEM_CERT = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/;
const PEM_KEY =
  /-----BEGIN (?:ENCRYPTED |RSA |EC )?PRIVATE KEY-----[\s\S]+?-----END (?:ENCRYPTED |RSA |EC )?PRIVATE KEY-----/;

function fail(tenant: TenantConfig, message: string, cause?: unknown): ExotraceError {
  return new ExotraceError(
    'EXO_CREDENTIAL_UNREADABLE',
    message,
    { source: tenant.name },
    cause ? { cause } : undefined,
  );
}

async function readText(tenant: TenantConfig, path: string, what: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    throw fail(tenant, `the ${what} ${path} cannot be read: ${errnoWords((e as NodeJS.ErrnoException).code)}.`, e);
  }
}

/** `env` is the process environment (passed in, so tests and services can give their own). */
export async function readCredential(tenant: TenantConfig, env: NodeJS.ProcessEnv, now: Date): Promise<Credential> {
  if (tenant.clientSecretEnv) {
    const secret = env[tenant.clientSecretEnv];
    if (!secret) {
      throw fail(
        tenant,
        `the environment variable ${tenant.clientSecretEnv} (clientSecretEnv) is not set; set it to the app's client secret for this run.`,
      );
    }
    return { kind: 'secret', secret: secret.trim() };
  }
  if (tenant.clientSecretFile) {
    const secret = (await readText(tenant, tenant.clientSecretFile, 'client secret file')).trim();
    if (!secret) throw fail(tenant, `the client secret file ${tenant.clientSecretFile} is empty.`);
    return { kind: 'secret', secret };
  }
  return readCertificate(tenant, env, now);
}

async function readCertificate(tenant: TenantConfig, env: NodeJS.ProcessEnv, now: Date): Promise<Credential> {
  const c = tenant.certificate!;
  const pem = await readText(tenant, c.path, 'certificate file');
  const certPem = PEM_CERT.exec(pem)?.[0];
  if (!certPem)
    throw fail(
      tenant,
      `${c.path} holds no certificate (no BEGIN CERTIFICATE block); export it as PEM with its private key.`,
    );
  const keyPem = PEM_KEY.exec(c.keyPath ? await readText(tenant, c.keyPath, 'private key file') : pem)?.[0];
  if (!keyPem)
    throw fail(
      tenant,
      `${c.keyPath ?? c.path} holds no private key; give the PEM with the key, or its file as certificate.keyPath.`,
    );

  let cert: X509Certificate;
  try {
    cert = new X509Certificate(certPem);
  } catch (e) {
    throw fail(tenant, `the certificate in ${c.path} cannot be read (${(e as Error).message}).`, e);
  }
  const notAfter = new Date(cert.validTo);
  if (notAfter.getTime() < now.getTime()) {
    throw fail(
      tenant,
      `the certificate in ${c.path} expired on ${notAfter.toISOString()}; make a new one, upload it to the app registration (Certificates & secrets) and point certificate.path at it.`,
    );
  }
  if (new Date(cert.validFrom).getTime() > now.getTime()) {
    throw fail(
      tenant,
      `the certificate in ${c.path} is not valid before ${new Date(cert.validFrom).toISOString()}; check this machine's clock.`,
    );
  }
  const passphrase = c.passphraseEnv ? env[c.passphraseEnv] : undefined;
  if (c.passphraseEnv && passphrase === undefined) {
    throw fail(tenant, `the environment variable ${c.passphraseEnv} (certificate.passphraseEnv) is not set.`);
  }
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: keyPem, format: 'pem', ...(passphrase !== undefined ? { passphrase } : {}) });
  } catch (e) {
    const encrypted = /ENCRYPTED/.test(keyPem);
    const why = encrypted
      ? passphrase === undefined
        ? 'it is encrypted and no certificate.passphraseEnv is given'
        : 'the passphrase does not open it'
      : (e as Error).message;
    throw fail(tenant, `the private key for ${c.path} cannot be read: ${why}.`, e);
  }
  if (!cert.checkPrivateKey(key))
    throw fail(tenant, `the private key does not belong to the certificate in ${c.path}.`);

  const der = cert.raw;
  const sha1 = createHash('sha1').update(der).digest('hex');
  const sha256 = createHash('sha256').update(der).digest('hex');
  if (c.thumbprint) {
    const given = c.thumbprint.replace(/:/g, '').toLowerCase();
    if (given !== sha1 && given !== sha256) {
      throw fail(
        tenant,
        `the certificate in ${c.path} has the thumbprint ${sha1.toUpperCase()} (SHA-1), not ${c.thumbprint} as certificate.thumbprint says; the file or the thumbprint is the wrong one.`,
      );
    }
  }
  return {
    kind: 'certificate',
    thumbprintSha256: sha256,
    privateKey: key.export({ format: 'pem', type: 'pkcs8' }).toString(),
    x5c: certPem,
    notAfter,
  };
}
