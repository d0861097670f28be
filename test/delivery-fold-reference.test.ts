/**
 * The fast fold (typed-array columns, in-place rows, merge across threads) against a reference
 * fold written the plain way: a Map of deliveries, each keeping every event it got, decided at the
 * end by the rule in words. Rows with and without times, in any order, split at any point.
 */
import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { createDeliveryFold } from '../src/aggregate/delivery-fold.js';
import type { DeliveryFold } from '../src/aggregate/fold-state.js';
import { createCatalog } from '../src/catalog/index.js';
import { createClassifier } from '../src/classify/classifier.js';
import { defaultLimits } from '../src/model/limits.js';
import type { DeliveryState, TraceEvent } from '../src/model/trace.js';
import { analyzeSources } from '../src/pipeline/analyze.js';
import { fileSource } from '../src/sources/file-source.js';
import { planRanges } from '../src/threads/plan-ranges.js';
import { fixedNow } from './helpers/analyze.js';
import { repoRoot, tempDir } from './helpers/files.js';

const RANK = { presence: 0, defer: 1, final: 2 } as const;

interface Seen {
  rank: number;
  state: DeliveryState;
  time: number | undefined;
  text: string | undefined;
  order: number;
}

/**
 * The rule in words: among the deciding events with a time, the latest (at the same time the
 * heavier weight, then the later row); among those without a time, the heaviest (then the later
 * row); the untimed one decides only when it weighs more than the timed one. The deferral shown
 * is the latest timed one, else the last untimed one.
 */
function referenceFold(events: readonly TraceEvent[]) {
  const byDelivery = new Map<string, Seen[]>();
  const defers = new Map<string, Seen[]>();
  events.forEach((e, order) => {
    if (e.weight === 'presence' && e.recipient === '') return;
    const key = `${e.messageKey}\u0000${e.recipient}`;
    const seen = { rank: RANK[e.weight], state: e.state ?? 'pending', time: e.time, text: e.text, order };
    byDelivery.set(key, [...(byDelivery.get(key) ?? []), seen]);
    if (e.weight === 'defer' && e.text) defers.set(key, [...(defers.get(key) ?? []), seen]);
  });
  const last = <T>(xs: T[], better: (a: T, b: T) => boolean): T | undefined =>
    xs.reduce<T | undefined>((best, x) => (best === undefined || !better(best, x) ? x : best), undefined);
  const result = new Map<string, { state: DeliveryState; text: string | null; defer: string | null }>();
  for (const [key, seen] of byDelivery) {
    const deciding = seen.filter((s) => s.rank > 0);
    // `better(a, b)`: a stays the best over b, which came later
    const timed = last(
      deciding.filter((s) => s.time !== undefined),
      (a, b) => a.time! > b.time! || (a.time === b.time && a.rank > b.rank),
    );
    const untimed = last(
      deciding.filter((s) => s.time === undefined),
      (a, b) => a.rank > b.rank,
    );
    const winner = untimed && untimed.rank > (timed?.rank ?? 0) ? untimed : timed;
    const d = defers.get(key) ?? [];
    const defer =
      last(
        d.filter((s) => s.time !== undefined),
        (a, b) => a.time! > b.time!,
      ) ?? d.filter((s) => s.time === undefined).at(-1);
    result.set(key, { state: winner?.state ?? 'pending', text: winner?.text ?? null, defer: defer?.text ?? null });
  }
  return result;
}

function fastResult(fold: DeliveryFold) {
  const result = new Map<string, { state: DeliveryState; text: string | null; defer: string | null }>();
  fold.forEachDelivery((rec, m) => {
    result.set(`${fold.messageKey(m)}\u0000${fold.recipient(rec.delivery)}`, {
      state: rec.state,
      text: rec.textId >= 0 ? fold.text(rec.textId) : null,
      defer: rec.deferTextId >= 0 ? fold.text(rec.deferTextId) : null,
    });
  });
  return result;
}

const kinds = [
  { weight: 'presence', state: undefined },
  { weight: 'defer', state: 'pending' },
  { weight: 'final', state: 'delivered' },
  { weight: 'final', state: 'failed' },
  { weight: 'final', state: 'dropped' },
] as const;

const event = fc
  .record({
    key: fc.constantFrom(
      '0a1b2c3d-0000-4000-8000-000000000000',
      '<m2@contoso.com>',
      '0a1b2c3d-0000-4000-8000-00000000000f',
    ),
    recipient: fc.constantFrom('', 'a@contoso.com', 'b@fabrikam.com', 'c@adatum.com'),
    kind: fc.integer({ min: 0, max: kinds.length - 1 }),
    time: fc.option(fc.integer({ min: 0, max: 6 }), { nil: undefined, freq: 2 }),
    text: fc.constantFrom('550 5.1.10 not found', '451 4.7.500 greylisted', '554 5.2.2 mailbox full'),
  })
  .map(({ key, recipient, kind, time, text }): TraceEvent => {
    const k = kinds[kind]!;
    return {
      source: 'r.csv',
      line: 1,
      format: 'messagetrace-detail',
      messageKey: key,
      recipient,
      event: k.weight,
      weight: k.weight,
      state: k.state,
      time,
      text: k.weight === 'presence' ? undefined : text,
      facts: { direction: 'unknown' },
    };
  });

describe('the delivery fold against a reference fold', () => {
  it('decides every delivery as the rule says, rows with and without times in any order', () => {
    fc.assert(
      fc.property(fc.array(event, { maxLength: 60 }), (events) => {
        const fold = createDeliveryFold();
        for (const e of events) fold.add(e);
        expect(fastResult(fold)).toEqual(referenceFold(events));
      }),
      { seed: 20261129, numRuns: 500 },
    );
  });

  it('gives the same when the rows are split into N runs folded apart and merged in order, as threads do', () => {
    fc.assert(
      fc.property(fc.array(event, { maxLength: 60 }), fc.array(fc.nat(60), { maxLength: 4 }), (events, cuts) => {
        const bounds = [0, ...[...new Set(cuts)].filter((c) => c < events.length).sort((a, b) => a - b), events.length];
        const first = createDeliveryFold();
        for (const e of events.slice(0, bounds[1])) first.add(e);
        for (let k = 1; k + 1 < bounds.length; k++) {
          const part = createDeliveryFold();
          for (const e of events.slice(bounds[k], bounds[k + 1])) part.add(e);
          first.merge(structuredClone(part.exportState()), 0);
        }
        expect(fastResult(first)).toEqual(referenceFold(events));
      }),
      { seed: 20261130, numRuns: 500 },
    );
  });

  it('rows read in place decide as events do, with or without a time', () => {
    fc.assert(
      fc.property(fc.array(event, { maxLength: 60 }), (events) => {
        const fold = createDeliveryFold();
        for (const e of events) {
          // the in-place channel takes rows without a text and with a recipient
          if (e.text === undefined && e.recipient !== '') {
            const row = `${e.messageKey},${e.recipient}`;
            fold.addSpan({
              text: row,
              keyStart: 0,
              keyEnd: e.messageKey.length,
              recipientStart: e.messageKey.length + 1,
              recipientEnd: row.length,
              weight: e.weight,
              state: e.state,
              time: e.time,
              directionStart: 0,
              directionEnd: 0,
            });
          } else fold.add(e);
        }
        expect(fastResult(fold)).toEqual(referenceFold(events));
      }),
      { seed: 20261131, numRuns: 300 },
    );
  });

  it('a Receive–Defer–Fail sequence whose Fail row has no time is failed, on one thread and split', () => {
    const base = {
      source: 'x.csv',
      format: 'messagetrace-detail' as const,
      messageKey: 'm',
      recipient: 'r@fabrikam.com',
      facts: { direction: 'outbound' as const },
    };
    const rows: TraceEvent[] = [
      { ...base, line: 2, event: 'Receive', weight: 'presence', time: 1 },
      {
        ...base,
        line: 3,
        event: 'Defer',
        weight: 'defer',
        state: 'pending',
        time: 2,
        text: '451 4.4.0 DNS query failed',
      },
      {
        ...base,
        line: 4,
        event: 'Fail',
        weight: 'final',
        state: 'failed',
        text: '550 4.4.7 QUEUE.Expired; message expired',
      },
    ];
    for (let cut = 0; cut <= rows.length; cut++) {
      const fold = createDeliveryFold();
      for (const e of rows.slice(0, cut)) fold.add(e);
      const rest = createDeliveryFold();
      for (const e of rows.slice(cut)) rest.add(e);
      fold.merge(rest.exportState(), 0);
      const rec = fold.delivery('m', 'r@fabrikam.com')!;
      expect(rec.state).toBe('failed');
      expect(fold.text(rec.deferTextId)).toBe('451 4.4.0 DNS query failed');
    }
  });
});

/**
 * The same rows written as an Extended report file and read on 1 to 4 real threads (worker
 * threads reading byte ranges, their folds merged in order): every delivery as the reference
 * decides it. Rows are padded so that each file is cut into as many ranges as there are threads.
 */
describe('the delivery fold on N threads against the reference fold', () => {
  const tmp = tempDir();
  afterAll(() => tmp.cleanup());
  const MIN_RANGE = 16 * 1024;
  const HEADER =
    'date_time_utc,client_ip,client_hostname,server_ip,server_hostname,source_context,connector_id,source,event_id,internal_message_id,message_id,network_message_id,recipient_address,recipient_status,total_bytes,recipient_count,related_recipient_address,reference,message_subject,sender_address,return_path,message_info,directionality,tenant_id,original_client_ip,original_server_ip,custom_data';
  const EVENT_ID = { presence: 'RECEIVE', defer: 'DEFER', delivered: 'DELIVER', failed: 'FAIL' } as const;
  const fileEvent = fc
    .record({
      key: fc.constantFrom(
        '0a1b2c3d-0000-4000-8000-000000000001',
        '0a1b2c3d-0000-4000-8000-000000000002',
        '0a1b2c3d-0000-4000-8000-000000000003',
      ),
      recipient: fc.constantFrom('a@contoso.com', 'b@fabrikam.com', 'c@adatum.com'),
      kind: fc.constantFrom('presence', 'defer', 'delivered', 'failed'),
      time: fc.option(fc.integer({ min: 0, max: 6 }), { nil: undefined, freq: 3 }),
      text: fc.constantFrom(
        '550 5.1.10 RESOLVER.ADR.RecipientNotFound; not found',
        '451 4.7.500 Server busy',
        '554 5.2.2 mailbox full',
      ),
    })
    .map(({ key, recipient, kind, time, text }): TraceEvent => {
      const weight = kind === 'presence' ? 'presence' : kind === 'defer' ? 'defer' : 'final';
      const state = kind === 'presence' ? undefined : kind === 'defer' ? 'pending' : kind;
      const reason = kind === 'defer' || kind === 'failed' ? text : undefined;
      return {
        source: 'r.csv',
        line: 1,
        format: 'extended-report',
        messageKey: key,
        recipient,
        event: EVENT_ID[kind],
        weight,
        state,
        time,
        text: reason,
        facts: { direction: 'outbound' },
      };
    });
  const row = (e: TraceEvent, n: number): string => {
    const time = e.time === undefined ? '' : `2026-11-20T10:00:0${e.time}.000Z`;
    const fields = [
      time,
      '',
      '',
      '',
      '',
      '',
      '',
      'SMTP',
      e.event,
      String(n),
      '<m@contoso.com>',
      e.messageKey,
      e.recipient,
      e.text ?? '',
      '1000',
      '1',
      '',
      '',
      'padding '.repeat(40),
      'sender@contoso.com',
      '',
      '',
      'Originating',
      '',
      '',
      '',
      '',
    ];
    return fields.map((f) => (/[",]/.test(f) ? `"${f.replaceAll('"', '""')}"` : f)).join(',');
  };
  const rangeWorker = pathToFileURL(join(repoRoot, 'dist/threads/range-worker.js'));
  let files = 0;

  it('decides every delivery as the rule says, read on 1, 2, 3 and 4 threads', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fileEvent, { minLength: 10, maxLength: 40 }), async (events) => {
        // each generated row repeated with fresh keys, so the file is large enough to be cut
        const all: TraceEvent[] = [];
        for (let copy = 0; copy < 40; copy++)
          for (const e of events)
            all.push({ ...e, messageKey: e.messageKey.slice(0, -3) + String(copy).padStart(3, '0') });
        const path = join(tmp.dir, `f${files++}.csv`);
        writeFileSync(path, [HEADER, ...all.map(row)].join('\r\n') + '\r\n');
        const expected = referenceFold(all);
        for (const threads of [1, 2, 3, 4]) {
          if (threads > 1) {
            const plan = await planRanges(path, statSync(path).size, threads, MIN_RANGE, defaultLimits);
            expect(plan?.starts.length).toBe(threads);
          }
          const catalog = createCatalog();
          const outcome = await analyzeSources(
            [fileSource(path)],
            { catalog, classifier: createClassifier(catalog), limits: defaultLimits, now: fixedNow },
            { threads, rangeWorker, minRangeBytes: MIN_RANGE },
          );
          const batch = outcome.outcomes('t');
          const got = new Map<string, { state: DeliveryState; text: string | null; defer: string | null }>();
          for (const o of batch.outcomes) {
            got.set(`${o.messageKey}\u0000${o.recipient}`, {
              state: o.state,
              text: o.textId === undefined ? null : batch.texts[o.textId]!.text,
              defer: o.deferTextId === undefined ? null : batch.texts[o.deferTextId]!.text,
            });
          }
          expect(got).toEqual(expected);
        }
      }),
      { numRuns: 8 },
    );
  }, 120_000);
});
