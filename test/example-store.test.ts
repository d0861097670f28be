/**
 * The examples a fold keeps per distinct text, stored joined and in columns, read back as the
 * facts the event gave (cut where the report cuts them), also after crossing threads.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createExampleStore, type TextExample } from '../src/aggregate/example-store.js';
import type { Direction, MessageFacts, TraceEvent } from '../src/model/trace.js';

/** Strings that may be missing, empty, contain any code unit (lone surrogates too) or be long. */
const text = (max: number) =>
  fc.option(fc.oneof(fc.string({ unit: 'binary', maxLength: 20 }), fc.string({ maxLength: max }), fc.constant('')), {
    nil: undefined,
  });

const event = fc
  .record({
    recipient: fc.oneof(fc.string({ unit: 'binary', maxLength: 30 }), fc.string({ minLength: 990, maxLength: 1010 })),
    messageKey: fc.oneof(fc.string({ maxLength: 40 }), fc.string({ minLength: 990, maxLength: 1010 })),
    sender: text(1100),
    subject: text(700),
    messageId: text(1100),
    networkMessageId: text(40),
    messageTraceId: text(40),
    direction: fc.constantFrom<Direction>('inbound', 'outbound', 'internal', 'unknown'),
    time: fc.option(fc.integer({ min: 0, max: 4e12 }), { nil: undefined }),
    source: fc.constantFrom('a.csv', 'b.csv.gz', '-'),
    line: fc.integer({ min: 1, max: 1e6 }),
  })
  .map((r): TraceEvent => {
    const facts: MessageFacts = { direction: r.direction };
    for (const k of ['sender', 'subject', 'messageId', 'networkMessageId', 'messageTraceId'] as const)
      if (r[k] !== undefined) facts[k] = r[k];
    return {
      source: r.source,
      line: r.line,
      format: 'extended-report',
      messageKey: r.messageKey,
      recipient: r.recipient,
      event: 'FAIL',
      weight: 'final',
      state: 'failed',
      time: r.time,
      text: 'x',
      facts,
    };
  });

/**
 * What the report may read of an event's example: one id (the first present), long strings cut (ids and addresses as
 * the fold cuts them).
 */
function expected(e: TraceEvent, lineOffset = 0): TextExample {
  const f = e.facts;
  const facts: TextExample['facts'] = { direction: f.direction };
  if (f.sender !== undefined) facts.sender = f.sender.slice(0, 1000);
  if (f.subject !== undefined) facts.subject = f.subject.slice(0, 500);
  if (f.messageId !== undefined) facts.messageId = f.messageId.slice(0, 1000);
  else if (f.networkMessageId !== undefined) facts.networkMessageId = f.networkMessageId;
  else if (f.messageTraceId !== undefined) facts.messageTraceId = f.messageTraceId;
  return {
    recipient: e.recipient.slice(0, 1000),
    facts,
    time: e.time,
    source: e.source,
    line: e.line + lineOffset,
    messageKey: e.messageKey.slice(0, 1000),
  };
}

describe('example store', () => {
  it('gives back each example as the event had it, missing and empty strings apart', () => {
    fc.assert(
      fc.property(fc.array(event, { maxLength: 300 }), (events) => {
        const store = createExampleStore();
        for (const e of events) store.add(e);
        expect(store.count).toBe(events.length);
        events.forEach((e, i) => expect(store.get(i)).toStrictEqual(expected(e)));
      }),
      { numRuns: 200 },
    );
  });

  it('appends another store’s examples through a structured clone, lines moved', () => {
    fc.assert(
      fc.property(
        fc.array(event, { maxLength: 50 }),
        fc.array(event, { maxLength: 300 }),
        fc.integer({ min: 0, max: 1e6 }),
        (mine, theirs, offset) => {
          const store = createExampleStore();
          for (const e of mine) store.add(e);
          const other = createExampleStore();
          for (const e of theirs) other.add(e);
          const columns = structuredClone(other.exportColumns());
          // every other one, as a merge takes only texts new to the fold
          for (let j = 0; j < theirs.length; j += 2) store.addFrom(columns, j, offset);
          mine.forEach((e, i) => expect(store.get(i)).toStrictEqual(expected(e)));
          for (let j = 0; j < theirs.length; j += 2)
            expect(store.get(mine.length + j / 2)).toStrictEqual(expected(theirs[j]!, offset));
        },
      ),
      { numRuns: 200 },
    );
  });
});
