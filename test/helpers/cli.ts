import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from './files.js';
import { expectValidReport } from './report-schema.js';

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built binary (npm test builds it first) as a real process. */
export function runCli(args: string[], options: { input?: string; cwd?: string } = {}): CliRun {
  const r = spawnSync(process.execPath, [join(repoRoot, 'dist/cli/bin.js'), ...args], {
    cwd: options.cwd ?? repoRoot,
    input: options.input ?? '',
    encoding: 'utf8',
    timeout: 60_000,
  });
  // Every JSON report a test makes is checked against the contract.
  const format = args.indexOf('--format');
  if (args[0] === 'analyze' && format !== -1 && args[format + 1] === 'json' && r.stdout.trim() !== '')
    expectValidReport(JSON.parse(r.stdout));
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
