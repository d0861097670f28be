/**
 * The report's breakdown agrees with its totals on every sample (days, directions, causes per day,
 * first and last seen), the top lists name the right senders and domains, and the verdict, the
 * status code glossary and the page's escaping say what they should.
 */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { statusCodeMeaning } from '../src/catalog/status-codes.js';
import type { Report } from '../src/model/report.js';
import { h, signed } from '../src/render/html/escape.js';
import { formatPercent, verdictOf } from '../src/render/verdict.js';
import { hostileReport } from './helpers/hostile-report.js';
import { runCli } from './helpers/cli.js';
import { sample, samplesDir } from './helpers/files.js';

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

describe('the breakdown', () => {
  const files = readdirSync(samplesDir).filter((f) => f.endsWith('.csv'));
  it.each(files)('agrees with the totals of %s', (file) => {
    const r = runCli(['analyze', sample(file), '--format', 'json']);
    const report = JSON.parse(r.stdout) as Report;
    const b = report.breakdown!;
    const t = report.totals;
    expect(sum(Object.values(b.messages))).toBe(t.messages);
    expect(sum(Object.values(b.failed))).toBe(t.failed);
    // every delivery of these samples has a time: the days hold them all, one day after the other
    expect(sum(b.days.map((d) => d.deliveries))).toBe(t.deliveries);
    for (const k of ['delivered', 'failed', 'pending', 'quarantined', 'filteredAsSpam'] as const)
      expect(sum(b.days.map((d) => d[k]))).toBe(t[k]);
    const dates = b.days.map((d) => Date.parse(d.date));
    for (let i = 1; i < dates.length; i++) expect(dates[i]! - dates[i - 1]!).toBe(86_400_000);
    for (const c of report.causes) {
      expect(sum(b.days.map((d) => d.causes[c.id] ?? 0))).toBe(c.count);
      expect(c.firstSeen! <= c.lastSeen!).toBe(true);
      expect(c.firstSeen! >= report.period!.start && c.lastSeen! <= report.period!.end).toBe(true);
    }
    for (const list of [b.senders, b.destinations, b.sendingIps]) {
      expect(sum(list.top.map((s) => s.failed))).toBeLessThanOrEqual(t.failed);
      for (const s of list.top) expect(report.causes.map((c) => c.id)).toContain(s.cause);
    }
    expect(sum(b.statusCodes.map((c) => c.count))).toBeLessThanOrEqual(t.failed);
  });

  it('names the failing senders, destinations and sending IPs of the Extended sample', () => {
    const report = JSON.parse(
      runCli(['analyze', sample('extended-report-utf16le-bom.csv'), '--format', 'json']).stdout,
    );
    const b = report.breakdown;
    expect(b.senders.top[0]).toEqual({ value: 'joni.sherman@contoso.com', failed: 3, cause: 'sender.restricted' });
    expect(b.destinations.top.find((d: { value: string }) => d.value === 'fabrikam.com')).toEqual({
      value: 'fabrikam.com',
      failed: 2,
      cause: 'recipient.not-found',
    });
    expect(b.sendingIps.top.length).toBeGreaterThan(0);
    expect(b.statusCodes.find((c: { code: string }) => c.code === '5.1.8')).toMatchObject({
      meaning: "Permanent failure, addressing: bad sender's system address",
    });
  });
});

describe('the verdict', () => {
  const base = hostileReport('x');
  const with_ = (failed: number, deliveries: number, owners: Array<['tenant-admin' | 'sender', number]>): Report => ({
    ...base,
    totals: { ...base.totals, deliveries, delivered: deliveries - failed, failed },
    causes: owners.map(([owner, count], i) => ({ ...base.causes[0]!, id: `c${i}`, title: `Cause ${i}`, owner, count })),
  });
  it('is healthy, needs attention or is failing, from the share failed and the problems of your own', () => {
    expect(verdictOf(with_(0, 1000, []))).toEqual({
      level: 'healthy',
      sentence: 'Delivery is healthy: 100% delivered and no failure.',
    });
    expect(verdictOf(with_(5, 1000, [['sender', 5]]))).toEqual({
      level: 'healthy',
      sentence: 'Delivery is healthy: 99.5% delivered, 5 failures, none of them for your own admin to fix.',
    });
    expect(
      verdictOf(
        with_(3, 1000, [
          ['tenant-admin', 2],
          ['sender', 1],
        ]),
      ),
    ).toEqual({
      level: 'attention',
      sentence:
        'Delivery needs attention: 99.7% delivered, 3 failures; one problem needs your admin: Cause 0 (2), 2 failures in all.',
    });
    expect(verdictOf(with_(60, 1000, [['sender', 60]])).level).toBe('failing');
    expect(verdictOf(with_(12, 10_000, [['tenant-admin', 12]])).level).toBe('failing');
    expect(verdictOf({ ...base, totals: { ...base.totals, deliveries: 0, failed: 0 } }).level).toBe('empty');
  });
  it('never rounds to a clean 100% or 0%', () => {
    expect(formatPercent(99.96)).toBe('99.9%');
    expect(formatPercent(0.04)).toBe('0.1%');
    expect(formatPercent(100)).toBe('100%');
    expect(signed(-3)).toBe('−3');
    expect(signed(0.25, 'pp')).toBe('+0.3 pp');
  });
});

describe('what the page is made of', () => {
  it('escapes markup and neutralizes control and bidi characters', () => {
    expect(h('<b a="1">&\'')).toBe('&lt;b a=&quot;1&quot;&gt;&amp;&#39;');
    expect(h('\u001b[31mRED\u202egnp.exe')).toBe('\uFFFD[31mRED\uFFFDgnp.exe');
  });
  it('explains status codes by RFC 3463', () => {
    expect(statusCodeMeaning('5.1.1')).toBe('Permanent failure, addressing: bad destination mailbox address');
    expect(statusCodeMeaning('4.4.7')).toBe('Temporary failure (retried), network and routing: delivery time expired');
    expect(statusCodeMeaning('5.7.708')).toBe("Permanent failure, security or policy (a code of the server's own)");
    expect(statusCodeMeaning('9.9.9')).toBeUndefined();
  });
});
