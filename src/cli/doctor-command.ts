/** `exotrace doctor --config FILE`: one line per tenant, and an exit code cron and scripts can read. */
import { loadScanConfig } from '../graph/config.js';
import { runDoctor } from '../graph/doctor.js';
import { systemClock } from '../graph/quota.js';
import { ExitCode } from './exit-codes.js';
import type { CliIo } from './io.js';
import { terminalSafe } from '../render/terminal-safe.js';

export async function runDoctorCommand(args: { config: string }, io: CliIo, env: NodeJS.ProcessEnv): Promise<number> {
  const config = await loadScanConfig(args.config);
  const findings = await runDoctor(config, { env, clock: systemClock });
  const lines = findings.map(
    (f) => `${terminalSafe(f.tenant, 64)}: ${f.ok ? 'OK' : 'PROBLEM'}: ${terminalSafe(f.sentence, 2000)}`,
  );
  await io.out(lines.join('\n') + '\n');
  if (findings.every((f) => f.ok)) return ExitCode.ok;
  // anything an admin must fix (config, credential, sign-in, permissions) over a network outage
  const unreachableOnly = findings.every((f) => f.ok || f.code === 'EXO_NETWORK');
  return unreachableOnly ? ExitCode.unavailable : ExitCode.config;
}
