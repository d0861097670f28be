/**
 * Merging the fold of a later range into the fold of an earlier one gives what one fold reading
 * both would have: the property the multi-threaded read stands on (test/ranged-read.test.ts runs
 * it end to end).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createDeliveryFold } from '../src/aggregate/delivery-fold.js';
import type { DeliveryFold } from '../src/aggregate/fold-state.js';
import type { TraceEvent } from '../src/model/trace.js';

const weights = [
  { weight: 'presence', state: undefined },
  { weight: 'defer', state: 'pending' },
  { weight: 'final', state: 'delivered' },
  { weight: 'final', state: 'failed' },
  { weight: 'final', state: 'expanded' },
] as const;

/** GUIDs (kept as numbers by the fold), an upper-case GUID and Message-IDs (kept as strings) */
const messageKeys = [
  '0a1b2c3d-0000-4000-8000-000000000000',
  'ffffffff-ffff-4fff-bfff-ffffffffffff',
  '0a1b2c3d-0000-4000-8000-000000000001',
  '0A1B2C3D-0000-4000-8000-000000000000',
  '<m4@contoso.com>',
  '00000000-0000-0000-0000-000000000000',
  '<m6@contoso.com>',
];

const event = fc
  .record({
    message: fc.integer({ min: 0, max: 6 }),
    recipient: fc.integer({ min: 0, max: 20 }), // past 16 recipients a message gets an index
    kind: fc.integer({ min: 0, max: weights.length - 1 }),
    // Times often missing: a row with an empty time must decide alike on one thread and on many.
    time: fc.option(fc.integer({ min: 0, max: 50 }), { nil: undefined, freq: 3 }),
    text: fc.option(
      fc.constantFrom('550 5.1.10 not found', '451 4.7.1 Greylisted', '554 5.2.2 mailbox full', 'x'.repeat(40)),
      { nil: undefined },
    ),
    line: fc.integer({ min: 1, max: 1000 }),
  })
  .map(({ message, recipient, kind, time, text, line }): TraceEvent => {
    const w = weights[kind]!;
    return {
      source: 'f.csv',
      line,
      format: 'extended-report',
      messageKey: messageKeys[message]!,
      recipient:
        recipient === 0 ? '' : recipient % 5 === 0 ? `üser${recipient}@bücher.example` : `user${recipient}@contoso.com`,
      event: w.weight,
      weight: w.weight,
      state: w.state,
      time,
      text: w.weight === 'presence' ? undefined : text,
      facts: { direction: 'outbound', subject: `subject ${message}` },
    };
  });

function snapshot(fold: DeliveryFold) {
  const deliveries: unknown[] = [];
  fold.forEachDelivery((rec, m) =>
    deliveries.push({
      key: fold.messageKey(m),
      recipient: fold.recipient(rec.delivery),
      state: rec.state,
      text: rec.textId >= 0 ? fold.text(rec.textId) : null,
      defer: rec.deferTextId >= 0 ? fold.text(rec.deferTextId) : null,
    }),
  );
  const texts = Array.from({ length: fold.distinctTexts }, (_, id) => ({
    text: fold.text(id),
    example: fold.example(id),
  }));
  return { messages: fold.messages, deliveries, texts, firstTime: fold.firstTime, lastTime: fold.lastTime };
}

describe('delivery fold merge', () => {
  it('equals one fold over the rows of both, with the later range numbered after the earlier', () => {
    fc.assert(
      fc.property(
        fc.array(event, { maxLength: 120 }),
        fc.array(event, { maxLength: 120 }),
        fc.integer({ min: 0, max: 5000 }),
        (first, later, offset) => {
          const whole = createDeliveryFold();
          for (const e of first) whole.add(e);
          for (const e of later) whole.add({ ...e, line: e.line + offset });

          const merged = createDeliveryFold();
          for (const e of first) merged.add(e);
          const other = createDeliveryFold();
          for (const e of later) other.add(e);
          // Through a structured clone, as it crosses from a worker thread.
          merged.merge(structuredClone(other.exportState()), offset);

          expect(snapshot(merged)).toEqual(snapshot(whole));
        },
      ),
      { seed: 20261123, numRuns: 300 },
    );
  });

  it('decides a delivery alike when a row without a time falls between two with one', () => {
    // failed at 10, failed without a time, delivered at 3: one thread and two threads split after
    // the first row used to disagree (failed on two, delivered on one)
    const base = {
      source: 'f.csv',
      line: 1,
      format: 'messagetrace-detail' as const,
      messageKey: 'm',
      recipient: 'r@fabrikam.com',
      event: 'x',
      weight: 'final' as const,
      facts: { direction: 'outbound' as const },
    };
    const rows: TraceEvent[] = [
      { ...base, state: 'failed', time: 10, text: '550 5.1.1 unknown' },
      { ...base, state: 'failed', text: '550 5.1.1 unknown' },
      { ...base, state: 'delivered', time: 3 },
    ];
    const whole = createDeliveryFold();
    for (const e of rows) whole.add(e);
    const merged = createDeliveryFold();
    merged.add(rows[0]!);
    const other = createDeliveryFold();
    for (const e of rows.slice(1)) other.add(e);
    merged.merge(structuredClone(other.exportState()), 0);
    expect(snapshot(merged)).toEqual(snapshot(whole));
    expect(whole.delivery('m', 'r@fabrikam.com')!.state).toBe('failed');
  });

  it('maps the other fold’s text ids and message numbers onto its own, new ones after the known ones', () => {
    const a = createDeliveryFold();
    const b = createDeliveryFold();
    const base = {
      source: 'f.csv',
      line: 1,
      format: 'extended-report' as const,
      event: 'FAIL',
      weight: 'final' as const,
      state: 'failed' as const,
      time: 1,
      facts: { direction: 'inbound' as const },
    };
    a.add({ ...base, messageKey: 'm1', recipient: 'a@contoso.com', text: 'known' });
    b.add({ ...base, messageKey: 'm2', recipient: 'b@contoso.com', text: 'new' });
    b.add({ ...base, messageKey: 'm1', recipient: 'c@contoso.com', text: 'known' });
    const { textMap, messageMap } = a.merge(b.exportState(), 10);
    expect([...textMap]).toEqual([1, 0]);
    expect([...messageMap]).toEqual([1, 0]);
    expect(a.messageKey(1)).toBe('m2');
    expect(a.example(1).line).toBe(11);
    expect(a.example(0).messageKey).toBe('m1');
  });
});
