import { afterAll, describe, expect, it } from 'vitest';
import { createDeliveryFold } from '../src/aggregate/delivery-fold.js';
import type { TraceEvent } from '../src/model/trace.js';
import { analyze, causeCounts } from './helpers/analyze.js';
import { encodeText, sampleText, tempDir } from './helpers/files.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

function ev(partial: Partial<TraceEvent> & Pick<TraceEvent, 'weight'>): TraceEvent {
  return { source: 't.csv', line: 1, format: 'extended-report', messageKey: 'm1', recipient: 'r@fabrikam.com', event: 'X', facts: { direction: 'outbound' }, ...partial };
}

describe('delivery fold', () => {
  it('takes the latest deciding event, whatever order rows come in', () => {
    const events = [
      ev({ weight: 'presence', event: 'RECEIVE', time: 0 }),
      ev({ weight: 'defer', state: 'pending', event: 'DEFER', time: 1000, text: '451 4.7.1 Greylisted' }),
      ev({ weight: 'final', state: 'delivered', event: 'SEND', time: 400_000 }),
    ];
    for (const order of [[0, 1, 2], [2, 1, 0], [1, 2, 0]]) {
      const fold = createDeliveryFold();
      for (const i of order) fold.add(events[i]!);
      const rec = fold.delivery('m1', 'r@fabrikam.com')!;
      expect(rec.state).toBe('delivered');
      expect(fold.text(rec.deferTextId)).toBe('451 4.7.1 Greylisted');
    }
  });

  it('keeps the latest deferral reason next to the final failure', () => {
    const fold = createDeliveryFold();
    fold.add(ev({ weight: 'final', state: 'failed', event: 'FAIL', time: 86_400_000, text: '550 4.4.7 QUEUE.Expired; message expired' }));
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

  it('ignores events that name no recipient and decide nothing', () => {
    const fold = createDeliveryFold();
    fold.add(ev({ weight: 'presence', recipient: '' }));
    expect(fold.deliveries).toBe(0);
    expect(fold.messages).toBe(1);
  });

  it('keeps each distinct text once, with its first example', () => {
    const fold = createDeliveryFold();
    for (let i = 0; i < 1000; i++) fold.add(ev({ weight: 'final', state: 'failed', recipient: `u${i}@fabrikam.com`, text: '550 5.1.1 User unknown', line: i + 2 }));
    expect(fold.distinctTexts).toBe(1);
    expect(fold.example(0)).toMatchObject({ recipient: 'u0@fabrikam.com', line: 2 });
  });
});

describe('folding real exports', () => {
  const text = sampleText('extended-report-utf16le-bom.csv');
  const [header, ...rows] = text.split('\r\n').filter(Boolean);

  it('gives the same report for the rows in any order', async () => {
    const sorted = await analyze([tmp.file('sorted.csv', encodeText(text, 'utf-16le-bom'))]);
    // a deterministic shuffle
    const shuffled = rows.map((r, i) => [((i * 7919) % 104729) / 104729, r] as const).sort((a, b) => a[0] - b[0]).map(([, r]) => r);
    const report = await analyze([tmp.file('shuffled.csv', encodeText([header, ...shuffled].join('\r\n') + '\r\n', 'utf-16le-bom'))]);
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
