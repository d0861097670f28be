import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  parseCustomData,
  parseDirection,
  plainAddressCount,
  splitAddresses,
  splitRecipientStatus,
  splitSummaryStatus,
  stateFromEventWords,
  stateOfStatusColumn,
} from '../src/normalize/fields.js';
import { createTimeReader, parseTraceTime } from '../src/normalize/timestamps.js';

describe('addresses read in place', () => {
  it('counts a list only when splitAddresses gives every address back as written', () => {
    const address = fc.constantFrom(
      'a@contoso.com',
      'B@contoso.com',
      'sales@contoso.com',
      'smtp:a@contoso.com',
      'SMTP:b@contoso.com',
      '<a@contoso.com>',
      ' a@contoso.com',
      'a@contoso.com\t',
      'ü@bücher.example',
      's@x',
      '',
      'a@x,b@y',
    );
    fc.assert(
      fc.property(fc.array(address, { minLength: 1, maxLength: 4 }), fc.string({ maxLength: 3 }), (parts, around) => {
        const list = parts.join(';');
        const text = around + list + around;
        const count = plainAddressCount(text, around.length, around.length + list.length);
        // never a count where splitAddresses would change something; 0 sends the row the long way
        if (count > 0) expect(splitAddresses(list)).toEqual(parts);
        expect([0, parts.length]).toContain(count);
      }),
      { numRuns: 500 },
    );
    const at = (list: string) => plainAddressCount(`,${list},`, 1, list.length + 1);
    expect(at('a@contoso.com;sales@contoso.com')).toBe(2);
    expect(at('B@contoso.com')).toBe(0);
    expect(at('smtp:a@contoso.com')).toBe(0);
    expect(at('a@contoso.com;')).toBe(0);
  });
});

describe('recipient_status of the extended report', () => {
  const led = (t: string) => `[{LED=${t}};{MSG=};{FQDN=mx.fabrikam.com};{IP=198.51.100.20};{LRT=1/21/2025 3:45:12 AM}]`;

  it('keeps the ; inside [{LED=…}] and splits between recipients', () => {
    const a = led(
      '550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient a@fabrikam.com not found by SMTP address lookup',
    );
    const b = led('554 5.2.2 mailbox full; STOREDRV.Deliver.Exception:QuotaExceededException; Failed');
    expect(splitRecipientStatus(`${a};${b}`, 2)).toEqual([a, b]);
  });

  it('leaves a single recipient status whole, even with a ; outside brackets', () => {
    expect(splitRecipientStatus('550 4.4.7 QUEUE.Expired;Message expired after 1 day', 1)).toEqual([
      '550 4.4.7 QUEUE.Expired;Message expired after 1 day',
    ]);
  });

  it('joins a piece that does not start like a status to the one before', () => {
    expect(splitRecipientStatus('550 4.4.7 QUEUE.Expired;expired text;250 2.1.5 Recipient OK', 2)).toEqual([
      '550 4.4.7 QUEUE.Expired;expired text',
      '250 2.1.5 Recipient OK',
    ]);
  });

  it('survives a truncated LED tail with unbalanced brackets', () => {
    const truncated =
      '[{LED=450 4.4.317 Cannot connect to remote server [Message=UntrustedRoot] [LastAttemptedServerName=x};{MSG=4. OutboundProxyTargetIP: xxx';
    expect(splitRecipientStatus(truncated, 2)).toEqual([truncated]);
  });
});

describe('summary recipient_status', () => {
  it('splits addr##events entries and reads the last deciding event', () => {
    const entries = splitSummaryStatus(
      'Alice@Contoso.com##Receive, Deliver;bob@fabrikam.com##Receive, Send;carol@contoso.com##Receive, Fail',
    );
    expect(entries).toEqual([
      { recipient: 'alice@contoso.com', events: 'Receive, Deliver' },
      { recipient: 'bob@fabrikam.com', events: 'Receive, Send' },
      { recipient: 'carol@contoso.com', events: 'Receive, Fail' },
    ]);
    expect(entries.map((e) => stateFromEventWords(e.events).state)).toEqual(['delivered', 'delivered', 'failed']);
    expect(stateFromEventWords('Receive, Defer, Send')).toEqual({ state: 'delivered', unknown: [] });
    expect(stateFromEventWords('Receive')).toEqual({ state: undefined, unknown: [] });
    // a word exotrace does not know is returned, and never leaves the delivery pending
    expect(stateFromEventWords('Receive, Zugestellt2')).toEqual({ state: 'unknown', unknown: ['Zugestellt2'] });
    expect(stateFromEventWords('Empfangen, Zugestellt')).toEqual({ state: 'delivered', unknown: [] });
  });

  it('reads every Get-MessageTrace and Graph status word, case-insensitively', () => {
    const unknown: string[] = [];
    const state = (word: string) => stateOfStatusColumn(word, (w) => unknown.push(w));
    expect(
      [
        'Delivered',
        'FAILED',
        'pending',
        'GettingStatus',
        'Expanded',
        'Quarantined',
        'filteredAsSpam',
        'None',
        'recalled',
        'unknownFutureValue',
      ].map(state),
    ).toEqual([
      'delivered',
      'failed',
      'pending',
      'pending',
      'expanded',
      'quarantined',
      'filteredAsSpam',
      'dropped',
      'dropped',
      'unknown',
    ]);
    // a documented value is never reported; a word nobody knows is, and an empty cell decides nothing
    expect(unknown).toEqual([]);
    expect([state('Zugestellt2'), state('  '), state('Receive')]).toEqual(['unknown', undefined, undefined]);
    expect(unknown).toEqual(['Zugestellt2']);
  });
});

describe('custom_data', () => {
  it('parses agents, kinds and repeated keys', () => {
    const entries = parseCustomData(
      'S:SFA=SUM|SFV=SPM|IPV=CAL|SFS=470454002|SFS=349001|SCL=9|CIP=198.51.100.74|LAT=287|LAT=260;S:AMA=SUM|v=1|action=b|error=|atch=1;S:TRA=ETR|ruleId=19a25eb2-3e43-4896-ad9e-47b6c359779d|st=7/17/2017 12:31:25 AM|action=ApplyHtmlDisclaimer|sev=1|mode=Enforce;S:DeliveryPriority=Normal',
    );
    expect(entries.map((e) => [e.agent, e.kind])).toEqual([
      ['SFA', 'SUM'],
      ['AMA', 'SUM'],
      ['TRA', 'ETR'],
      ['DeliveryPriority', 'Normal'],
    ]);
    expect(entries[0]!.fields.filter(([k]) => k === 'SFS').map(([, v]) => v)).toEqual(['470454002', '349001']);
    expect(entries[1]!.fields).toContainEqual(['error', '']);
    expect(entries[2]!.fields).toContainEqual(['st', '7/17/2017 12:31:25 AM']);
  });

  it('returns nothing for an empty cell', () => {
    expect(parseCustomData('')).toEqual([]);
  });
});

describe('directions and addresses', () => {
  it('accepts numeric and text directionality', () => {
    expect(['1', '2', 'Incoming', 'Originating', 'Inbound', 'outbound', 'Undefined', ''].map(parseDirection)).toEqual([
      'inbound',
      'outbound',
      'inbound',
      'outbound',
      'inbound',
      'outbound',
      'unknown',
      'unknown',
    ]);
  });
  it('normalizes address lists', () => {
    expect(splitAddresses(' <A@Contoso.com>;SMTP:b@fabrikam.com;; ')).toEqual(['a@contoso.com', 'b@fabrikam.com']);
  });
});

describe('trace times', () => {
  const utc = (s: string) => Date.parse(s);
  it('reads ISO with 0–7 fraction digits, with or without zone, as UTC', () => {
    expect(parseTraceTime('2017-05-22T17:33:35.632Z')).toBe(utc('2017-05-22T17:33:35.632Z'));
    expect(parseTraceTime('2022-09-05T18:10:13.4907658')).toBe(utc('2022-09-05T18:10:13.490Z'));
    expect(parseTraceTime('2026-11-16T07:12:00')).toBe(utc('2026-11-16T07:12:00Z'));
    expect(parseTraceTime('2026-11-16T09:12:00+02:00')).toBe(utc('2026-11-16T07:12:00Z'));
  });
  it('reads times in place, minute after minute, as parseTraceTime reads each', () => {
    const time = fc.oneof(
      fc.integer({ min: 0, max: 400 }).map((s) => new Date(Date.UTC(2026, 10, 20, 8) + s * 997).toISOString()),
      fc
        .integer({ min: 0, max: 400 })
        .map((s) => new Date(Date.UTC(2026, 10, 20, 8) + s * 1000).toISOString().slice(0, 19) + '.1234567Z'),
      fc.constantFrom(
        '2026-11-20T08:01:61Z',
        '2026-11-20T08:01:5xZ',
        '2026-11-20T08:01',
        '2026-11-20T08:01:05',
        '11/20/2026 8:01:05 AM',
        '',
        ' 2026-11-20T08:01:05Z',
        '2026-11-20T08:01:05.Z',
      ),
    );
    fc.assert(
      fc.property(fc.array(time, { maxLength: 30 }), (times) => {
        const read = createTimeReader();
        const text = times.join(',');
        let at = 0;
        for (const t of times) {
          expect(read(text, at, at + t.length), t).toBe(parseTraceTime(t));
          at += t.length + 1;
        }
      }),
      { numRuns: 300 },
    );
  });
  it('reads every exported UTC time as Date.parse does, and no time with a stray character', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('2199-12-31T23:59:59Z'), noInvalidDate: true }),
        fc.integer({ min: 0, max: 7 }),
        (d, fraction) => {
          const iso = d.toISOString(); // 2026-11-16T07:12:00.123Z
          const written =
            fraction === 0
              ? iso.slice(0, 19) + 'Z'
              : iso.slice(0, 20) + (iso.slice(20, 23) + '4567').slice(0, fraction) + 'Z';
          expect(parseTraceTime(written)).toBe(
            Date.parse(
              fraction === 0
                ? iso.slice(0, 19) + 'Z'
                : iso.slice(0, 20) + (iso.slice(20, 23) + '000').slice(0, Math.min(3, fraction)).padEnd(3, '0') + 'Z',
            ),
          );
        },
      ),
      { numRuns: 500 },
    );
    for (const bad of [
      '20a6-11-16T07:12:00Z',
      '2026-1x-16T07:12:00Z',
      '2026-11-16T07:1 :00Z',
      '2026-11-16T07:12:0/Z',
      '2026-11-16T24:12:00Z',
      '2026-13-16T07:12:00Z',
      '2026-11-16T07:12:00.1a3Z',
    ]) {
      expect(parseTraceTime(bad), bad).toBeUndefined();
    }
  });
  it('reads /Date(ms)/ and PowerShell locale strings', () => {
    expect(parseTraceTime('/Date(1659020996164)/')).toBe(1659020996164);
    expect(parseTraceTime('1/21/2025 3:45:12 AM')).toBe(utc('2025-01-21T03:45:12Z'));
    expect(parseTraceTime('1/21/2025 12:05:00 PM')).toBe(utc('2025-01-21T12:05:00Z'));
    expect(parseTraceTime('12/03/2025 19:50:43')).toBe(utc('2025-12-03T19:50:43Z'));
    expect(parseTraceTime('21/01/2025 15:45:12')).toBe(utc('2025-01-21T15:45:12Z'));
    expect(parseTraceTime('13.06.2025 10:30:00')).toBe(utc('2025-06-13T10:30:00Z'));
  });
  it('gives undefined for empty or garbage values', () => {
    expect(parseTraceTime('')).toBeUndefined();
    expect(parseTraceTime('yesterday')).toBeUndefined();
    expect(parseTraceTime('2026-13-45T00:00:00Z')).toBeUndefined();
  });
});
