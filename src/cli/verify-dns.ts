/** --verify-dns for analyze and report: the findings attached to the report, and one note when DNS did not answer. */
import { verifyDns } from '../dns/verify.js';
import type { Report } from '../model/report.js';
import { verifyDnsResolver } from './check-domain-command.js';
import type { CliIo } from './io.js';

export interface DnsSettings {
  server?: string;
  timeoutMs?: number;
}

export async function attachDnsFindings(io: CliIo, report: Report, settings: DnsSettings): Promise<void> {
  const dns = await verifyDnsResolver(settings);
  report.dns = await verifyDns(report, dns, new Date(io.now()));
  if (report.dns.notChecked) report.notes.push(`DNS ${report.dns.notChecked}`);
}
