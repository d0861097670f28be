/**
 * `exotrace report --config FILE [--from ISO] [--to ISO] [--tenant NAME] [--format …] [--out FILE]
 * [--redact [subjects]]`: a period from the scan history, in the formats of analyze, compared with
 * the previous period of equal length (also from the history). With several tenants, one report
 * each under a roll-up of all.
 */
import { existsSync } from 'node:fs';
import { createClassifier } from '../classify/classifier.js';
import { loadScanConfig } from '../graph/config.js';
import { ExotraceError } from '../model/errors.js';
import { defaultLimits } from '../model/limits.js';
import { ANALYZE_CLASSIFIER } from '../pipeline/analyze.js';
import type { ReportContext } from '../aggregate/build-report.js';
import { needsFailures } from '../render/index.js';
import type { ViewExtras } from '../render/view-model.js';
import { ExitCode } from './exit-codes.js';
import type { CliIo } from './io.js';
import { UsageError } from './options.js';
import { dateArg, openHistory, type ScanArgs } from './scan-command.js';
import { periodReport, previousReport } from './history-report.js';
import { say } from './say.js';
import { checkOutput, writeReport, type ReportOutput } from './write-report.js';
import { mailReport, type MailArgs } from './mail-report.js';
import { catalogWith, readRules, withRules } from './rules-option.js';
import { attachDnsFindings, type DnsSettings } from './verify-dns.js';

export type ReportArgs = ScanArgs & ReportOutput & { mail?: MailArgs; verifyDns?: DnsSettings; rules?: string };

export async function runReportCommand(args: ReportArgs, io: CliIo): Promise<number> {
  checkOutput(io, args);
  const config = await loadScanConfig(args.config);
  const to = dateArg('to', args.to) ?? new Date(io.now());
  const from = dateArg('from', args.from) ?? new Date(to.getTime() - 86_400_000);
  if (!existsSync(config.database)) {
    throw new ExotraceError(
      'EXO_INPUT_NOT_FOUND',
      'there is no history here yet: run exotrace scan with this config first.',
      { source: config.database },
    );
  }
  const store = openHistory(config.database);
  try {
    const tenants = config.tenants
      .map((t) => t.name)
      .filter((n) => !args.tenant || n.toLowerCase() === args.tenant.toLowerCase());
    if (tenants.length === 0) throw new UsageError(`no tenant is named ${args.tenant} in the config`);
    const rules = await readRules(args.rules);
    const catalog = catalogWith(rules);
    const ctx: ReportContext = {
      catalog,
      classifier: createClassifier(catalog, withRules(ANALYZE_CLASSIFIER, rules)),
      limits: defaultLimits,
      now: () => new Date(io.now()),
    };
    const period = { from, to };
    const wantFailures = needsFailures(args.format);
    const all = await periodReport(store, tenants, period, ctx, wantFailures);
    const baseline = await previousReport(store, tenants, period, ctx);
    if (args.verifyDns) await attachDnsFindings(io, all.report, args.verifyDns);
    const extras: ViewExtras = {
      ...(baseline ? { baseline } : {}),
      ...(all.failures ? { failures: all.failures } : {}),
      scope: {
        kind: 'tenants',
        names: tenants,
        requested: { start: from.toISOString(), end: to.toISOString() },
        coveragePercent: (100 * all.covered) / Math.max(1, tenants.length * (to.getTime() - from.getTime())),
      },
    };
    if (tenants.length > 1 && args.format !== 'csv') {
      const each = [];
      for (const name of tenants) {
        const own = await periodReport(store, [name], period, ctx, false);
        const before = await previousReport(store, [name], period, ctx);
        each.push({ name, report: own.report, ...(before ? { baseline: before } : {}) });
      }
      extras.tenants = each;
    }
    if (args.mail) {
      await mailReport(io, config, args.mail, all.report, extras, args.redact ? { redact: args.redact } : {}, period);
      say(io, `the report was sent to ${args.mail.to.join(', ')} from ${args.mail.from}.`);
    }
    // with --mail-to, the report is written out only when --out names a file (cron mails it, nothing to print)
    if ((!args.mail || args.out !== undefined) && !(await writeReport(io, all.report, args, extras)))
      return ExitCode.failed;
    if (all.report.totals.deliveries === 0)
      say(io, `the history holds no message of ${tenants.join(', ')} in this period; run exotrace scan first.`);
    return ExitCode.ok;
  } finally {
    store.close();
  }
}
