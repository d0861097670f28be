import { afterAll, describe, expect, it } from 'vitest';
import { createDeliveryFold } from '../src/aggregate/delivery-fold.js';
import { MAX_KEPT_ID_CHARS, MAX_TEXT_CHARS } from '../src/model/limits.js';
import type { TraceEvent } from '../src/model/trace.js';
import { analyze, causeCounts } from './helpers/analyze.js';
import { encodeText, sampleText, tempDir } from './helpers/files.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

function ev(partial: Partial<TraceEvent> & Pick<TraceEvent, 'weight'>): TraceEvent {
  return {
    source: 't.csv',
    line: 1,
    format: 'extended-report',
    messageKey: 'm1',
    recipient: 'r@fabrikam.com',
    event: 'X',
    facts: { direction: 'outbound' },
    ...partial,
  };
}

describe('delivery fold', () => {
  it('takes the latest deciding event, whatever order rows come in', () => {
    const events = [
      ev({ weight: 'presence', event: 'RECEIVE', time: 0 }),
      ev({ weight: 'defer', state: 'pending', event: 'DEFER', time: 1000, text: '451 4.7.1 Greylisted' }),
      ev({ weight: 'final', state: 'delivered', event: 'SEND', time: 400_000 }),
    ];
    for (const order of [
      [0, 1, 2],
      [2, 1, 0],
      [1, 2, 0],
    ]) {
      const fold = createDeliveryFold();
      for (const i of order) fold.add(events[i]!);
      const rec = fold.delivery('m1', 'r@fabrikam.com')!;
      expect(rec.state).toBe('delivered');
      expect(fold.text(rec.deferTextId)).toBe('451 4.7.1 Greylisted');
    }
  });

  it('keeps the latest deferral reason next to the final failure', () => {
    const fold = createDeliveryFold();
    fold.add(
      ev({
        weight: 'final',
        state: 'failed',
        event: 'FAIL',
        time: 86_400_000,
        text: '550 4.4.7 QUEUE.Expired; message expired',
      }),
    );
    fold.add(ev({ weight: 'defer', state: 'pending', event: 'DEFER', time: 60_000, text: 'first deferral' }));
    fold.add(ev({ weight: 'defer', state: 'pending', event: 'DEFER', time: 3_600_000, text: 'last deferral' }));
    const rec = fold.delivery('m1', 'r@fabrikam.com')!;
    expect(rec.state).toBe('failed');
    expect(fold.text(rec.textId)).toMatch(/QUEUE\.Expired/);
    expect(fold.text(rec.deferTextId)).toBe('last deferral');
  });

  it('prefers a final event over a deferral at the same time, and a timed final over an untimed deferral', () => {
    const fold = createDeliveryFold();
    fold.add(ev({ weight: 'final', state: 'failed', time: 5, text: 'x' }));
    fold.add(ev({ weight: 'defer', state: 'pending', time: 5, text: 'y' }));
    fold.add(ev({ weight: 'defer', state: 'pending', recipient: 'b@fabrikam.com', text: 'y' }));
    fold.add(ev({ weight: 'final', state: 'delivered', recipient: 'b@fabrikam.com', time: 9 }));
    expect(fold.delivery('m1', 'r@fabrikam.com')!.state).toBe('failed');
    expect(fold.delivery('m1', 'b@fabrikam.com')!.state).toBe('delivered');
  });

  it('keeps a text or a key with a lone surrogate once, however many rows carry it', () => {
    // JSON input can carry "\ud800"; a copy through UTF-8 turned it into U+FFFD and every row
    // into a distinct text and a new message
    const fold = createDeliveryFold();
    const text = '550 5.1.10 RESOLVER.ADR.RecipientNotFound; mailbox \ud800 not found';
    for (let i = 0; i < 100; i++)
      fold.add(
        ev({
          weight: 'final',
          state: 'failed',
          messageKey: '<broken-\udc00-id@contoso.com>',
          recipient: `r${i % 3}@fabrikam.com`,
          time: i,
          text,
        }),
      );
    expect(fold.distinctTexts).toBe(1);
    expect(fold.text(0)).toBe(text);
    expect(fold.messages).toBe(1);
    expect(fold.deliveries).toBe(3);
    expect(fold.example(0).messageKey).toBe('<broken-\udc00-id@contoso.com>');
  });

  it('ignores events that name no recipient and decide nothing', () => {
    const fold = createDeliveryFold();
    fold.add(ev({ weight: 'presence', recipient: '' }));
    expect(fold.deliveries).toBe(0);
    expect(fold.messages).toBe(1);
  });

  it('keeps each distinct text once, with its first example', () => {
    const fold = createDeliveryFold();
    for (let i = 0; i < 1000; i++)
      fold.add(
        ev({
          weight: 'final',
          state: 'failed',
          recipient: `u${i}@fabrikam.com`,
          text: '550 5.1.1 User unknown',
          line: i + 2,
        }),
      );
    expect(fold.distinctTexts).toBe(1);
    expect(fold.example(0)).toMatchObject({ recipient: 'u0@fabrikam.com', line: 2 });
  });
});

describe('what the fold keeps of values no real export has', () => {
  // A crafted file can fill each row with a different 4 MB value: kept whole, they would make
  // memory grow with the rows. No real message id, address or reply is that long.
  const longKey = (i: number) => `<${i}-${'k'.repeat(5000)}@contoso.com>`;
  const longRecipient = (i: number) => `${i}-${'r'.repeat(5000)}@fabrikam.com`;
  const longText = (i: number) => `550 5.1.10 RESOLVER.ADR.RecipientNotFound; ${i} ${'t'.repeat(20_000)}`;

  it('keeps ids and recipients to their first MAX_KEPT_ID_CHARS characters and texts to MAX_TEXT_CHARS, marked', () => {
    const fold = createDeliveryFold();
    for (let i = 0; i < 50; i++)
      fold.add(
        ev({
          weight: 'final',
          state: 'failed',
          messageKey: longKey(i),
          recipient: longRecipient(i),
          text: longText(i),
        }),
      );
    expect(fold.messages).toBe(50);
    expect(fold.deliveries).toBe(50);
    expect(fold.distinctTexts).toBe(50);
    const state = fold.exportState();
    expect(state.recipientChars.length).toBe(50 * MAX_KEPT_ID_CHARS);
    expect(fold.messageKey(0)).toBe(longKey(0).slice(0, MAX_KEPT_ID_CHARS));
    expect(fold.recipient(0)).toBe(longRecipient(0).slice(0, MAX_KEPT_ID_CHARS));
    expect(fold.text(0)).toBe(`${longText(0).slice(0, MAX_TEXT_CHARS)}…`);
    const example = fold.example(0);
    expect([example.recipient.length, example.messageKey.length]).toEqual([MAX_KEPT_ID_CHARS, MAX_KEPT_ID_CHARS]);
    // looked up by the whole values, as a report looks up an example's delivery
    expect(fold.delivery(longKey(7), longRecipient(7))?.state).toBe('failed');
    expect(fold.delivery(example.messageKey, example.recipient)?.delivery).toBe(0);
  });

  it('cuts a row read in place as it cuts an event', () => {
    const viaEvents = createDeliveryFold();
    const inPlace = createDeliveryFold();
    for (let i = 0; i < 20; i++) {
      viaEvents.add(
        ev({ weight: 'final', state: 'delivered', messageKey: longKey(i % 3), recipient: longRecipient(i), time: i }),
      );
      const row = `x,${longKey(i % 3)},${longRecipient(i)},y`;
      const k = row.indexOf(',') + 1;
      const r = row.indexOf(',', k) + 1;
      inPlace.addSpan({
        text: row,
        keyStart: k,
        keyEnd: r - 1,
        recipientStart: r,
        recipientEnd: row.lastIndexOf(','),
        weight: 'final',
        state: 'delivered',
        time: i,
        directionStart: 0,
        directionEnd: 0,
      });
    }
    const all = (f: ReturnType<typeof createDeliveryFold>) => {
      const out: string[] = [];
      f.forEachDelivery((rec, m) => out.push(`${f.messageKey(m)} ${f.recipient(rec.delivery)} ${rec.state}`));
      return out;
    };
    expect(all(inPlace)).toEqual(all(viaEvents));
    expect(inPlace.messages).toBe(3);
  });

  it('keeps a report of a crafted file small and still counts every row', async () => {
    const header =
      'date_time_utc,event_id,network_message_id,recipient_address,recipient_status,sender_address,message_subject';
    const rows = Array.from({ length: 40 }, (_, i) =>
      i % 2
        ? `2026-11-20T08:00:0${i % 10}.000Z,FAIL,${longKey(i)},${longRecipient(i)},"${longText(i)}",s@contoso.com,Hi`
        : `2026-11-20T08:00:0${i % 10}.000Z,RECEIVE,${longKey(i)},${longRecipient(i)},To,s@contoso.com,Hi`,
    );
    const report = await analyze([
      tmp.file('crafted.csv', encodeText([header, ...rows].join('\r\n') + '\r\n', 'utf-8')),
    ]);
    expect(report.totals).toMatchObject({ messages: 40, deliveries: 40, failed: 20, pending: 20 });
    expect(report.causes).toEqual([expect.objectContaining({ id: 'recipient.not-found', count: 20 })]);
    const example = report.causes[0]!.examples[0]!;
    expect(example.text.length).toBe(MAX_TEXT_CHARS + 1);
    expect(example.recipient.length).toBe(MAX_KEPT_ID_CHARS);
  });
});

describe('folding real exports', () => {
  const text = sampleText('extended-report-utf16le-bom.csv');
  const [header, ...rows] = text.split('\r\n').filter(Boolean);

  it('gives the same report for the rows in any order', async () => {
    const sorted = await analyze([tmp.file('sorted.csv', encodeText(text, 'utf-16le-bom'))]);
    // a deterministic shuffle
    const shuffled = rows
      .map((r, i) => [((i * 7919) % 104729) / 104729, r] as const)
      .sort((a, b) => a[0] - b[0])
      .map(([, r]) => r);
    const report = await analyze([
      tmp.file('shuffled.csv', encodeText([header, ...shuffled].join('\r\n') + '\r\n', 'utf-16le-bom')),
    ]);
    expect(report.totals).toEqual(sorted.totals);
    expect(causeCounts(report)).toEqual(causeCounts(sorted));
  });

  it('joins a message whose events are split over two files', async () => {
    const whole = await analyze([tmp.file('whole.csv', encodeText(text, 'utf-8'))]);
    const half = Math.floor(rows.length / 2);
    const a = tmp.file('part-a.csv', encodeText([header, ...rows.slice(0, half)].join('\r\n'), 'utf-16le'));
    const b = tmp.file('part-b.csv', encodeText([header, ...rows.slice(half)].join('\r\n'), 'utf-8-bom'));
    const split = await analyze([b, a]);
    expect(split.totals).toEqual(whole.totals);
    expect(causeCounts(split)).toEqual(causeCounts(whole));
    expect(split.inputs.map((i) => i.rows).reduce((x, y) => x + y)).toBe(rows.length);
  });
});
