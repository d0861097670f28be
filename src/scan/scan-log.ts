/**
 * What a scan tells a log shipper (`--log-format json`): one JSON object per line on standard
 * error, through pino. Secrets never reach a log line: nothing logs them, and pino's redaction
 * censors the fields that could hold one, in case a future line passes an object through.
 */
import { pino } from 'pino';

export interface ScanLog {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
}

/** No log at all (the default: the summary lines on standard output say what a person needs). */
export const silentLog: ScanLog = { info() {}, warn() {} };

const REDACTED = [
  'secret',
  'clientSecret',
  'privateKey',
  'passphrase',
  'token',
  'accessToken',
  'authorization',
  'password',
];

/** JSON lines on file descriptor `fd` (2: standard error). */
export function jsonLog(fd = 2): ScanLog {
  const logger = pino(
    {
      base: { app: 'exotrace' },
      redact: { paths: [...REDACTED, ...REDACTED.map((k) => `*.${k}`)], censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    pino.destination({ fd, sync: true }),
  );
  return { info: (f, m) => logger.info(f, m), warn: (f, m) => logger.warn(f, m) };
}
