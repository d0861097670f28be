/**
 * `report --mail-to ADDRESS... --mail-from MAILBOX [--mail-pdf] [--mail-tenant NAME]`: the report
 * sent through Graph by the tenant that signs in (the first of the config unless named), with the
 * verdict in the subject.
 */
import type { ScanConfig } from '../graph/config.js';
import { readCredential } from '../graph/credentials.js';
import { createGraphSession } from '../graph/graph-client.js';
import { httpsSettings } from '../graph/https-settings.js';
import { createQuota, systemClock } from '../graph/quota.js';
import { sendReportMail, type MailAttachment } from '../graph/send-mail.js';
import { createTokenSource } from '../graph/sign-in.js';
import type { Report } from '../model/report.js';
import { verdictOf } from '../render/verdict.js';
import type { ViewExtras } from '../render/view-model.js';
import type { CliIo } from './io.js';
import { UsageError } from './options.js';
import { renderReport, type ReportOutput } from './write-report.js';

export interface MailArgs {
  to: string[];
  from: string;
  /** attach the PDF too */
  pdf: boolean;
  /** the config's tenant that signs in to send */
  tenant?: string;
}

const ADDRESS = /^[^\s@<>(),;:"]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/;

/** The mail options as given, checked; undefined when none was given. */
export function mailArgs(to: string[], from: string | undefined, pdf: boolean, tenant?: string): MailArgs | undefined {
  if (to.length === 0 && from === undefined && !pdf && tenant === undefined) return undefined;
  if (to.length === 0) throw new UsageError('--mail-from, --mail-pdf and --mail-tenant go with --mail-to ADDRESS');
  if (from === undefined)
    throw new UsageError('--mail-to needs --mail-from MAILBOX: the mailbox of the tenant the report is sent from');
  for (const a of [...to, from])
    if (!ADDRESS.test(a)) throw new UsageError(`${JSON.stringify(a)} is not a mail address (--mail-to, --mail-from)`);
  return { to, from, pdf, ...(tenant !== undefined ? { tenant } : {}) };
}

/** The subject: the period and the verdict, short enough for a phone's inbox. */
export function mailSubject(report: Report, period: { from: Date; to: Date }): string {
  const day = (d: Date) => d.toISOString().slice(0, 10);
  const span =
    day(period.from) === day(new Date(period.to.getTime() - 1))
      ? day(period.from)
      : `${day(period.from)} to ${day(new Date(period.to.getTime() - 1))}`;
  const subject = `Mail delivery ${span}: ${verdictOf(report).sentence}`;
  return subject.length > 250 ? `${subject.slice(0, 249)}…` : subject;
}

export async function mailReport(
  io: CliIo,
  config: ScanConfig,
  mail: MailArgs,
  report: Report,
  extras: ViewExtras,
  output: Omit<ReportOutput, 'format' | 'out'>,
  period: { from: Date; to: Date },
): Promise<void> {
  const tenant = mail.tenant
    ? config.tenants.find((t) => t.name.toLowerCase() === mail.tenant!.toLowerCase())
    : config.tenants[0];
  if (!tenant) throw new UsageError(`no tenant is named ${mail.tenant} in the config (--mail-tenant)`);
  const page = await renderReport(io, report, { ...output, format: 'html' }, extras);
  const html = 'text' in page ? page.text : Buffer.from(page.bytes).toString('utf8');
  const stamp = period.to.toISOString().slice(0, 10);
  const attachments: MailAttachment[] = [
    { name: `mail-delivery-${stamp}.html`, contentType: 'text/html', bytes: Buffer.from(html, 'utf8') },
  ];
  if (mail.pdf) {
    const pdf = await renderReport(io, report, { ...output, format: 'pdf' }, extras);
    if ('bytes' in pdf)
      attachments.push({ name: `mail-delivery-${stamp}.pdf`, contentType: 'application/pdf', bytes: pdf.bytes });
  }
  const https = await httpsSettings(config, io.env);
  const credential = await readCredential(tenant, io.env, new Date(io.now()));
  const graph = createGraphSession({
    tenant,
    graphBaseUrl: config.graphBaseUrl,
    tokens: createTokenSource(config, tenant, credential, https),
    quota: createQuota(config.quota.requests, config.quota.windowMs, systemClock),
    clock: systemClock,
    https,
  });
  // (the verdict holds numbers and the catalog's titles only: nothing to redact)
  const subject = mailSubject(report, period);
  await sendReportMail(graph, tenant, { from: mail.from, to: mail.to, subject, html, attachments });
}
