/**
 * `exotrace scan --config FILE [--from ISO] [--to ISO] [--tenant NAME] [--budget N]` and
 * the helpers `exotrace report` shares (src/cli/report-command.ts).
 */
import { loadScanConfig } from '../graph/config.js';
import { httpsSettings } from '../graph/https-settings.js';
import { systemClock } from '../graph/quota.js';
import { ExotraceError } from '../model/errors.js';
import type { LocalRules } from '../catalog/local-rules.js';
import { createClassifier } from '../classify/classifier.js';
import { catalogFingerprint } from '../scan/daily-counts.js';
import { matchedAlerts, parseAlertRule } from '../scan/alerts.js';
import { runScan, type TenantScan } from '../scan/scan.js';
import { jsonLog, silentLog } from '../scan/scan-log.js';
import { openSqliteHistory } from '../store/sqlite-history.js';
import { ExitCode, exitCodeForError, type ExitCodeValue } from './exit-codes.js';
import type { CliIo } from './io.js';
import { UsageError } from './options.js';
import { createScanProgress } from './progress.js';
import { say } from './say.js';
import { periodReport } from './history-report.js';
import { catalogWith, readRules, withRules } from './rules-option.js';
import { attachDnsFindings, type DnsSettings } from './verify-dns.js';
import { defaultLimits } from '../model/limits.js';
import { ANALYZE_CLASSIFIER } from '../pipeline/analyze.js';
import { terminalSafe } from '../render/terminal-safe.js';
import type { HistoryStore } from '../store/history.js';

export interface ScanArgs {
  config: string;
  from?: string;
  to?: string;
  tenant?: string;
  budget?: string;
  /** --fail-on values */
  failOn?: string[];
  /** text (the default: the summary lines only) or json (pino lines on standard error, for log shippers) */
  logFormat?: 'text' | 'json';
  /** after the scan, check over DNS what each tenant's failures of the scanned period name */
  verifyDns?: DnsSettings;
  /** --rules FILE: local rules, tried before the catalog */
  rules?: string;
}

export function dateArg(name: string, value: string | undefined): Date | undefined {
  if (value === undefined) return undefined;
  const ms = Date.parse(value);
  if (Number.isNaN(ms) || !/^\d{4}-\d{2}-\d{2}/.test(value)) {
    throw new UsageError(
      `--${name} takes an ISO 8601 date or time such as 2026-11-28 or 2026-11-28T06:00:00Z, not ${JSON.stringify(value)}`,
    );
  }
  return new Date(ms);
}

/** --verify-dns after a scan: one line per finding, for each tenant's scanned period. */
async function dnsLines(
  io: CliIo,
  store: HistoryStore,
  results: readonly TenantScan[],
  settings: DnsSettings,
  rules: LocalRules | undefined,
) {
  const catalog = catalogWith(rules);
  const ctx = {
    catalog,
    classifier: createClassifier(catalog, withRules(ANALYZE_CLASSIFIER, rules)),
    limits: defaultLimits,
    now: () => new Date(io.now()),
  };
  const lines: string[] = [];
  for (const r of results) {
    if (!r.period) continue;
    const period = { from: new Date(r.period.from), to: new Date(r.period.to) };
    const { report } = await periodReport(store, [r.tenant], period, ctx, false);
    await attachDnsFindings(io, report, settings);
    if (report.dns?.notChecked) lines.push(`${r.tenant}: DNS ${report.dns.notChecked}`);
    for (const f of report.dns?.findings ?? [])
      lines.push(`${r.tenant}: DNS ${f.verdict} (${f.cause}): ${terminalSafe(f.message, 600)}`);
  }
  return lines.length ? lines.join('\n') + '\n' : '';
}

export function openHistory(path: string) {
  try {
    return openSqliteHistory(path);
  } catch (e) {
    throw new ExotraceError(
      'EXO_CONFIG_INVALID',
      `the history database cannot be opened: ${(e as Error).message}`,
      { source: path },
      { cause: e },
    );
  }
}

function summary(s: TenantScan): string {
  const period = s.period ? ` ${s.period.from.slice(0, 16)}Z to ${s.period.to.slice(0, 16)}Z:` : '';
  const counts = `${s.rowsRead} rows read (${s.rowsAdded} new, ${s.rowsChanged} changed), ${s.detailsRead} details read, ${s.detailsPending} failures without details, ${s.requests} requests`;
  const problem = s.problem ? `; stopped: ${s.problem.message}` : '';
  return `${s.tenant}: ${s.status}${period} ${counts}${problem}`;
}

/** The run's exit code: what must be fixed first, then what can pass on its own, then coverage. */
function scanExitCode(results: readonly TenantScan[]): ExitCodeValue {
  const codes = results.flatMap((r) => (r.problem ? [exitCodeForError(r.problem.code)] : []));
  if (codes.includes(ExitCode.config)) return ExitCode.config;
  if (codes.includes(ExitCode.unavailable)) return ExitCode.unavailable;
  if (results.some((r) => r.status !== 'complete')) return ExitCode.partial;
  return ExitCode.ok;
}

export async function runScanCommand(args: ScanArgs, io: CliIo): Promise<number> {
  const from = dateArg('from', args.from);
  const to = dateArg('to', args.to);
  const budget = args.budget === undefined ? undefined : Number(args.budget);
  if (budget !== undefined && !(Number.isInteger(budget) && budget >= 0))
    throw new UsageError(`--budget takes a number of detail requests, not ${args.budget}`);
  const rules = (args.failOn ?? []).map((text) => {
    const rule = parseAlertRule(text);
    if (!rule)
      throw new UsageError(
        `--fail-on takes a cause id (auth.dmarc.reject), new-cause or failed>N, not ${JSON.stringify(text)}`,
      );
    return rule;
  });
  const config = await loadScanConfig(args.config);
  const https = await httpsSettings(config, io.env);
  const localRules = await readRules(args.rules);
  const catalog = catalogWith(localRules);
  const store = openHistory(config.database);
  const progress =
    io.stderrIsTTY && args.logFormat !== 'json' ? createScanProgress((s) => io.err(s), io.now) : undefined;
  try {
    const results = await runScan(config, store, {
      ...(progress ? { onProgress: progress.onProgress } : {}),
      clock: systemClock,
      classifier: createClassifier(catalog, withRules({}, localRules)),
      catalog: catalogFingerprint(catalog, localRules?.rules),
      log: args.logFormat === 'json' ? jsonLog() : silentLog,
      env: io.env,
      https,
      ...(from ? { from } : {}),
      ...(to ? { to } : {}),
      ...(args.tenant ? { tenant: args.tenant } : {}),
      ...(budget !== undefined ? { maxDetailRequests: budget } : {}),
    });
    const alerts = results.flatMap((r) =>
      r.period ? matchedAlerts(store, r.tenant, Date.parse(r.period.from), Date.parse(r.period.to), rules) : [],
    );
    progress?.done();
    await io.out(results.map(summary).join('\n') + '\n');
    if (args.verifyDns) await io.out(await dnsLines(io, store, results, args.verifyDns, localRules));
    for (const a of alerts) say(io, `alert: ${a}`);
    const code = scanExitCode(results);
    return code === ExitCode.ok && alerts.length > 0 ? ExitCode.alert : code;
  } finally {
    store.close();
  }
}
