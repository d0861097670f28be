/**
 * The report for management as an MSP runs it: two tenants scanned through the Graph stand-in over
 * 60 days, then `exotrace report` of the last 30 days: a roll-up of the tenants, then each one's
 * page, compared with the 30 days before (from the same history); printed to PDF; and sent by mail
 * through Graph's sendMail, which refuses an app without Mail.Send and a mailbox the tenant does
 * not have.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../src/model/report.js';
import { formatPercent, verdictOf } from '../src/render/verdict.js';
import { startGraphStandIn, type GraphStandIn, type StandInTenant } from '../scripts/stand-in/graph-stand-in.mjs';
import { artifactPath, withPage } from './helpers/browser.js';
import { makeCertificate } from './helpers/certificates.js';
import { runCliAsync } from './helpers/cli.js';
import { sample, tempDir } from './helpers/files.js';
import { pdfText } from './helpers/pdf-text.js';
import { FORMULAS, HOSTILE } from './helpers/hostile-trace.js';
import { parse } from 'csv-parse/sync';
import { expectValidReport } from './helpers/report-schema.js';

const tmp = tempDir();
let standIn: GraphStandIn;
const DAY = 86_400_000;
const end = Math.floor(Date.now() / DAY) * DAY - DAY; // midnight UTC, yesterday
const env = { CONTOSO_SECRET: 'contoso-pw', FABRIKAM_SECRET: 'fabrikam-pw' };

const NOT_FOUND =
  'Reason: [{LED=550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup};{MSG=}]';
const RESTRICTED = 'Reason: [{LED=550 5.1.8 Access denied, bad outbound sender};{MSG=}]';
const MAILBOX_FULL = 'Reason: [{LED=554 5.2.2 mailbox full; STOREDRV.Deliver.Exception:QuotaExceededException};{MSG=}]';

/**
 * `perDay` messages a day over the 60 days before `end`; failures: `failEarly` texts in the first
 * 30 days, `failLate` in the last 30 (one failure every `every` messages).
 */
function tenant(
  tenantId: string,
  secret: string,
  perDay: number,
  every: number,
  failEarly: string[],
  failLate: string[],
  extra: Partial<StandInTenant> = {},
): StandInTenant {
  const rows: Array<Record<string, unknown>> = [];
  const details: NonNullable<StandInTenant['details']> = {};
  for (let day = 0; day < 60; day++) {
    for (let i = 0; i < perDay; i++) {
      const n = day * perDay + i;
      const id = `${tenantId.slice(-2)}-${String(n).padStart(6, '0')}`;
      const texts = day < 30 ? failEarly : failLate;
      // one failure every `every` messages, twice as often in the last 30 days when a new text comes
      const often = day >= 30 && failLate.length > failEarly.length ? every / 2 : every;
      const failed = texts.length > 0 && n % often === 0;
      const recipient = failed ? `gone${n}@fabrikam.example` : `user${n % 40}@contoso.example`;
      const at = new Date(end - (60 - day) * DAY + 3_600_000 + i * 60_000).toISOString();
      rows.push({
        id,
        senderAddress: `sender${n % 5}@contoso.example`,
        recipientAddress: recipient,
        receivedDateTime: at,
        // failures carry hostile subjects: markup, script, formulas
        subject: failed ? HOSTILE_SUBJECTS[n % HOSTILE_SUBJECTS.length] : `Order ${n}`,
        size: 2000,
        fromIP: '',
        toIP: '192.0.2.10',
        status: failed ? 'Failed' : 'Delivered',
      });
      if (failed)
        details[`${id}|${recipient}`] = [
          { id, dateTime: at, event: 'Fail', action: '', description: texts[(n / often) % texts.length]! },
        ];
    }
  }
  return { tenantId, apps: [{ clientId: appOf(tenantId), secret }], rows, details, ...extra };
}

/** the app registration's (client) id in tenant t */
const appOf = (t: string) => t.replace(/^0{8}/, '11111111');
const HOSTILE_SUBJECTS = [...HOSTILE, ...FORMULAS];
const T1 = '00000000-0000-0000-0000-0000000000a1';
const T2 = '00000000-0000-0000-0000-0000000000a2';
let config = '';

beforeAll(async () => {
  const server = makeCertificate(tmp.dir, 'server', { cn: '127.0.0.1', ip: '127.0.0.1' });
  const contoso = tenant(T1, 'contoso-pw', 20, 50, [NOT_FOUND], [NOT_FOUND, RESTRICTED], {
    mailboxes: ['reports@contoso.example'],
  });
  contoso.apps[0]!.mailSend = true;
  standIn = await startGraphStandIn({
    key: server.keyPem,
    cert: server.certPem,
    now: () => Date.now(),
    quota: { requests: 10_000, windowMs: 300_000 },
    tenants: [contoso, tenant(T2, 'fabrikam-pw', 10, 40, [MAILBOX_FULL], [MAILBOX_FULL])],
  });
  config = join(tmp.dir, 'msp.json');
  writeFileSync(
    config,
    JSON.stringify({
      database: 'msp.db',
      graphBaseUrl: standIn.url,
      authorityHost: standIn.url,
      caFile: 'server.cert.pem',
      quota: { requests: 10_000, windowSeconds: 300 },
      tenants: [
        { name: 'contoso', tenantId: T1, clientId: appOf(T1), clientSecretEnv: 'CONTOSO_SECRET' },
        { name: 'fabrikam', tenantId: T2, clientId: appOf(T2), clientSecretEnv: 'FABRIKAM_SECRET' },
      ],
    }),
  );
  const scan = await runCliAsync(
    ['scan', '--config', config, '--from', new Date(end - 60 * DAY).toISOString(), '--to', new Date(end).toISOString()],
    { env },
  );
  expect(scan.stderr).toBe('');
  expect(scan.status).toBe(0);
}, 120_000);

afterAll(async () => {
  await standIn?.close();
  tmp.cleanup();
});

const last30 = ['--from', new Date(end - 30 * DAY).toISOString(), '--to', new Date(end).toISOString()];
const report = async (...args: string[]) => runCliAsync(['report', '--config', config, ...last30, ...args], { env });

describe('the report for management over two tenants and 30 days', () => {
  it('rolls the tenants up, then shows each one against the previous 30 days, in Chromium', async () => {
    const json = JSON.parse((await report('--format', 'json')).stdout) as Report;
    expectValidReport(json);
    expect(json.breakdown!.days).toHaveLength(30);
    const r = await report('--format', 'html');
    expect(r.status, r.stderr).toBe(0);
    await withPage(r.stdout, async ({ page, url, requests, errors }) => {
      expect(squash(await page.locator('body > #verdict').innerText())).toContain(verdictOf(json).sentence);
      expect(squash(await page.locator('#scope').innerText())).toContain('Coverage 100% of the period was read');
      const rollup = await page
        .locator('#rollup tbody tr')
        .evaluateAll((rows) => rows.map((row) => [...row.querySelectorAll('td')].map((td) => td.textContent)));
      expect(rollup.map((row) => row[0])).toEqual(['contoso', 'fabrikam']);
      expect(rollup[0]![3]).toContain('Recipient address does not exist');
      expect(rollup[1]![3]).toContain('Recipient mailbox is full');
      // contoso's own page: a cause new this period, its failures against the 30 days before
      const contoso = page.locator('div.tenant[data-tenant="contoso"]');
      const failed = squash(await contoso.locator('[data-kpi="failed"]').innerText());
      expect(failed).toMatch(/^Failed \d+ \+\d+ vs \d+$/);
      const [, now, plus, before] = /Failed (\d+) \+(\d+) vs (\d+)/.exec(failed)!.map(Number);
      expect(now! - before!).toBe(plus);
      expect(await contoso.locator('#t1-new h3:text("Causes") + ul li').allTextContents()).toEqual([
        'Sending user is restricted for outbound spam',
      ]);
      expect(squash(await contoso.locator('tr[data-cause="sender.restricted"] td:nth-child(4)').innerText())).toBe(
        'new',
      );
      // fabrikam's: the same cause as before, nothing new
      const fabrikam = page.locator('div.tenant[data-tenant="fabrikam"]');
      expect(await fabrikam.locator('#t2-new h3:text("Causes") + p').innerText()).toBe('None.');
      expect(await fabrikam.locator('[data-kpi="delivered"] .value').innerText()).toMatch(/^\d+(\.\d)?%$/);
      // each tenant's trend has its 30 days
      expect(await contoso.locator('#t1-chart-volume table tbody tr').count()).toBe(30);
      // ids stay unique, and every link inside the page finds its target
      const ids = await page.evaluate(() => {
        const all = [...document.querySelectorAll('[id]')].map((e) => e.id);
        const links = [...document.querySelectorAll('a[href^="#"]')].map((a) => a.getAttribute('href')!.slice(1));
        return {
          duplicates: all.filter((id, i) => all.indexOf(id) !== i),
          missing: links.filter((l) => !all.includes(l)),
        };
      });
      expect(ids).toEqual({ duplicates: [], missing: [] });
      const inert = await page.evaluate(() => ({
        pwned: (window as unknown as { __pwned?: number }).__pwned,
        active: document.querySelectorAll('script, img, iframe, a[href^="javascript:"], #injected').length,
      }));
      expect(inert).toEqual({ pwned: undefined, active: 0 });
      expect(errors).toEqual([]);
      expect(requests).toEqual([url]);
      await page.screenshot({ path: artifactPath('report-two-tenants.png'), fullPage: true });
    });
  });

  it('writes the failures as a formula-safe CSV, and redacts every personal address when asked', async () => {
    const json = JSON.parse((await report('--format', 'json')).stdout) as Report;
    const csv = await report('--format', 'csv', '--redact');
    expect(csv.status, csv.stderr).toBe(0);
    const rows = parse(csv.stdout, { bom: true, columns: true }) as Array<Record<string, string>>;
    expect(rows).toHaveLength(json.totals.failed);
    for (const row of rows) for (const cell of Object.values(row)) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
    expect(new Set(rows.map((r) => r.source))).toEqual(new Set(['graph:contoso', 'graph:fabrikam']));
    for (const format of ['csv', 'html', 'json', 'markdown', 'text']) {
      const out = (await report('--format', format, '--redact')).stdout;
      expect(out, format).not.toMatch(/\b(sender\d|gone\d+|user\d+)@/);
      expect(out, format).toMatch(/person-\d+@(contoso|fabrikam)\.example/);
    }
  });

  it('takes local rules from the history as analyze does', async () => {
    const rules = join(tmp.dir, 'rules.json');
    writeFileSync(
      rules,
      JSON.stringify({
        rules: [
          {
            name: 'fabrikam archive',
            pattern: 'mailbox full',
            cause: {
              id: 'local.fabrikam-archive',
              title: "Fabrikam's shared mailbox is full",
              owner: 'recipient',
              explanation: 'The shared mailbox fabrikam keeps for orders is over its quota again.',
              fix: ['Ask Fabrikam to archive the orders mailbox.'],
            },
          },
        ],
      }),
    );
    const json = JSON.parse((await report('--format', 'json', '--rules', rules)).stdout) as Report;
    expect(json.causes.map((c) => c.id)).toContain('local.fabrikam-archive');
    expect(json.causes.map((c) => c.id)).not.toContain('recipient.mailbox-full');
    expect(json.notes.some((n) => n.startsWith('Local rules (--rules) named the cause of'))).toBe(true);
  });

  it('prints to PDF with the verdict', async () => {
    const out = join(tmp.dir, 'msp.pdf');
    const r = await report('--format', 'pdf', '--out', out);
    expect(r.status, r.stderr).toBe(0);
    const { pages, text } = await pdfText(readFileSync(out));
    expect(pages).toBeGreaterThan(3);
    expect(squash(text.join(' '))).toMatch(/Delivery (is healthy|needs attention|is failing): \d/);
  });

  it('is sent by mail through Graph: the page as the body, the page and the PDF attached, the verdict in the subject', async () => {
    standIn.mail.length = 0;
    const r = await report(
      '--mail-to',
      'cio@contoso.example',
      '--mail-to',
      'it@contoso.example',
      '--mail-from',
      'reports@contoso.example',
      '--mail-pdf',
    );
    expect(r.stderr).toBe(
      'exotrace: the report was sent to cio@contoso.example, it@contoso.example from reports@contoso.example.\n',
    );
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('');
    expect(standIn.mail).toHaveLength(1);
    const sent = standIn.mail[0]!;
    expect(sent).toMatchObject({ tenant: T1, from: 'reports@contoso.example', saveToSentItems: true });
    expect(sent.message.toRecipients.map((t) => t.emailAddress.address)).toEqual([
      'cio@contoso.example',
      'it@contoso.example',
    ]);
    const json = JSON.parse((await report('--format', 'json')).stdout) as Report;
    const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
    expect(sent.message.subject).toBe(
      `Mail delivery ${day(end - 30 * DAY)} to ${day(end - 1)}: ${verdictOf(json).sentence}`,
    );
    expect(sent.message.body.contentType).toBe('HTML');
    expect(sent.message.body.content).toContain('<h2>contoso</h2>');
    const files = sent.message.attachments!.map((a) => [a.name, a.contentType]);
    expect(files).toEqual([
      [`mail-delivery-${day(end)}.html`, 'text/html'],
      [`mail-delivery-${day(end)}.pdf`, 'application/pdf'],
    ]);
    const pdf = Buffer.from(sent.message.attachments![1]!.contentBytes, 'base64');
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(formatPercent(100)).toBe('100%');
  });

  it('sends an analysis of exported files too, signed in by the config', async () => {
    standIn.mail.length = 0;
    const file = sample('extended-report-utf16le-bom.csv');
    const args = ['analyze', file, '--mail-to', 'it@contoso.example', '--mail-from', 'reports@contoso.example'];
    const r = await runCliAsync([...args, '--config', config, '--redact'], { env });
    expect(r.stderr).toBe('exotrace: the report was sent to it@contoso.example from reports@contoso.example.\n');
    expect(r.status).toBe(0);
    expect(standIn.mail).toHaveLength(1);
    const sent = standIn.mail[0]!;
    expect(sent.message.subject).toMatch(
      /^Mail delivery 2026-11-16 to 2026-11-19: Delivery is failing: 66\.\d% delivered/,
    );
    expect(sent.message.body.content).not.toContain('joni.sherman@');
    expect(sent.message.attachments!.map((a) => a.contentType)).toEqual(['text/html']);
    const noConfig = await runCliAsync(args, { env });
    expect(noConfig.status).toBe(64);
    expect(noConfig.stderr).toContain('--mail-to signs in as the scan does: name its config with --config');
  });

  it('says what to fix when Graph refuses to send: no Mail.Send, or no such mailbox', async () => {
    standIn.mail.length = 0;
    const noMailbox = await report('--mail-to', 'cio@contoso.example', '--mail-from', 'nobody@contoso.example');
    expect(noMailbox.status).toBe(1);
    expect(noMailbox.stderr).toContain('there is no mailbox nobody@contoso.example in tenant contoso to send from');
    const forbidden = await report(
      '--mail-to',
      'cio@fabrikam.example',
      '--mail-from',
      'reports@fabrikam.example',
      '--mail-tenant',
      'fabrikam',
    );
    expect(forbidden.status).toBe(78);
    expect(forbidden.stderr).toContain('needs the application permission Mail.Send');
    expect(standIn.mail).toEqual([]);
    const usage = await report('--mail-to', 'cio@contoso.example');
    expect(usage.status).toBe(64);
    expect(usage.stderr).toContain('--mail-to needs --mail-from MAILBOX');
  });
});

function squash(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}
