/** Real X.509 certificates for the tests, made with openssl: a TLS server's, and app credentials. */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface MadeCertificate {
  certPem: string;
  keyPem: string;
  /** certificate and key in one PEM, as exotrace's config takes it */
  bundlePath: string;
  certPath: string;
  keyPath: string;
}

/** A self-signed certificate for `cn`; `ip` adds it as subjectAltName (a TLS server on 127.0.0.1). */
export function makeCertificate(
  dir: string,
  name: string,
  options: { cn?: string; ip?: string; days?: number; passphrase?: string } = {},
): MadeCertificate {
  const keyPath = join(dir, `${name}.key.pem`);
  const certPath = join(dir, `${name}.cert.pem`);
  const args = [
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-keyout',
    keyPath,
    '-out',
    certPath,
    '-days',
    String(options.days ?? 30),
    '-subj',
    `/CN=${options.cn ?? name}`,
  ];
  if (options.ip) args.push('-addext', `subjectAltName=IP:${options.ip}`);
  if (options.passphrase) args.push('-passout', `pass:${options.passphrase}`);
  else args.push('-nodes');
  execFileSync('openssl', args, { stdio: 'ignore' });
  const certPem = readFileSync(certPath, 'utf8');
  const keyPem = readFileSync(keyPath, 'utf8');
  const bundlePath = join(dir, `${name}.pem`);
  writeFileSync(bundlePath, certPem + keyPem);
  return { certPem, keyPem, bundlePath, certPath, keyPath };
}
