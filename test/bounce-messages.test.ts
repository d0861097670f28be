/**
 * Bounce messages read as what they are: one failed (or, for a delay, pending) delivery per
 * recipient they report, with the reply that explains it classified, whatever generation or MTA
 * wrote them (test/fixtures/ndr/, written by scripts/make-ndr-fixtures.mjs from their shapes), in
 * .eml, .msg and .mbox files.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCatalog } from '../src/catalog/index.js';
import { createClassifier } from '../src/classify/classifier.js';
import { defaultLimits } from '../src/model/limits.js';
import type { TraceEvent } from '../src/model/trace.js';
import { readExportFile } from '../src/sources/read-export.js';
import { parseDeliveryStatus } from '../src/sources/messages/bounce.js';
import { analyze, causeCounts } from './helpers/analyze.js';
import { runCli } from './helpers/cli.js';
import { repoRoot } from './helpers/files.js';

const dir = join(repoRoot, 'test', 'fixtures', 'ndr');
interface Expected {
  file: string;
  recipients: Array<{ recipient: string; state: 'failed' | 'pending' | 'delivered'; cause: string | null }>;
  messageId?: string;
  subject?: string;
  sender?: string;
  auth?: boolean;
}
const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as {
  fixtures: Expected[];
  mbox: { file: string; messages: number };
};
const classifier = createClassifier(createCatalog());

async function eventsOf(file: string): Promise<{ events: TraceEvent[]; kind: string | undefined; issues: unknown[] }> {
  const events: TraceEvent[] = [];
  const issues: unknown[] = [];
  const summary = await readExportFile(join(dir, file), {
    limits: defaultLimits,
    onEvent: (e) => events.push(e),
    onIssue: (i) => issues.push(i),
  });
  return { events, kind: summary.kind, issues };
}

describe('bounce messages of every generation', () => {
  it('has at least 50 bounces that report failures, from at least 12 MTAs and generations', () => {
    expect(
      manifest.fixtures.filter((f) => f.recipients.every((r) => r.state === 'failed')).length,
    ).toBeGreaterThanOrEqual(50);
    const families = new Set(manifest.fixtures.map((f) => f.file.split(/[-.]/)[0]));
    expect(families.size).toBeGreaterThanOrEqual(12);
  });

  it.each(manifest.fixtures.map((f) => [f.file, f] as const))(
    '%s: each reported recipient with its state and cause',
    async (file, expected) => {
      const { events, kind, issues } = await eventsOf(file);
      expect(issues).toEqual([]);
      expect(kind).toBe(file.endsWith('.msg') ? 'outlook-msg' : 'ndr');
      expect(events.map((e) => e.recipient).sort()).toEqual(expected.recipients.map((r) => r.recipient).sort());
      for (const r of expected.recipients) {
        const e = events.find((x) => x.recipient === r.recipient)!;
        expect(e.format).toBe('headers');
        expect({ recipient: r.recipient, state: e.state }).toEqual({ recipient: r.recipient, state: r.state });
        if (r.cause)
          expect({ recipient: r.recipient, cause: classifier.classify(e.text).id, text: e.text }).toMatchObject({
            recipient: r.recipient,
            cause: r.cause,
          });
        else expect(e.text).toBeUndefined();
        if (expected.subject) expect(e.facts.subject).toBe(expected.subject);
        if (expected.messageId) expect(e.facts.messageId).toBe(expected.messageId);
        if (expected.sender) expect(e.facts.sender).toBe(expected.sender);
        expect(e.time).toEqual(expect.any(Number));
      }
    },
  );

  it('reports them all as failures with their causes, none as delivered mail', async () => {
    const files = manifest.fixtures.map((f) => join(dir, f.file));
    const report = await analyze(files);
    const all = manifest.fixtures.flatMap((f) => f.recipients);
    expect(report.totals.failed).toBe(all.filter((r) => r.state === 'failed').length);
    expect(report.totals.pending).toBe(all.filter((r) => r.state === 'pending').length);
    expect(report.totals.delivered).toBe(all.filter((r) => r.state === 'delivered').length);
    const expectedCauses: Record<string, number> = {};
    for (const r of all) if (r.state === 'failed') expectedCauses[r.cause!] = (expectedCauses[r.cause!] ?? 0) + 1;
    expect(causeCounts(report)).toEqual(expectedCauses);
    expect(report.causes.find((c) => c.id === 'unknown')).toBeUndefined();
    expect(report.issues).toEqual([]);
  });

  it('reads the returned message: its authentication results count in the health section', async () => {
    const withAuth = manifest.fixtures.filter((f) => f.auth).map((f) => join(dir, f.file));
    expect(withAuth.length).toBeGreaterThan(2);
    const report = await analyze(withAuth);
    expect(report.authentication!.messages).toBe(withAuth.length);
    expect(report.authentication!.domains[0]).toMatchObject({
      domain: 'contoso.com',
      dmarc: { pass: withAuth.length },
    });
  });

  it('reads an .mbox of bounces as many, each at its own line', async () => {
    const { events, kind } = await eventsOf(manifest.mbox.file);
    expect(kind).toBe('mbox');
    expect(events).toHaveLength(manifest.mbox.messages);
    expect(new Set(events.map((e) => e.messageKey)).size).toBe(manifest.mbox.messages);
    const lines = readFileSync(join(dir, manifest.mbox.file), 'latin1').split('\n');
    for (const e of events) {
      // each event points at the first header line after its message's From separator
      expect(lines[e.line - 2]).toMatch(/^From MAILER-DAEMON /);
      expect(e.state).toBe('failed');
    }
  });

  it('says what the inputs were in the text report, and exits 0', () => {
    const r = runCli([
      'analyze',
      join(dir, 'exo-01-notFound.eml'),
      join(dir, 'bounces.mbox'),
      join(dir, 'outlook-saved-ndr.msg'),
    ]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/exo-01-notFound\.eml: bounce message \(NDR\), utf-8, 1 recipient reported/);
    expect(r.stdout).toMatch(/bounces\.mbox: mailbox \(\.mbox\), utf-8, 8 deliveries read from its messages/);
    expect(r.stdout).toMatch(/outlook-saved-ndr\.msg: Outlook \.msg file, 1 delivery read/);
    expect(r.stdout).not.toMatch(/Delivered\s+\d+\s+100%/);
  });

  it('reads an ordinary message saved from Outlook as the delivery it describes', async () => {
    const report = await analyze([join(dir, 'outlook-saved-message.msg')]);
    expect(report.inputs[0]).toMatchObject({ format: 'headers', kind: 'outlook-msg' });
    expect(report.totals).toMatchObject({ delivered: 1, failed: 0 });
    expect(report.authentication!.domains[0]).toMatchObject({ domain: 'fabrikam.com', dmarc: { fail: 1 } });
  });
});

describe('the delivery status report (RFC 3464)', () => {
  it('reads folded fields, types before values, and decides the action from the status when it is missing', () => {
    const text = [
      'Reporting-MTA: dns; mail.example.org',
      '',
      'Final-Recipient: rfc822; <A.User@Example.ORG>',
      'Status: 4.4.1',
      'Diagnostic-Code: X-Postfix; connect to mx.example.org[198.51.100.25]:25:',
      '    Connection timed out',
      '',
      'Original-Recipient: rfc822;b@example.org',
      'Action: delivered',
      'Status: 2.0.0',
    ].join('\r\n');
    expect(parseDeliveryStatus(text)).toEqual([
      {
        address: 'a.user@example.org',
        action: 'delayed',
        status: '4.4.1',
        text: 'connect to mx.example.org[198.51.100.25]:25: Connection timed out',
      },
      { address: 'b@example.org', action: 'delivered', status: '2.0.0' },
    ]);
  });
});
