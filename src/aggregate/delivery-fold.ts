/**
 * Incremental folding of trace events into each delivery's final state.
 *
 * Memory grows with messages and deliveries (a few numbers each, in typed arrays) and with
 * distinct texts (each kept once, with one example), never with rows. The result does not depend
 * on row order: exports are not always sorted, and a message's DEFER and FAIL can be a day apart
 * or in two files. The parts: message keys → numbers (message-keys.ts), each message's deliveries
 * (delivery-table.ts), the rule of which event decides (deciding-event.ts), and here the texts,
 * their examples and the period.
 */
import { MAX_KEPT_ID_CHARS } from '../model/limits.js';
import type { Direction, TraceEvent } from '../model/trace.js';
import { parseDirection } from '../normalize/fields.js';
import { DeliveryDecisions, rankOf, stateCode } from './deciding-event.js';
import type { DeliverySpan } from './delivery-span.js';
import { DeliveryTable, unitsToString } from './delivery-table.js';
import { detach, keptId, keptText } from './detach.js';
import { createExampleStore, type TextExample } from './example-store.js';
import { grown } from './typed-arrays.js';
import { DIRECTION_CODES, type DeliveryFold, type DeliveryRecord, type FoldState } from './fold-state.js';
import { createMessageKeys } from './message-keys.js';

export function createDeliveryFold(): DeliveryFold {
  return new Fold();
}

class Fold implements DeliveryFold {
  private readonly keys = createMessageKeys();
  private readonly table = new DeliveryTable();
  private readonly decisions = new DeliveryDecisions(this.table.capacity);
  private readonly textIds = new Map<string, number>();
  private readonly texts: string[] = [];
  private readonly examples = createExampleStore();
  /** by text id: the delivery its example is of */
  private textDelivery: number[] = [];
  /** per message, its direction's code (DIRECTION_CODES) */
  private directions = new Uint8Array(1024);
  /** message → its first failure event in failureExamples (a few facts per message with a failure) */
  private readonly failureOf = new Map<number, number>();
  private readonly failureExamples = createExampleStore();
  private failureMessages: number[] = [];
  // the last key looked up (a slice of its row, or of the decoded text it was read in place from:
  // it holds that one piece of text until the next message)
  private lastKey = '';
  private lastMessage = -1;
  firstTime = NaN;
  lastTime = NaN;

  add(e: TraceEvent): number {
    const key = keptId(e.messageKey);
    // Rows of one message usually come together: remember the last one looked up.
    let m: number;
    if (key === this.lastKey) m = this.lastMessage;
    else {
      m = this.messageNumber(key);
      this.lastKey = key;
      this.lastMessage = m;
    }
    const t = e.time ?? NaN;
    this.seen(t);
    if (this.directions[m] === 0) this.directions[m] = directionCode(e.facts.direction);
    if (e.state === 'failed' && e.weight === 'final' && !this.failureOf.has(m)) {
      this.failureOf.set(m, this.failureMessages.length);
      this.failureMessages.push(m);
      this.failureExamples.add(e);
    }
    // An event that names no recipient and decides nothing tells nothing about any delivery.
    if (e.weight === 'presence' && e.recipient === '') return m;

    const d = this.deliveryOf(m, e.recipient, 0, Math.min(e.recipient.length, MAX_KEPT_ID_CHARS));
    const id = e.text ? this.intern(keptText(e.text), e, d) : -1;
    if (e.weight === 'defer' && id >= 0) this.decisions.offerDeferral(d, id, t);
    this.decisions.offer(d, rankOf(e.weight), t, stateCode(e.state), id);
    return m;
  }

  readonly addSpan = (span: Readonly<DeliverySpan>): void => {
    const { text, keyStart, recipientStart } = span;
    const keyEnd = Math.min(span.keyEnd, keyStart + MAX_KEPT_ID_CHARS);
    const recipientEnd = Math.min(span.recipientEnd, recipientStart + MAX_KEPT_ID_CHARS);
    // Rows of one message usually come together: compare with the last key (startsWith compares
    // in native code) before reading the key.
    let m: number;
    if (keyEnd - keyStart === this.lastKey.length && text.startsWith(this.lastKey, keyStart)) m = this.lastMessage;
    else {
      const known = this.keys.count;
      m = this.keys.numberAt(text, keyStart, keyEnd);
      if (m === known) this.newMessage(m);
      this.lastKey = text.slice(keyStart, keyEnd);
      this.lastMessage = m;
    }
    const t = span.time ?? NaN;
    this.seen(t);
    if (this.directions[m] === 0 && span.directionEnd > span.directionStart)
      this.directions[m] = directionCode(parseDirection(text.slice(span.directionStart, span.directionEnd)));
    const d = this.deliveryOf(m, text, recipientStart, recipientEnd);
    this.decisions.offer(d, rankOf(span.weight), t, stateCode(span.state), -1);
  };

  merge(o: FoldState, lineOffset: number): { textMap: Int32Array; messageMap: Int32Array } {
    // Texts first, in the other fold's order, so new ids follow the order the rows came in; an
    // example is taken only for a text this fold has not seen (its own came first).
    const textMap = new Int32Array(o.texts.length);
    const knownTexts = this.texts.length;
    for (let i = 0; i < o.texts.length; i++) {
      const text = o.texts[i]!;
      let id = this.textIds.get(text);
      if (id === undefined) {
        id = this.texts.length;
        this.textIds.set(text, id);
        this.texts.push(text);
        this.examples.addFrom(o.examples, i, lineOffset);
      }
      textMap[i] = id;
    }
    const known = this.keys.count;
    const messageMap = this.keys.numbersOf(o.messages);
    for (let m = known; m < this.keys.count; m++) this.newMessage(m);
    this.lastKey = '';
    this.lastMessage = -1;
    const deliveryMap = new Int32Array(o.messageOf.length);
    for (let od = 0; od < o.messageOf.length; od++) {
      const m = messageMap[o.messageOf[od]!]!;
      const from = o.recipientStart[od]!;
      const to = o.recipientStart[od + 1]!;
      // A message this fold had not seen has no delivery to look for (most of them).
      let d = -1;
      if (m < known) {
        const recipient = unitsToString(o.recipientChars, from, to);
        d = this.table.find(m, recipient, 0, recipient.length);
      }
      if (d === -1) d = this.created(m, o.recipientChars, from, to);
      deliveryMap[od] = d;
      this.decisions.offerFrom(o, od, d, textMap);
    }
    // the deliveries of the texts new to this fold, now that the other fold's deliveries have numbers here
    for (let i = 0; i < o.texts.length; i++)
      if (textMap[i]! >= knownTexts) this.textDelivery[textMap[i]!] = deliveryMap[o.textDelivery[i]!]!;
    for (let om = 0; om < o.directions.length; om++) {
      const m = messageMap[om]!;
      if (this.directions[m] === 0) this.directions[m] = o.directions[om]!;
    }
    for (let j = 0; j < o.failureMessages.length; j++) {
      const m = messageMap[o.failureMessages[j]!]!;
      if (this.failureOf.has(m)) continue;
      this.failureOf.set(m, this.failureMessages.length);
      this.failureMessages.push(m);
      this.failureExamples.addFrom(o.failureExamples, j, lineOffset);
    }
    if (!Number.isNaN(o.firstTime)) {
      this.seen(o.firstTime);
      this.seen(o.lastTime);
    }
    return { textMap, messageMap };
  }

  exportState(): FoldState {
    const t = this.table;
    const n = t.deliveries;
    return {
      messages: this.keys.exportState(),
      messageOf: t.messageOf.slice(0, n),
      recipientChars: t.chars.slice(0, t.charsUsed),
      recipientStart: t.recipientStart.slice(0, n + 1),
      ...this.decisions.exportColumns(n),
      texts: this.texts,
      examples: this.examples.exportColumns(),
      textDelivery: Int32Array.from(this.textDelivery),
      directions: this.directions.slice(0, this.keys.count),
      failureExamples: this.failureExamples.exportColumns(),
      failureMessages: Int32Array.from(this.failureMessages),
      firstTime: this.firstTime,
      lastTime: this.lastTime,
    };
  }

  get messages(): number {
    return this.keys.count;
  }
  messageKey(m: number): string {
    return this.keys.key(m);
  }
  recipient(d: number): string {
    return this.table.recipientOf(d);
  }
  get deliveries(): number {
    return this.table.deliveries;
  }
  forEachDelivery(visit: (rec: DeliveryRecord, message: number) => void): void {
    const { messageOf, deliveries } = this.table;
    for (let d = 0; d < deliveries; d++) visit(this.decisions.view(d), messageOf[d]!);
  }
  deliveryAt(d: number): { record: DeliveryRecord; message: number } {
    return { record: this.decisions.view(d), message: this.table.messageOf[d]! };
  }
  delivery(messageKey: string, recipient: string): DeliveryRecord | undefined {
    const m = this.keys.find(keptId(messageKey));
    if (m === -1) return undefined;
    const d = this.table.find(m, recipient, 0, Math.min(recipient.length, MAX_KEPT_ID_CHARS));
    return d === -1 ? undefined : this.decisions.view(d);
  }
  text(id: number): string {
    return this.texts[id] ?? '';
  }
  example(id: number): TextExample {
    return this.examples.get(id);
  }
  exampleDelivery(id: number): number {
    return this.textDelivery[id] ?? -1;
  }
  direction(m: number): Direction {
    return DIRECTION_CODES[this.directions[m]!] ?? 'unknown';
  }
  failureExample(m: number): TextExample | undefined {
    const i = this.failureOf.get(m);
    return i === undefined ? undefined : this.failureExamples.get(i);
  }
  get distinctTexts(): number {
    return this.texts.length;
  }

  private messageNumber(key: string): number {
    const known = this.keys.count;
    const m = this.keys.numberOf(key);
    if (m === known) this.newMessage(m);
    return m;
  }

  private newMessage(m: number): void {
    this.table.newMessage(m);
    if (m >= this.directions.length) this.directions = grown(this.directions, this.directions.length * 2);
  }

  /** The delivery of recipient `text[start, end)` in message m, made when new. */
  private deliveryOf(m: number, text: string, start: number, end: number): number {
    const d = this.table.find(m, text, start, end);
    return d === -1 ? this.created(m, text, start, end) : d;
  }

  private created(m: number, recipient: string | Uint16Array, from: number, to: number): number {
    const d = this.table.create(m, recipient, from, to);
    if (this.table.capacity > this.decisions.state.length) this.decisions.grow(this.table.capacity);
    this.decisions.reset(d);
    return d;
  }

  /** Widens the period to time t (NaN: no time). */
  private seen(t: number): void {
    if (Number.isNaN(t)) return;
    if (!(t >= this.firstTime)) this.firstTime = t;
    if (!(t <= this.lastTime)) this.lastTime = t;
  }

  private intern(text: string, e: TraceEvent, d: number): number {
    let id = this.textIds.get(text);
    if (id === undefined) {
      id = this.texts.length;
      this.textDelivery.push(d);
      const kept = detach(text);
      this.textIds.set(kept, id);
      this.texts.push(kept);
      this.examples.add(e);
    }
    return id;
  }
}

function directionCode(d: Direction): number {
  const code = DIRECTION_CODES.indexOf(d);
  return code < 0 ? 0 : code;
}
