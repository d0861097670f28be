/** The bundled samples, read as a user would: format and encoding recognized, counts right. */
import { describe, expect, it } from 'vitest';
import { readExportFile } from '../src/sources/read-export.js';
import { defaultLimits } from '../src/model/limits.js';
import type { TraceEvent } from '../src/model/trace.js';
import { analyze, causeCounts } from './helpers/analyze.js';
import { sample } from './helpers/files.js';

// What the sample week holds, by construction (scripts/make-samples.mjs).
const week = {
  messages: 41,
  deliveries: 50,
  delivered: 33,
  failed: 14,
  pending: 1,
  quarantined: 0,
  filteredAsSpam: 0,
  expanded: 1,
  dropped: 1,
  unknown: 0,
};
const weekCauses = {
  'sender.restricted': 3,
  'auth.dmarc.reject': 2,
  'recipient.not-found': 2,
  'auth.spf.fail': 1,
  'delivery.expired': 1,
  'policy.transport-rule': 1,
  'recipient.mailbox-full': 1,
  'relay.tenant-attribution': 1,
  'reputation.consumer-blocklist': 1,
  unknown: 1,
};

describe('bundled samples', () => {
  it.each([
    ['extended-report-utf16le-bom.csv', 'extended-report', 'utf-16le (BOM)', 'comma'],
    ['extended-report-unicode-text-tab.csv', 'extended-report', 'utf-16le (BOM)', 'tab'],
    ['enhanced-summary-utf16le-bom.csv', 'summary-report', 'utf-16le (BOM)', 'comma'],
    ['get-messagetracev2-utf8.csv', 'messagetrace', 'utf-8', 'comma'],
  ])('%s: the sample week, %s in %s', async (name, format, encoding, delimiter) => {
    const report = await analyze([sample(name)]);
    expect(report.inputs).toEqual([expect.objectContaining({ format, encoding, csv: { delimiter }, rejectedRows: 0 })]);
    expect(report.totals).toEqual(week);
    expect(report.issues).toEqual([]);
    if (format === 'extended-report') expect(causeCounts(report)).toEqual(weekCauses);
    else expect(causeCounts(report)).toEqual({ unknown: 14 });
  });

  it('the extended report names the period and gives examples with their line', async () => {
    const report = await analyze([sample('extended-report-utf16le-bom.csv')]);
    expect(report.period).toEqual({ start: '2026-11-16T07:12:00.000Z', end: expect.stringMatching(/^2026-11-19T/) });
    const expired = report.causes.find((c) => c.id === 'delivery.expired')!;
    expect(expired.examples[0]).toMatchObject({
      recipient: 'accounts@tailspintoys.com',
      sender: 'billing@contoso.com',
      direction: 'outbound',
      enhancedCode: '4.4.7',
      reply: '550 4.4.7 QUEUE.Expired; message expired',
      remoteHost: 'mail.tailspintoys.com',
      lastDeferral: expect.stringContaining('450 4.4.316 Connection refused'),
      lastDeferralReply: expect.stringMatching(/^450 4\.4\.316 Connection refused \[Message=Socket error code 10061\]/),
    });
    expect(expired.examples[0]!.line).toBeGreaterThan(1);
    // two not-found texts that differ only in the address and the time are one example shape
    const notFound = report.causes.find((c) => c.id === 'recipient.not-found')!;
    expect(notFound.examples).toHaveLength(1);
    expect(notFound.examples[0]).toMatchObject({
      count: 2,
      reply: expect.stringMatching(
        /^550 5\.1\.10 RESOLVER\.ADR\.RecipientNotFound; Recipient \S+@fabrikam\.com not found/,
      ),
    });
  });

  it('lists deliveries still being retried by the cause of their last deferral', async () => {
    const report = await analyze([sample('extended-report-utf16le-bom.csv')]);
    expect(report.pendingCauses).toEqual([
      expect.objectContaining({
        id: 'tls.failed',
        owner: 'recipient',
        count: 1,
        examples: [
          expect.objectContaining({
            recipient: 'adele.vance@contoso.com',
            remoteHost: 'mail.contoso.com',
            enhancedCode: '4.4.317',
          }),
        ],
      }),
    ]);
    // a deferral followed by delivery is not pending
    expect(report.pendingCauses!.some((c) => c.id === 'transient.greylisted')).toBe(false);
  });

  it('summary and Get-MessageTrace reports say how to get the missing reasons', async () => {
    const report = await analyze([sample('enhanced-summary-utf16le-bom.csv')]);
    expect(report.notes.join(' ')).toMatch(
      /14 failed deliveries came without a reason.*Extended report.*Get-MessageTraceDetailV2/,
    );
  });

  it('the plain Summary report in UTF-16BE', async () => {
    const report = await analyze([sample('summary-report-utf16be.csv')]);
    expect(report.inputs[0]).toMatchObject({ format: 'summary-report', encoding: 'utf-16be (BOM)', rows: 20 });
    expect(report.totals.failed).toBe(14);
  });

  it('Windows PowerShell 5.1: #TYPE line, remoting columns, windows-1252, en-US dates', async () => {
    const events: TraceEvent[] = [];
    const summary = await readExportFile(sample('get-messagetrace-ps51-windows1252.csv'), {
      limits: defaultLimits,
      onEvent: (e) => events.push(e),
      onIssue: (i) => {
        throw new Error(i.message);
      },
    });
    expect(summary).toMatchObject({ format: 'messagetrace', encoding: 'windows-1252', rows: 30, rejectedRows: 0 });
    expect(events.map((e) => e.facts.subject)).toContain('Résumé für Müller – Überweisung €');
    // the emoji could not be saved in the ANSI code page: Excel and PowerShell write '?'
    expect(events.map((e) => e.facts.subject)).toContain('Quarterly results ?? ready');
    expect(events.every((e) => typeof e.time === 'number')).toBe(true);
  });

  it('Get-MessageTraceDetailV2 in UTF-8 with BOM: the reasons come from Detail', async () => {
    const report = await analyze([sample('get-messagetracedetailv2-utf8-bom.csv')]);
    expect(report.inputs[0]).toMatchObject({ format: 'messagetrace-detail', encoding: 'utf-8 (BOM)' });
    expect(causeCounts(report)).toEqual(weekCauses);
  });

  it('the damaged export: the broken row is reported with its line, the rest is analyzed', async () => {
    const report = await analyze([sample('extended-report-utf16le-nobom-damaged.csv')]);
    expect(report.inputs[0]).toMatchObject({
      format: 'extended-report',
      encoding: 'utf-16le',
      rows: 10,
      rejectedRows: 1,
    });
    expect(report.issues).toEqual([expect.objectContaining({ line: 9, code: 'EXO_CSV_QUOTE_NOT_CLOSED' })]);
    // the damaged row was a RECEIVE; the FAIL and SEND of the same message after it still count
    expect(report.totals).toMatchObject({ messages: 3, deliveries: 4, failed: 2, delivered: 1, pending: 1 });
  });
});
