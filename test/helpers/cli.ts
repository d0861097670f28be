import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from './files.js';
import { expectValidReport } from './report-schema.js';

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built binary (npm test builds it first) as a real process. */
export function runCli(
  args: string[],
  options: { input?: string; cwd?: string; env?: Record<string, string> } = {},
): CliRun {
  const r = spawnSync(process.execPath, [join(repoRoot, 'dist/cli/bin.js'), ...args], {
    cwd: options.cwd ?? repoRoot,
    input: options.input ?? '',
    ...(options.env ? { env: { ...process.env, ...options.env } } : {}),
    encoding: 'utf8',
    timeout: 60_000,
  });
  // Every JSON report a test makes is checked against the contract.
  const format = args.indexOf('--format');
  if (args[0] === 'analyze' && format !== -1 && args[format + 1] === 'json' && r.stdout.trim() !== '')
    expectValidReport(JSON.parse(r.stdout));
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * runCli without blocking this process: for tests whose servers (the Graph stand-in) run in the
 * test process and must answer the command while it runs.
 */
export function runCliAsync(args: string[], options: { env?: Record<string, string> } = {}): Promise<CliRun> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [join(repoRoot, 'dist/cli/bin.js'), ...args], {
      cwd: repoRoot,
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolvePromise({ status, stdout, stderr });
    });
  });
}
