/**
 * Incremental folding of trace events into each delivery's final state.
 *
 * Memory grows with deliveries (one compact record each) and with distinct texts (each kept
 * once, with one example), never with rows. The result does not depend on row order: exports
 * are not always sorted, and a message's DEFER and FAIL can be a day apart or in two files.
 */
import type { DeliveryState, MessageFacts, TraceEvent } from '../model/trace.js';

const RANK = { presence: 0, defer: 1, final: 2 } as const;

/** One (message, recipient) pair. Numbers, not objects, so a million of them stay small. */
export interface DeliveryRecord {
  state: DeliveryState;
  rank: number;
  /** time of the deciding event, NaN when unknown */
  time: number;
  /** text id of the deciding event's reason, -1 when none */
  textId: number;
  /** text id of the latest deferral reason, -1 when none */
  deferTextId: number;
  deferTime: number;
}

/** The first delivery seen with a given text: what the report shows as its example. */
export interface TextExample {
  recipient: string;
  facts: MessageFacts;
  time?: number;
  source: string;
  line: number;
  deliveryKey: string;
}

export interface DeliveryFold {
  add(e: TraceEvent): void;
  readonly messages: number;
  readonly deliveries: ReadonlyMap<string, DeliveryRecord>;
  text(id: number): string;
  example(id: number): TextExample;
  readonly distinctTexts: number;
  /** earliest and latest event time seen (ms), NaN when none */
  readonly firstTime: number;
  readonly lastTime: number;
}

export function createDeliveryFold(): DeliveryFold {
  const messages = new Set<string>();
  const deliveries = new Map<string, DeliveryRecord>();
  const textIds = new Map<string, number>();
  const texts: string[] = [];
  const examples: TextExample[] = [];
  let firstTime = NaN;
  let lastTime = NaN;

  function intern(text: string, key: string, e: TraceEvent): number {
    let id = textIds.get(text);
    if (id === undefined) {
      id = texts.length;
      textIds.set(text, id);
      texts.push(text);
      examples.push({ recipient: e.recipient, facts: e.facts, time: e.time, source: e.source, line: e.line, deliveryKey: key });
    }
    return id;
  }

  /** Does the event decide the delivery's state over what was there? */
  function wins(rank: number, time: number, rec: DeliveryRecord): boolean {
    if (rank === 0) return false;
    if (rec.rank === 0) return true;
    if (!Number.isNaN(time) && !Number.isNaN(rec.time) && time !== rec.time) return time > rec.time;
    if (rank !== rec.rank) return rank > rec.rank;
    return true; // same time and weight: the later row says the last word
  }

  return {
    add(e) {
      messages.add(e.messageKey);
      const time = e.time ?? NaN;
      if (!Number.isNaN(time)) {
        if (!(time >= firstTime)) firstTime = time;
        if (!(time <= lastTime)) lastTime = time;
      }
      // An event that names no recipient and decides nothing tells nothing about any delivery.
      if (e.weight === 'presence' && e.recipient === '') return;

      const key = e.messageKey + '\n' + e.recipient;
      const rank = RANK[e.weight];
      let rec = deliveries.get(key);
      if (!rec) {
        rec = { state: 'pending', rank: 0, time: NaN, textId: -1, deferTextId: -1, deferTime: NaN };
        deliveries.set(key, rec);
      }
      const textId = e.text ? intern(e.text, key, e) : -1;
      if (e.weight === 'defer' && textId >= 0 && (Number.isNaN(rec.deferTime) || !(time < rec.deferTime))) {
        rec.deferTextId = textId;
        rec.deferTime = time;
      }
      if (wins(rank, time, rec)) {
        rec.state = e.state ?? 'pending';
        rec.rank = rank;
        rec.time = time;
        rec.textId = textId;
      }
    },
    get messages() {
      return messages.size;
    },
    deliveries,
    text: (id) => texts[id] ?? '',
    example: (id) => examples[id]!,
    get distinctTexts() {
      return texts.length;
    },
    get firstTime() {
      return firstTime;
    },
    get lastTime() {
      return lastTime;
    },
  };
}
