/**
 * Rows of an Extended report read in place (most rows: presence, or a final state without a
 * reason) must fold to exactly what the same rows give as TraceEvents. Random reports mix every
 * way a row can leave the fast path: quoting, doubled quotes, line breaks in subjects, keys and
 * recipients to trim or lower-case, lists of recipients, lower-case or unknown events, failures,
 * authentication results in custom_data, times in other forms.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DeliveryFold } from '../src/aggregate/fold-state.js';
import { createCatalog } from '../src/catalog/index.js';
import { createClassifier } from '../src/classify/classifier.js';
import { defaultLimits } from '../src/model/limits.js';
import type { Issue } from '../src/model/errors.js';
import { ANALYZE_CLASSIFIER, createFoldingSink } from '../src/pipeline/fold-events.js';
import { readExportStream } from '../src/sources/read-export.js';

const COLUMNS =
  'date_time_utc,client_ip,client_hostname,server_ip,server_hostname,source_context,connector_id,source,event_id,internal_message_id,message_id,network_message_id,recipient_address,recipient_status,total_bytes,recipient_count,related_recipient_address,reference,message_subject,sender_address,return_path,message_info,directionality,tenant_id,original_client_ip,original_server_ip,custom_data'.split(
    ',',
  );

const row = fc.record({
  date_time_utc: fc.constantFrom(
    '2026-11-20T08:00:00.000Z',
    '2026-11-20T08:00:01.1234567Z',
    '2026-11-19T23:59:59Z',
    ' 2026-11-20T08:00:02Z',
    '11/20/2026 8:00:03 AM',
    '',
    'soon',
  ),
  event_id: fc.constantFrom(
    'RECEIVE',
    'AGENTINFO',
    'DELIVER',
    'SEND',
    'FAIL',
    'DEFER',
    'DROP',
    'EXPAND',
    'Deliver',
    ' SEND',
    'RESOLVE',
    'receive',
    'HAREDIRECT',
  ),
  network_message_id: fc.constantFrom(
    '0a1b2c3d-0000-4000-8000-000000000001',
    '0a1b2c3d-0000-4000-8000-000000000002',
    'ffffffff-ffff-4fff-bfff-ffffffffffff',
    '0A1B2C3D-0000-4000-8000-000000000001',
    ' 0a1b2c3d-0000-4000-8000-000000000001',
    '',
    'not-a-guid',
  ),
  message_id: fc.constantFrom('<m1@contoso.com>', '<m2@contoso.com>', ''),
  recipient_address: fc.constantFrom(
    'a@contoso.com',
    'B@contoso.com',
    'a@contoso.com;b@contoso.com',
    '',
    '<a@contoso.com>',
    'smtp:a@contoso.com',
    ' a@contoso.com',
    'sales@contoso.com',
    'ü@bücher.example',
  ),
  recipient_status: fc.constantFrom(
    'To',
    '250 2.0.0 OK',
    '[{LED=550 5.1.1 RESOLVER.ADR.RecipNotFound; not found};{MSG=};{FQDN=};{IP=};{LRT=11/20/2026 8:00:00 AM}]',
    '550 5.1.10 not found;451 4.4.0 later',
    '250 2.1.5 RESOLVER.OOF.IntToExt',
  ),
  related_recipient_address: fc.constantFrom('', 'group@contoso.com'),
  message_subject: fc.constantFrom('Hello', 'Re: a, "b"', 'two\nlines', '"quoted"', ''),
  sender_address: fc.constantFrom('s@fabrikam.com', ''),
  custom_data: fc.constantFrom(
    '',
    'S:SFA=SUM|SFV=NSPM|CIP=192.0.2.1',
    'S:SPF=Pass;S:DKIM=None;S:DMARC=Fail',
    'S:DeliveryPriority=Normal',
  ),
  directionality: fc.constantFrom('Incoming', 'Originating'),
});

/** Each cell quoted or not, as a writer might; quoting where the value needs it. */
const csvOf = (rows: Array<Record<string, string>>, quoteAll: boolean[], eol: string) =>
  [
    COLUMNS.join(','),
    ...rows.map((r, i) => COLUMNS.map((c) => cell(r[c] ?? '', quoteAll[i % quoteAll.length]!)).join(',')),
  ].join(eol) + eol;
const cell = (v: string, quote: boolean) => (quote || /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

async function analyze(text: string, inPlace: boolean) {
  const sink = createFoldingSink(createClassifier(createCatalog(), ANALYZE_CLASSIFIER), () => {});
  const auth: Array<[number, string | undefined]> = [];
  const issues: Issue[] = [];
  async function* bytes() {
    const all = Buffer.from(text, 'utf8');
    for (let i = 0; i < all.length; i += 97) yield all.subarray(i, i + 97);
  }
  const summary = await readExportStream(bytes(), 'r.csv', {
    limits: defaultLimits,
    onEvent(e) {
      sink.onEvent(e);
      if (e.auth) auth.push([e.line, e.auth]);
    },
    ...(inPlace ? { onDeliverySpan: sink.onDeliverySpan } : {}),
    onIssue: (i) => issues.push(i),
  });
  sink.finish();
  return { summary, issues, auth, fold: snapshot(sink.fold), verdicts: sink.verdicts };
}

function snapshot(fold: DeliveryFold) {
  const deliveries: unknown[] = [];
  fold.forEachDelivery((rec, m) =>
    deliveries.push({
      key: fold.messageKey(m),
      recipient: fold.recipient(rec.delivery),
      state: rec.state,
      text: rec.textId,
      defer: rec.deferTextId,
    }),
  );
  const texts = Array.from({ length: fold.distinctTexts }, (_, id) => ({
    text: fold.text(id),
    example: fold.example(id),
  }));
  return { messages: fold.messages, deliveries, texts, firstTime: fold.firstTime, lastTime: fold.lastTime };
}

describe('Extended report rows read in place', () => {
  it('fold to what the same rows give as events', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(row, { maxLength: 30 }),
        fc.array(fc.boolean(), { minLength: 1, maxLength: 3 }),
        fc.constantFrom('\n', '\r\n'),
        async (rows, quoteAll, eol) => {
          const text = csvOf(rows, quoteAll, eol);
          expect(await analyze(text, true)).toEqual(await analyze(text, false));
        },
      ),
      { numRuns: 400 },
    );
  });

  it('takes the common rows in place, quoted or not', async () => {
    const rows = Array.from({ length: 4 }, (_, i) => ({
      date_time_utc: '2026-11-20T08:00:00.000Z',
      event_id: i % 2 ? 'DELIVER' : 'RECEIVE',
      network_message_id: `0a1b2c3d-0000-4000-8000-00000000000${i}`,
      recipient_address: 'a@contoso.com',
      message_subject: 'Re: a, "b"',
    }));
    for (const quoteAll of [true, false]) {
      let inPlace = 0;
      const sink = createFoldingSink(createClassifier(createCatalog(), ANALYZE_CLASSIFIER), () => {});
      async function* bytes() {
        yield Buffer.from(csvOf(rows, [quoteAll], '\r\n'));
      }
      await readExportStream(bytes(), 'r.csv', {
        limits: defaultLimits,
        onEvent: sink.onEvent,
        onDeliverySpan: (...a) => (inPlace++, sink.onDeliverySpan(...a)),
        onIssue() {},
      });
      expect(inPlace).toBe(4);
      expect(sink.fold.deliveries).toBe(4);
    }
  });
});
