/** Where authentication data comes from (column, custom_data, headers) and the health section. */
import { afterAll, describe, expect, it } from 'vitest';
import { authFromAgents, parseCustomData } from '../src/normalize/fields.js';
import {
  decodeEncodedWords,
  eventFromHeaders,
  isMessageHeaderBlock,
  parseHeaderBlock,
} from '../src/sources/headers/message-headers.js';
import { analyze } from './helpers/analyze.js';
import { runCli } from './helpers/cli.js';
import { encodeText, sample, sampleText, tempDir } from './helpers/files.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

describe('message headers input', () => {
  it('analyzes an .eml: one delivered message, its authentication verdict in the health section', async () => {
    const report = await analyze([sample('message-headers-spoof.eml')]);
    expect(report.inputs).toEqual([expect.objectContaining({ format: 'headers', encoding: 'utf-8', rows: 1 })]);
    expect(report.totals).toMatchObject({ messages: 1, deliveries: 1, delivered: 1, failed: 0 });
    expect(report.authentication).toEqual({
      messages: 1,
      domains: [
        expect.objectContaining({
          domain: 'contoso.com',
          spf: { none: 1 },
          dkim: { none: 1 },
          dmarc: { fail: 1 },
          compauth: { fail: 1 },
          spamVerdicts: { SPM: 1 },
          categories: { SPOOF: 1 },
          problems: [expect.objectContaining({ id: 'auth.spoof.intra-org', owner: 'tenant-admin', count: 1 })],
        }),
      ],
    });
  });

  it('counts result values that are names of Object.prototype members as plain values', async () => {
    const eml = tmp.file(
      'proto.eml',
      'Received: from mail.fabrikam.com (192.0.2.7) by mx.contoso.com\r\nFrom: a@fabrikam.com\r\nTo: b@contoso.com\r\nMessage-ID: <p1@fabrikam.com>\r\n' +
        'Authentication-Results: spf=constructor smtp.mailfrom=fabrikam.com; dkim=__proto__ header.d=fabrikam.com; dmarc=toString header.from=fabrikam.com; compauth=hasOwnProperty reason=valueOf\r\n\r\nbody\r\n',
    );
    const r = runCli(['analyze', '--format', 'json', eml]);
    const domain = JSON.parse(r.stdout).authentication.domains[0];
    expect(domain).toMatchObject({
      domain: 'fabrikam.com',
      spf: { constructor: 1 },
      dmarc: { tostring: 1 },
      compauth: { hasownproperty: 1 },
    });
    expect(Object.entries(domain.dkim)).toEqual([['__proto__', 1]]);
    expect(r.stdout).not.toContain('native code');
  });

  it('analyzes pasted headers in UTF-16 without a body', async () => {
    const report = await analyze([sample('pasted-headers-dmarc-fail.txt')]);
    expect(report.inputs[0]).toMatchObject({ format: 'headers', encoding: 'utf-16le (BOM)' });
    expect(report.authentication!.domains[0]).toMatchObject({
      domain: 'fabrikam.com',
      problems: [expect.objectContaining({ id: 'auth.dmarc.reject' })],
    });
  });

  it('unfolds fields, decodes encoded words, takes the topmost Authentication-Results', () => {
    const text =
      'From x@y Mon Nov 16 09:00:00 2026\nAuthentication-Results: spf=pass\n smtp.mailfrom=contoso.com; dmarc=pass action=none header.from=contoso.com\nAuthentication-Results: spf=fail smtp.mailfrom=old.example\nFrom: =?utf-8?Q?Ren=C3=A9e?= <renee@contoso.com>\nTo: a@fabrikam.com, b@fabrikam.com\nSubject: =?utf-8?B?8J+TiCBRMw==?=\n\nbody: not a header\n';
    expect(isMessageHeaderBlock(text)).toBe(true);
    const fields = parseHeaderBlock(text);
    expect(fields.map(([n]) => n)).toEqual([
      'Authentication-Results',
      'Authentication-Results',
      'From',
      'To',
      'Subject',
    ]);
    const e = eventFromHeaders(fields, 'x.eml')!;
    expect(e).toMatchObject({
      recipient: 'a@fabrikam.com',
      auth: 'spf=pass smtp.mailfrom=contoso.com; dmarc=pass action=none header.from=contoso.com',
      facts: { sender: 'renee@contoso.com', subject: '📈 Q3' },
    });
    expect(decodeEncodedWords('=?iso-8859-1?Q?M=FCller?=')).toBe('Müller');
  });

  it('does not take a CSV export for headers', () => {
    expect(isMessageHeaderBlock('date_time_utc,client_ip\r\n2026-11-16T07:12:00Z,\r\n')).toBe(false);
    expect(isMessageHeaderBlock('#TYPE Deserialized.Microsoft\r\n"Received","Status"\r\n')).toBe(false);
    expect(isMessageHeaderBlock('Date,Event,Detail\n')).toBe(false);
  });
});

describe('authentication results in exports', () => {
  it('reads an Authentication-Results column added to an extended report', async () => {
    const report = await analyze([sample('extended-report-with-auth-column-utf8-bom.csv')]);
    const auth = report.authentication!;
    expect(auth.messages).toBe(11);
    expect(auth.domains.map((d) => d.domain).slice(0, 2)).toEqual(['example.com', 'litwareinc.com']);
    expect(auth.domains.find((d) => d.domain === 'fabrikam.com')).toMatchObject({
      messages: 4,
      dmarc: { pass: 4 },
      problems: [],
    });
    // the failure analysis is unchanged by the extra column
    expect(report.totals.failed).toBe(14);
  });

  it('reads S:SPF / S:DKIM / S:DMARC / S:CompAuth entries of custom_data', () => {
    const agents = parseCustomData(
      'S:SFA=SUM|SFV=SPM;S:SPF=Fail;S:DKIM=None;S:DMARC=Fail|action=oreject;S:CompAuth=fail|reason=000',
    );
    expect(authFromAgents(agents)).toBe('spf=fail; dkim=none; dmarc=fail action=oreject; compauth=fail reason=000');
    expect(authFromAgents(parseCustomData('S:SFA=SUM|SFV=NSPM'))).toBeUndefined();
  });

  it('counts each message once however many rows carry its results, and reports the verdict', async () => {
    const header =
      'date_time_utc,event_id,message_id,network_message_id,recipient_address,recipient_status,sender_address,custom_data';
    const row = (t: string, ev: string, r: string) =>
      `2026-11-16T07:12:0${t}Z,${ev},<m1@fabrikam.com>,nm-1,${r},,news@fabrikam.com,S:SPF=Fail;S:DMARC=Fail|action=oreject`;
    const path = tmp.file(
      'custom.csv',
      encodeText(
        [
          header,
          row('1', 'RECEIVE', 'a@contoso.com;b@contoso.com'),
          row('2', 'AGENTINFO', 'a@contoso.com'),
          row('3', 'DELIVER', 'a@contoso.com;b@contoso.com'),
        ].join('\r\n') + '\r\n',
        'utf-16le-bom',
      ),
    );
    const report = await analyze([path]);
    expect(report.authentication).toEqual({
      messages: 1,
      domains: [
        expect.objectContaining({
          domain: 'fabrikam.com',
          messages: 1,
          spf: { fail: 1 },
          problems: [expect.objectContaining({ id: 'auth.dmarc.reject', count: 1 })],
        }),
      ],
    });
  });

  it('has no authentication section when the input carries no results', async () => {
    expect((await analyze([sample('extended-report-utf16le-bom.csv')])).authentication).toBeUndefined();
  });

  it('shows authentication health in the text report and validates as JSON', () => {
    const r = runCli([
      'analyze',
      sample('extended-report-with-auth-column-utf8-bom.csv'),
      sample('message-headers-spoof.eml'),
    ]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(
      'Authentication health (12 messages with authentication results, delivered mail included)',
    );
    expect(r.stdout).toContain('SPF fail 1 | DKIM none 1 | DMARC fail 1 | compauth fail 1');
    expect(r.stdout).toContain('samples/message-headers-spoof.eml: message headers, utf-8');
  });
});

describe('unrecognized failure texts', () => {
  it('are grouped by shape with counts, so a new cause gets noticed', async () => {
    const text = sampleText('get-messagetracedetailv2-utf8-bom.csv');
    const lines = text.split('\r\n').filter(Boolean);
    const header = lines[0]!;
    const fail = (n: number, ip: string) =>
      `"2026-11-18T10:0${n}:00.0000000Z","Fail","","Reason: [{LED=554 5.7.0 Message ${n}${n}A-${n}F refused by gateway for user${n}@adatum.com from [${ip}]};{MSG=};{FQDN=gw.adatum.com};{IP=${ip}};{LRT=}]","","<u${n}@contoso.com>","id-${n}","user${n}@adatum.com","megan.bowen@contoso.com"`;
    const path = tmp.file(
      'unknown.csv',
      encodeText(
        [header, fail(1, '198.51.100.1'), fail(2, '198.51.100.2'), fail(3, '198.51.100.3')].join('\r\n') + '\r\n',
        'utf-8',
      ),
    );
    const report = await analyze([path]);
    expect(report.causes).toEqual([expect.objectContaining({ id: 'unknown', count: 3 })]);
    expect(report.unclassified).toEqual([
      {
        pattern: '554 5.7.0 Message <id> refused by gateway for <address> from <ip>',
        count: 3,
        example: expect.stringContaining('Message 11A-1F'),
      },
    ]);
  });

  it('do not include failures that came without any text', async () => {
    expect((await analyze([sample('get-messagetracev2-utf8.csv')])).unclassified).toEqual([]);
  });
});
