/**
 * Incremental folding of trace events into each delivery's final state.
 *
 * Memory grows with messages and deliveries (one compact record each) and with distinct texts
 * (each kept once, with one example), never with rows. The result does not depend on row order:
 * exports are not always sorted, and a message's DEFER and FAIL can be a day apart or in two files.
 */
import type { DeliveryState, MessageFacts, TraceEvent } from '../model/trace.js';
import { detach } from './detach.js';

const RANK = { presence: 0, defer: 1, final: 2 } as const;

/** One (message, recipient) pair. Numbers, not objects, so a million of them stay small. */
export interface DeliveryRecord {
  recipient: string;
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

/**
 * A message's deliveries: most messages have one recipient, so the record itself; a few
 * recipients, a short array searched linearly; many recipients, a Map. No per-message wrapper
 * object or key string per delivery: at a million rows these add up.
 */
type MessageState = DeliveryRecord | DeliveryRecord[] | Map<string, DeliveryRecord>;
/** A message seen only through events that name no recipient. */
const NO_DELIVERIES: DeliveryRecord[] = [];
const LINEAR_LIMIT = 12;

/**
 * The first delivery seen with a given text: what the report shows as its example. A snapshot of
 * the few facts a report prints, so that keeping one per distinct text stays small.
 */
export interface TextExample {
  recipient: string;
  facts: Pick<MessageFacts, 'direction' | 'sender' | 'subject' | 'messageId' | 'networkMessageId' | 'messageTraceId'>;
  time?: number;
  source: string;
  line: number;
  messageKey: string;
}

/** Subjects longer than this are cut in examples (the report shows 80–300 characters at most). */
const EXAMPLE_SUBJECT_CHARS = 500;

function snapshot(f: MessageFacts): TextExample['facts'] {
  const out: TextExample['facts'] = { direction: f.direction };
  const keep = (s: string | undefined, max = 1000) => (s === undefined ? undefined : detach(s.length > max ? s.slice(0, max) : s));
  const sender = keep(f.sender);
  const subject = keep(f.subject, EXAMPLE_SUBJECT_CHARS);
  // One id is enough to find the message again; the report shows the first it has.
  const messageId = keep(f.messageId);
  const networkMessageId = messageId === undefined ? keep(f.networkMessageId) : undefined;
  const messageTraceId = messageId === undefined && networkMessageId === undefined ? keep(f.messageTraceId) : undefined;
  if (sender !== undefined) out.sender = sender;
  if (subject !== undefined) out.subject = subject;
  if (messageId !== undefined) out.messageId = messageId;
  if (networkMessageId !== undefined) out.networkMessageId = networkMessageId;
  if (messageTraceId !== undefined) out.messageTraceId = messageTraceId;
  return out;
}

export interface DeliveryFold {
  add(e: TraceEvent): void;
  readonly messages: number;
  readonly deliveries: number;
  forEachDelivery(visit: (rec: DeliveryRecord, messageKey: string) => void): void;
  delivery(messageKey: string, recipient: string): DeliveryRecord | undefined;
  text(id: number): string;
  example(id: number): TextExample;
  readonly distinctTexts: number;
  /** earliest and latest event time seen (ms), NaN when none */
  readonly firstTime: number;
  readonly lastTime: number;
}

export function createDeliveryFold(): DeliveryFold {
  const messages = new Map<string, MessageState>();
  const textIds = new Map<string, number>();
  const texts: string[] = [];
  const examples: TextExample[] = [];
  let deliveries = 0;
  let lastKey = '';
  let lastState: MessageState = NO_DELIVERIES;
  let firstTime = NaN;
  let lastTime = NaN;

  function intern(text: string, e: TraceEvent): number {
    let id = textIds.get(text);
    if (id === undefined) {
      id = texts.length;
      const kept = detach(text);
      textIds.set(kept, id);
      texts.push(kept);
      examples.push({ recipient: detach(e.recipient), facts: snapshot(e.facts), time: e.time, source: e.source, line: e.line, messageKey: detach(e.messageKey) });
    }
    return id;
  }

  function find(m: MessageState, recipient: string): DeliveryRecord | undefined {
    if (m instanceof Map) return m.get(recipient);
    if (Array.isArray(m)) {
      for (const rec of m) if (rec.recipient === recipient) return rec;
      return undefined;
    }
    return m.recipient === recipient ? m : undefined;
  }

  function create(key: string, m: MessageState, recipient: string): DeliveryRecord {
    const rec: DeliveryRecord = { recipient: detach(recipient), state: 'pending', rank: 0, time: NaN, textId: -1, deferTextId: -1, deferTime: NaN };
    deliveries++;
    if (m === NO_DELIVERIES) messages.set(key, rec);
    else if (m instanceof Map) m.set(rec.recipient, rec);
    else if (Array.isArray(m)) {
      if (m.length < LINEAR_LIMIT) m.push(rec);
      else messages.set(key, new Map([...m, rec].map((r) => [r.recipient, r])));
    } else messages.set(key, [m, rec]);
    return rec;
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
      // Rows of one message usually come together: remember the last one looked up.
      let m: MessageState;
      if (e.messageKey === lastKey) m = lastState;
      else {
        const found = messages.get(e.messageKey);
        if (found === undefined) {
          lastKey = detach(e.messageKey);
          messages.set(lastKey, NO_DELIVERIES);
          m = NO_DELIVERIES;
        } else {
          lastKey = e.messageKey;
          m = found;
        }
        lastState = m;
      }
      const key = lastKey;
      const time = e.time ?? NaN;
      if (!Number.isNaN(time)) {
        if (!(time >= firstTime)) firstTime = time;
        if (!(time <= lastTime)) lastTime = time;
      }
      // An event that names no recipient and decides nothing tells nothing about any delivery.
      if (e.weight === 'presence' && e.recipient === '') return;

      let rec = find(m, e.recipient);
      if (!rec) {
        rec = create(key, m, e.recipient);
        lastState = messages.get(key)!;
      }
      const rank = RANK[e.weight];
      const textId = e.text ? intern(e.text, e) : -1;
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
    get deliveries() {
      return deliveries;
    },
    forEachDelivery(visit) {
      for (const [key, m] of messages) {
        if (m instanceof Map) for (const rec of m.values()) visit(rec, key);
        else if (Array.isArray(m)) for (const rec of m) visit(rec, key);
        else visit(m, key);
      }
    },
    delivery(messageKey, recipient) {
      const m = messages.get(messageKey);
      return m && find(m, recipient);
    },
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
