/**
 * Inputs that are not the admin center's CSVs but carry the same facts: Exchange Server message
 * tracking logs (raw MSGTRK*.LOG files and Get-MessageTrackingLog exports), and trace rows as JSON
 * (Graph responses, log shippers' JSON Lines, PowerShell's ConvertTo-Json). A tracking log is
 * never taken for message headers; JSON is never called a broken CSV.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { isMessageHeaderBlock } from '../src/sources/headers/message-headers.js';
import { shapeOfText } from '../src/sources/input-kind.js';
import { analyze, causeCounts } from './helpers/analyze.js';
import { runCli } from './helpers/cli.js';
import { encodeText, tempDir } from './helpers/files.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

const FIELDS =
  'date-time,client-ip,client-hostname,server-ip,server-hostname,source-context,connector-id,source,event-id,internal-message-id,message-id,network-message-id,recipient-address,recipient-status,total-bytes,recipient-count,related-recipient-address,reference,message-subject,sender-address,return-path,message-info,directionality,tenant-id,original-client-ip,original-server-ip,custom-data,transport-traffic-type,log-id,schema-version';

/** An Exchange 2019 MSGTRK log: the prelude, then rows of 30 fields (quoted where they hold commas). */
function trackingLog(): string {
  const row = (
    time: string,
    event: string,
    id: number,
    recipient: string,
    status: string,
    extra: Partial<Record<'source' | 'subject' | 'related', string>> = {},
  ) =>
    [
      time,
      '192.0.2.10',
      'EX01',
      '192.0.2.11',
      extra.source === 'SMTP' ? 'mx.fabrikam.com' : 'EX01',
      '',
      'EX01\\Default EX01',
      extra.source ?? 'SMTP',
      event,
      String(1000 + id),
      `<m${id}@contoso.com>`,
      `0a1b2c3d-0000-4000-8000-${String(id).padStart(12, '0')}`,
      recipient,
      status,
      '5000',
      '1',
      extra.related ?? '',
      '',
      extra.subject ?? `"Report, part ${id}"`,
      'alex@contoso.com',
      'alex@contoso.com',
      '',
      'Originating',
      '',
      '192.0.2.10',
      '192.0.2.11',
      '',
      'Email',
      '',
      '15.02.1118.026',
    ].join(',');
  return (
    [
      '#Software: Microsoft Exchange Server',
      '#Version: 15.02.1118.026',
      '#Log-type: Message Tracking Log',
      '#Date: 2026-11-16T08:00:01.000Z',
      `#Fields: ${FIELDS}`,
      row('2026-11-16T08:00:05.123Z', 'RECEIVE', 1, 'user@fabrikam.com', '250 2.1.5 Recipient OK'),
      row(
        '2026-11-16T08:00:07.123Z',
        'DEFER',
        1,
        'user@fabrikam.com',
        '451 4.4.0 DNS query failed. The error was: SMTPSEND.DNS.NonExistentDomain; nonexistent domain',
        { source: 'SMTP' },
      ),
      row(
        '2026-11-16T08:00:09.123Z',
        'FAIL',
        1,
        'user@fabrikam.com',
        '{[{LRT=};{LED=550 5.1.1 <user@fabrikam.com>: Recipient address rejected: User unknown};{FQDN=mx.fabrikam.com};{IP=198.51.100.25}]}',
        { source: 'SMTP' },
      ),
      row('2026-11-16T08:01:05.123Z', 'RECEIVE', 2, 'ceo@fabrikam.com', '250 2.1.5 Recipient OK'),
      row('2026-11-16T08:01:06.123Z', 'SEND', 2, 'ceo@fabrikam.com', '250 2.0.0 OK', { source: 'SMTP' }),
      row('2026-11-16T08:02:05.123Z', 'RECEIVE', 3, 'team@contoso.com', '250 2.1.5 Recipient OK'),
      row('2026-11-16T08:02:05.223Z', 'EXPAND', 3, 'a@contoso.com;b@contoso.com', '', {
        source: 'ROUTING',
        related: 'team@contoso.com',
      }),
      row('2026-11-16T08:02:06.123Z', 'DELIVER', 3, 'a@contoso.com;b@contoso.com', '250 2.0.0 OK;250 2.0.0 OK', {
        source: 'STOREDRIVER',
      }),
    ].join('\r\n') + '\r\n'
  );
}

describe('Exchange Server message tracking logs', () => {
  it('is never taken for message headers: #Software and #Version are not header fields a message has', () => {
    expect(isMessageHeaderBlock(trackingLog())).toBe(false);
    expect(isMessageHeaderBlock('Setting: value\nOther: value\n\nbody\n')).toBe(false);
    expect(isMessageHeaderBlock('Received: from x\nSubject: y\n\nbody\n')).toBe(true);
    expect(shapeOfText(trackingLog())).toBe('csv');
  });

  it('reads a raw MSGTRK log as the extended report it is: delivered, failed with its reason, expanded', async () => {
    const file = tmp.file('MSGTRK2026111608-1.LOG', encodeText(trackingLog(), 'utf-8'));
    const report = await analyze([file]);
    expect(report.inputs).toEqual([
      expect.objectContaining({ format: 'extended-report', kind: 'tracking-log', rows: 8, rejectedRows: 0 }),
    ]);
    expect(report.totals).toMatchObject({ messages: 3, delivered: 3, failed: 1, expanded: 1 });
    expect(causeCounts(report)).toEqual({ 'recipient.not-found': 1 });
    expect(report.causes[0]!.examples[0]).toMatchObject({
      recipient: 'user@fabrikam.com',
      subject: 'Report, part 1',
      lastDeferral: expect.stringContaining('DNS query failed'),
    });
    const r = runCli(['analyze', file]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(
      'MSGTRK2026111608-1.LOG: Exchange Server message tracking log (read as an extended-report), utf-8, 8 rows',
    );
  });

  it('reads Get-MessageTrackingLog | Export-Csv (Timestamp, EventId, Recipients, RecipientStatus, locale dates)', async () => {
    const header =
      '"Timestamp","ClientIp","ClientHostname","ServerIp","ServerHostname","SourceContext","ConnectorId","Source","EventId","InternalMessageId","MessageId","NetworkMessageId","Recipients","RecipientStatus","TotalBytes","RecipientCount","RelatedRecipientAddress","Reference","MessageSubject","Sender","ReturnPath","Directionality","TenantId","OriginalClientIp","OriginalServerIp","MessageInfo","MessageLatency","MessageLatencyType","EventData","TransportTrafficType","SchemaVersion"';
    const row = (ts: string, event: string, recipients: string, status: string) =>
      `"${ts}","192.0.2.10","EX01","192.0.2.11","EX01","","","SMTP","${event}","1001","<m1@contoso.com>","0a1b2c3d-0000-4000-8000-000000000001","${recipients}","${status}","5000","1","","","Budget","alex@contoso.com","alex@contoso.com","Originating","","192.0.2.10","","","","None","","Email","15.02.1118.026"`;
    const text =
      [
        '#TYPE Microsoft.Exchange.Management.TransportLogSearchTasks.MessageTrackingEvent',
        header,
        row('16/11/2026 08:00:05', 'RECEIVE', 'user@fabrikam.com', '250 2.1.5 Recipient OK'),
        row('16/11/2026 08:00:09', 'FAIL', 'user@fabrikam.com', '550 5.1.1 RESOLVER.ADR.RecipNotFound; not found'),
      ].join('\r\n') + '\r\n';
    const report = await analyze([tmp.file('tracking.csv', encodeText(text, 'utf-16le-bom'))]);
    expect(report.inputs[0]).toMatchObject({
      format: 'extended-report',
      kind: 'tracking-log-export',
      dates: { order: 'dmy', basis: 'evidence' },
    });
    expect(report.totals).toMatchObject({ deliveries: 1, failed: 1 });
    expect(causeCounts(report)).toEqual({ 'recipient.not-found': 1 });
    expect(report.period!.start).toBe('2026-11-16T08:00:05.000Z');
  });

  it('says how to export again when the recipient lists were written as System.String[]', async () => {
    const text =
      '"Timestamp","EventId","Source","Sender","Recipients","RecipientStatus","MessageSubject","MessageId","NetworkMessageId"\r\n"2026-11-16T08:00:05","FAIL","SMTP","alex@contoso.com","System.String[]","System.String[]","Budget","<m1@contoso.com>","0a1b2c3d-0000-4000-8000-000000000001"\r\n';
    const report = await analyze([tmp.file('string-array.csv', text)]);
    expect(report.issues).toEqual([
      expect.objectContaining({
        line: 2,
        code: 'EXO_ROW_UNUSABLE',
        message: expect.stringMatching(/System\.String\[\].*-join ';'/),
      }),
    ]);
  });
});

describe('trace rows as JSON', () => {
  const page = {
    '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#admin/exchange/tracing/messageTraces',
    value: [
      {
        id: '4451a062-48cb-e80d-e8c0-196330437ae6',
        senderAddress: 'alex@contoso.com',
        recipientAddress: 'nobody@fabrikam.com',
        messageId: '<d9683b4c@contoso.com>',
        receivedDateTime: '2026-11-13T10:30:00Z',
        subject: 'Quarterly Report',
        size: 45678,
        fromIP: '',
        toIP: '198.51.100.7',
        status: 'failed',
      },
      {
        id: '5551a062-48cb-e80d-e8c0-196330437ae6',
        senderAddress: 'partner@fabrikam.com',
        recipientAddress: 'alex@contoso.com',
        messageId: '<x1@fabrikam.com>',
        receivedDateTime: '2026-11-13T10:31:00Z',
        subject: 'Re: Quarterly Report',
        size: 1200,
        fromIP: '198.51.100.9',
        toIP: '',
        status: 'Delivered',
      },
      {
        id: '6661a062-48cb-e80d-e8c0-196330437ae6',
        senderAddress: 'alex@contoso.com',
        recipientAddress: 'old@fabrikam.com',
        messageId: '<x2@contoso.com>',
        receivedDateTime: '2026-11-13T10:32:00Z',
        subject: 'Recall',
        size: 1200,
        fromIP: '',
        toIP: '',
        status: 'recalled',
      },
    ],
    '@odata.nextLink': 'https://graph.microsoft.com/v1.0/admin/exchange/tracing/messageTraces?$skiptoken=abc',
  };
  const details = [
    {
      id: '4451a062-48cb-e80d-e8c0-196330437ae6',
      messageId: '<d9683b4c@contoso.com>',
      recipientAddress: 'nobody@fabrikam.com',
      dateTime: '2026-11-13T10:30:05Z',
      event: 'Receive',
      action: '',
      description: 'Message received by: MN2PR00MB0670.namprd00.prod.outlook.com',
      data: '<root><MEP Name="ServerHostName" String="MN2PR00MB0670" /></root>',
    },
    {
      id: '4451a062-48cb-e80d-e8c0-196330437ae6',
      messageId: '<d9683b4c@contoso.com>',
      recipientAddress: 'nobody@fabrikam.com',
      dateTime: '2026-11-13T10:30:10Z',
      event: 'Fail',
      action: '',
      description:
        'Reason: [{LED=550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient nobody@fabrikam.com not found by SMTP address lookup};{MSG=};{FQDN=};{IP=};{LRT=}]',
      data: '',
    },
  ];

  it('reads a Graph list page (pretty-printed) with the detail rows a scan or a shipper kept (JSON Lines)', async () => {
    const list = tmp.file('page.json', JSON.stringify(page, null, 2));
    const lines = tmp.file('details.jsonl', details.map((d) => JSON.stringify(d)).join('\n') + '\n');
    const report = await analyze([list, lines]);
    expect(report.inputs).toEqual([
      expect.objectContaining({ format: 'graph', kind: 'json', rows: 3, rejectedRows: 0 }),
      expect.objectContaining({ format: 'graph', kind: 'json-lines', rows: 2, rejectedRows: 0 }),
    ]);
    expect(report.totals).toMatchObject({ messages: 3, deliveries: 3, delivered: 1, failed: 1, dropped: 1 });
    // the list row's failure takes its reason from the detail rows of the same trace id and recipient
    expect(causeCounts(report)).toEqual({ 'recipient.not-found': 1 });
    expect(report.causes[0]!.examples[0]).toMatchObject({ source: lines, line: 2 });
  });

  it('reads one Graph response written on one line, and PowerShell ConvertTo-Json arrays, old and new', async () => {
    const oneLine = tmp.file('one-line.json', JSON.stringify(page));
    const ps51 = tmp.file(
      'ps51.json',
      encodeText(
        JSON.stringify(
          [
            {
              Received: '/Date(1794823800000)/',
              SenderAddress: 'alex@contoso.com',
              RecipientAddress: 'b@fabrikam.com',
              Subject: 'x',
              Status: 'Failed',
              ToIP: '198.51.100.7',
              FromIP: null,
              Size: 100,
              MessageTraceId: '7771a062-48cb-e80d-e8c0-196330437ae6',
              MessageId: '<m@contoso.com>',
            },
          ],
          null,
          4,
        ),
        'utf-16le-bom',
      ),
    );
    const report = await analyze([oneLine, ps51]);
    expect(report.inputs.map((i) => [i.format, i.kind, i.rows])).toEqual([
      ['graph', 'json-lines', 3],
      ['messagetrace', 'json', 1],
    ]);
    expect(report.totals.failed).toBe(2);
    expect(report.period!.start).toBe('2026-11-13T10:30:00.000Z');
  });

  it('reads the retired Reporting Web Service shape (d.results, /Date()/ times)', async () => {
    const rws = {
      d: {
        results: [
          {
            __metadata: { id: 'x', uri: 'x', type: 'TenantReporting.MessageTrace' },
            Organization: 'contoso.onmicrosoft.com',
            MessageId: '<123@contoso.com>',
            Received: '/Date(1794823800000)/',
            SenderAddress: 'alex@contoso.com',
            RecipientAddress: 'user@fabrikam.com',
            Subject: 'Subject',
            Status: 'Delivered',
            ToIP: null,
            FromIP: '192.0.2.1',
            Size: 33435,
            MessageTraceId: '579cd25c-9b30-4ce4-d5eb-08da70ab3b38',
            StartDate: '/Date(1794800000000)/',
            EndDate: '/Date(1794900000000)/',
            Index: 0,
          },
        ],
      },
    };
    const report = await analyze([tmp.file('rws.json', JSON.stringify(rws))]);
    expect(report.inputs[0]).toMatchObject({ format: 'messagetrace', rows: 1 });
    expect(report.totals.delivered).toBe(1);
  });

  it('names JSON that is not trace rows in one sentence, and a broken document at its line', () => {
    const other = runCli([
      'analyze',
      tmp.file(
        'other.json',
        JSON.stringify([
          { name: 'a', value: 1 },
          { name: 'b', value: 2 },
        ]),
      ),
    ]);
    expect(other.status).toBe(1);
    expect(other.stderr).toMatch(
      /other\.json: this is JSON, but none of its 2 objects are a message trace row exotrace knows/,
    );
    expect(other.stderr).not.toMatch(/quote|CSV/i);
    const broken = runCli([
      'analyze',
      '--format',
      'json',
      tmp.file('broken.json', JSON.stringify(page, null, 2).replace('"Delivered"', '"Delivered" "x"')),
    ]);
    expect(broken.status).toBe(2);
    const report = JSON.parse(broken.stdout);
    expect(report.issues).toEqual([expect.objectContaining({ code: 'EXO_JSON_SYNTAX', line: 26 })]);
    expect(report.inputs[0].rows).toBe(1);
  });

  it('keeps a lone surrogate from JSON as one text and one message, however many rows carry it', async () => {
    const rows = Array.from({ length: 100 }, (_, i) => ({
      id: 'aaaa1111-48cb-e80d-e8c0-196330437ae6',
      messageId: '<s@contoso.com>',
      recipientAddress: `r${i % 4}@fabrikam.com`,
      dateTime: `2026-11-13T10:${String(i % 60).padStart(2, '0')}:00Z`,
      event: 'Fail',
      action: '',
      description: 'Reason: [{LED=550 5.1.1 mailbox \ud800 not found};{MSG=}]',
    }));
    const report = await analyze([tmp.file('surrogate.jsonl', rows.map((r) => JSON.stringify(r)).join('\n'))]);
    expect(report.totals).toMatchObject({ messages: 1, deliveries: 4, failed: 4 });
    expect(report.causes).toHaveLength(1);
    expect(report.causes[0]!.examples).toHaveLength(1);
    // made well-formed at the source: what is kept and shown has no lone surrogate
    expect(report.causes[0]!.examples[0]!.text.isWellFormed()).toBe(true);
  });
});
