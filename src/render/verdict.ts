/**
 * The one sentence a manager reads first, written from the data, with a status: healthy, needs
 * attention, or failing. The thresholds are a judgement, kept here in one place: below 1% of
 * deliveries failed and nothing for your own admin is healthy; 5% failed, or a problem of your
 * own that failed 10 deliveries or more, is failing.
 */
import type { Report } from '../model/report.js';
import { deliveredPercent } from './compare.js';

export type VerdictLevel = 'healthy' | 'attention' | 'failing' | 'empty';

export interface Verdict {
  level: VerdictLevel;
  sentence: string;
}

const FAILING_PERCENT = 5;
const ATTENTION_PERCENT = 1;
const FAILING_OWN_COUNT = 10;

export function formatPercent(p: number): string {
  if (p === 100 || p === 0) return `${p}%`;
  // never round 99.96% up to a clean 100%, nor 0.04% down to 0%
  const s = p.toFixed(1);
  return s === '100.0' ? '99.9%' : s === '0.0' ? '0.1%' : `${s}%`;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

function nOf(n: number): string {
  return n === 1 ? 'one problem needs' : `${n} problems need`;
}

export function verdictOf(r: Report): Verdict {
  const t = r.totals;
  if (t.deliveries === 0)
    return { level: 'empty', sentence: 'No message in this period: there is nothing to judge yet.' };
  const delivered = deliveredPercent(r);
  const failedPercent = (100 * t.failed) / t.deliveries;
  const own = r.causes.filter((c) => c.owner === 'tenant-admin');
  const ownFailed = own.reduce((s, c) => s + c.count, 0);
  const level: VerdictLevel =
    failedPercent >= FAILING_PERCENT || own.some((c) => c.count >= FAILING_OWN_COUNT)
      ? 'failing'
      : failedPercent >= ATTENTION_PERCENT || own.length > 0
        ? 'attention'
        : 'healthy';
  const head =
    level === 'healthy'
      ? 'Delivery is healthy'
      : level === 'attention'
        ? 'Delivery needs attention'
        : 'Delivery is failing';
  const figures = `${formatPercent(delivered)} delivered, ${plural(t.failed, 'failure', 'failures')}`;
  if (t.failed === 0) return { level, sentence: `${head}: ${formatPercent(delivered)} delivered and no failure.` };
  if (own.length > 0) {
    const named = own
      .slice(0, 2)
      .map((c) => `${c.title} (${c.count})`)
      .join('; ');
    const rest = own.length > 2 ? ` and ${own.length - 2} more` : '';
    return {
      level,
      sentence: `${head}: ${figures}; ${nOf(own.length)} your admin: ${named}${rest}, ${plural(ownFailed, 'failure', 'failures')} in all.`,
    };
  }
  return { level, sentence: `${head}: ${figures}, none of them for your own admin to fix.` };
}
