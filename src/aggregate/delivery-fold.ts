/**
 * Incremental folding of trace events into each delivery's final state.
 *
 * Memory grows with messages and deliveries (a few numbers each, in typed arrays) and with
 * distinct texts (each kept once, with one example), never with rows. The result does not depend
 * on row order: exports are not always sorted, and a message's DEFER and FAIL can be a day apart
 * or in two files.
 *
 * Deliveries live in columns (typed arrays indexed by delivery number) rather than one object
 * each: at a million rows, hundreds of thousands of small long-lived objects cost more in
 * garbage collection than everything else the fold does.
 */
import { MAX_KEPT_ID_CHARS } from '../model/limits.js';
import type { DeliverySpanSink, DeliveryState, TraceEvent } from '../model/trace.js';
import { detach, keptId, keptText } from './detach.js';
import { createExampleStore, type ExampleColumns, type TextExample } from './example-store.js';
import { createMessageKeys, type MessageKeysState } from './message-keys.js';
import { grown } from './typed-arrays.js';

const STATES: readonly DeliveryState[] = ['pending', 'delivered', 'failed', 'quarantined', 'filteredAsSpam', 'expanded', 'dropped', 'unknown'];

// Switches, not keyed lookups: these run for every event.
function rankOf(weight: TraceEvent['weight']): number {
  return weight === 'final' ? 2 : weight === 'defer' ? 1 : 0;
}
function stateCode(s: DeliveryState | undefined): number {
  switch (s) {
    case 'delivered':
      return 1;
    case 'failed':
      return 2;
    case 'quarantined':
      return 3;
    case 'filteredAsSpam':
      return 4;
    case 'expanded':
      return 5;
    case 'dropped':
      return 6;
    case 'unknown':
      return 7;
    default:
      return 0;
  }
}

/** One (message, recipient) pair's final state, as the report reads it. */
export interface DeliveryRecord {
  /** the delivery's number (DeliveryFold.recipient gives its recipient) */
  delivery: number;
  state: DeliveryState;
  /** text id of the deciding event's reason, -1 when none */
  textId: number;
  /** text id of the latest deferral reason, -1 when none */
  deferTextId: number;
}

/**
 * A fold's whole content as plain data, to move it between threads (structured clone; the typed
 * arrays can be transferred). Deliveries in creation order; `messageOf` numbers the messages of
 * `messages`. `state`, `rank`, `time` and `textId` hold the deciding event among those with a
 * time; `untimed` the one among those without (see decide() in createDeliveryFold).
 */
export interface FoldState {
  messages: MessageKeysState;
  messageOf: Int32Array;
  /** the recipients' UTF-16 code units, one after the other */
  recipientChars: Uint16Array;
  /** delivery d's recipient is recipientChars[recipientStart[d] .. recipientStart[d + 1]) */
  recipientStart: Int32Array;
  state: Uint8Array;
  rank: Uint8Array;
  time: Float64Array;
  textId: Int32Array;
  deferTextId: Int32Array;
  deferTime: Float64Array;
  /** present once an event without a time has been folded in */
  untimed?: UntimedColumns;
  texts: string[];
  /** by text id */
  examples: ExampleColumns;
  firstTime: number;
  lastTime: number;
}

/**
 * Per delivery, the deciding event and the deferral among the events that came without a time.
 * Text ids are stored plus one, so that the zero a new column starts with means "none".
 */
export interface UntimedColumns {
  rank: Uint8Array;
  state: Uint8Array;
  textIdPlusOne: Int32Array;
  deferTextIdPlusOne: Int32Array;
}

export interface DeliveryFold {
  /** Folds in an event; returns its message's number (as forEachDelivery and messageKey use them). */
  add(e: TraceEvent): number;
  /** add() of a row read in place, with no reason text (see DeliverySpanSink) */
  addSpan: DeliverySpanSink;
  /**
   * Folds in what another fold read from rows that come after every row this one has seen (a
   * later range of the same file, or a later file): the result is the one this fold would have
   * reached reading those rows itself. `lineOffset` turns the other reader's line numbers into
   * the file's. Returns the other fold's text ids and message numbers mapped to this fold's;
   * texts new to this fold get ids after all of its own, in the other fold's order.
   */
  merge(other: FoldState, lineOffset: number): { textMap: Int32Array; messageMap: Int32Array };
  exportState(): FoldState;
  readonly messages: number;
  /** the key of message number `m` (as forEachDelivery gives it) */
  messageKey(m: number): string;
  /** the recipient of a delivery (DeliveryRecord.delivery) */
  recipient(delivery: number): string;
  readonly deliveries: number;
  forEachDelivery(visit: (rec: DeliveryRecord, message: number) => void): void;
  delivery(messageKey: string, recipient: string): DeliveryRecord | undefined;
  text(id: number): string;
  example(id: number): TextExample;
  readonly distinctTexts: number;
  /** earliest and latest event time seen (ms), NaN when none */
  readonly firstTime: number;
  readonly lastTime: number;
}

function unitsToString(units: Uint16Array, from: number, to: number): string {
  let out = '';
  // in parts: fromCharCode takes its arguments on the stack
  for (let i = from; i < to; i += 8192) out += String.fromCharCode(...units.subarray(i, Math.min(to, i + 8192)));
  return out;
}

function createUntimed(capacity: number): UntimedColumns {
  return { rank: new Uint8Array(capacity), state: new Uint8Array(capacity), textIdPlusOne: new Int32Array(capacity), deferTextIdPlusOne: new Int32Array(capacity) };
}

function growUntimed(u: UntimedColumns, capacity: number): UntimedColumns {
  return { rank: grown(u.rank, capacity), state: grown(u.state, capacity), textIdPlusOne: grown(u.textIdPlusOne, capacity), deferTextIdPlusOne: grown(u.deferTextIdPlusOne, capacity) };
}

/** Messages with more recipients than this get a recipient index instead of a list walk. */
const LIST_LIMIT = 16;

export function createDeliveryFold(): DeliveryFold {
  const keys = createMessageKeys();
  let first = new Int32Array(1024); // per message: its first delivery, -1 when none
  let count = new Int32Array(1024); // per message: how many deliveries
  const large = new Map<number, Map<string, number>>(); // per large message: recipient → delivery

  // Each delivery's recipient, as UTF-16 code units in one growing array: no string per
  // delivery for the garbage collector to walk and no copy to cut it loose from its row, and a
  // message's deliveries sit side by side. (A Map of distinct recipients cost more: at 90,000
  // recipients, each lookup by a string cut from a row missed the cache, about 1 µs a time.)
  let chars = new Uint16Array(1 << 16);
  let charsUsed = 0;

  let capacity = 1024;
  let next = new Int32Array(capacity); // per delivery: the next delivery of the same message
  let messageOf = new Int32Array(capacity);
  let recipientStart = new Int32Array(capacity + 1);
  let state = new Uint8Array(capacity);
  let rank = new Uint8Array(capacity);
  let time = new Float64Array(capacity);
  let textId = new Int32Array(capacity);
  let deferTextId = new Int32Array(capacity);
  let deferTime = new Float64Array(capacity);
  // Made on the first event without a time: most exports have a time on every row.
  let untimed: UntimedColumns | undefined;
  let deliveries = 0;

  const textIds = new Map<string, number>();
  const texts: string[] = [];
  const examples = createExampleStore();
  // the last key looked up (a slice of its row, or of the decoded text it was read in place from:
  // it holds that one piece of text until the next message)
  let lastKey = '';
  let lastMessage = -1;
  let firstTime = NaN;
  let lastTime = NaN;

  function messageNumber(key: string): number {
    const known = keys.count;
    const m = keys.numberOf(key);
    if (m === known) newMessage(m);
    return m;
  }

  /** Per-message slots for a number new in `keys` (they come in order). */
  function newMessage(m: number): void {
    if (m >= first.length) {
      first = grown(first, first.length * 2);
      count = grown(count, first.length);
    }
    first[m] = -1;
    count[m] = 0;
  }

  /** Is delivery d's recipient `text[start, end)`? */
  function isRecipient(d: number, text: string, start: number, end: number): boolean {
    const from = recipientStart[d]!;
    const n = end - start;
    if (recipientStart[d + 1]! - from !== n) return false;
    for (let i = 0; i < n; i++) if (chars[from + i] !== text.charCodeAt(start + i)) return false;
    return true;
  }

  function recipientOf(d: number): string {
    return unitsToString(chars, recipientStart[d]!, recipientStart[d + 1]!);
  }

  /** Stores `source[from, to)` (a string, or code units from another fold) as delivery d's recipient. */
  function storeRecipient(d: number, source: string | Uint16Array, from: number, to: number): void {
    const n = to - from;
    if (charsUsed + n > chars.length) chars = grown(chars, Math.max(chars.length * 2, charsUsed + n));
    if (typeof source === 'string') for (let i = 0; i < n; i++) chars[charsUsed + i] = source.charCodeAt(from + i);
    else chars.set(source.subarray(from, to), charsUsed);
    charsUsed += n;
    recipientStart[d + 1] = charsUsed;
  }

  /** The delivery of `recipient` in message `m`, -1 when none. */
  function find(m: number, text: string, start: number, end: number): number {
    const index = large.get(m);
    if (index) return index.get(text.slice(start, end)) ?? -1;
    for (let d = first[m]!; d !== -1; d = next[d]!) if (isRecipient(d, text, start, end)) return d;
    return -1;
  }

  /**
   * A new delivery of message `m` for the recipient `recipient[from, to)`: part of a string, or
   * code units of another fold (merged without making a string).
   */
  function create(m: number, recipient: string | Uint16Array, from: number, to: number): number {
    const d = deliveries++;
    if (d === capacity) {
      capacity *= 2;
      next = grown(next, capacity);
      messageOf = grown(messageOf, capacity);
      recipientStart = grown(recipientStart, capacity + 1);
      state = grown(state, capacity);
      rank = grown(rank, capacity);
      time = grown(time, capacity);
      textId = grown(textId, capacity);
      deferTextId = grown(deferTextId, capacity);
      deferTime = grown(deferTime, capacity);
      if (untimed) untimed = growUntimed(untimed, capacity);
    }
    messageOf[d] = m;
    storeRecipient(d, recipient, from, to);
    state[d] = 0;
    rank[d] = 0;
    time[d] = NaN;
    textId[d] = -1;
    deferTextId[d] = -1;
    deferTime[d] = NaN;
    next[d] = first[m]!;
    first[m] = d;
    const n = ++count[m]!;
    if (n > LIST_LIMIT) {
      let index = large.get(m);
      if (!index) {
        index = new Map();
        for (let x = first[m]!; x !== -1; x = next[x]!) index.set(recipientOf(x), x);
        large.set(m, index);
      } else index.set(recipientOf(d), d);
    }
    return d;
  }

  function intern(text: string, e: TraceEvent): number {
    let id = textIds.get(text);
    if (id === undefined) {
      id = texts.length;
      const kept = detach(text);
      textIds.set(kept, id);
      texts.push(kept);
      examples.add(e);
    }
    return id;
  }

  /**
   * Which event decides a delivery, written once for add, addSpan and merge. Among events with a
   * time, the latest decides (at the same time the heavier weight, then the later row); among
   * events without one, the heaviest (then the later row); the untimed one overrules the timed
   * one only when it weighs more (see decide()). Each of the two is the maximum of an order in
   * which ties go to the later row, so folding rows one by one, or folding two runs of rows and
   * merging the second into the first, picks the same events: the property that lets a file be
   * read on several threads. (One rule mixing timed and untimed events by arrival had no such
   * order: two threads could count failed what one thread counted delivered.)
   */
  function offer(d: number, r: number, t: number, s: number, id: number): void {
    if (r === 0) return;
    if (Number.isNaN(t)) {
      const u = (untimed ??= createUntimed(capacity));
      if (r >= u.rank[d]!) {
        u.rank[d] = r;
        u.state[d] = s;
        u.textIdPlusOne[d] = id + 1;
      }
      return;
    }
    const old = rank[d]!;
    if (old !== 0 && (t !== time[d]! ? t < time[d]! : r < old)) return;
    state[d] = s;
    rank[d] = r;
    time[d] = t;
    textId[d] = id;
  }

  /** The same two orders for deferrals: the latest timed one, else the last untimed one. */
  function offerDeferral(d: number, id: number, t: number): void {
    if (Number.isNaN(t)) {
      (untimed ??= createUntimed(capacity)).deferTextIdPlusOne[d] = id + 1;
      return;
    }
    if (deferTextId[d]! < 0 || !(t < deferTime[d]!)) {
      deferTextId[d] = id;
      deferTime[d] = t;
    }
  }

  function view(d: number): DeliveryRecord {
    let s = state[d]!;
    let id = textId[d]!;
    let deferId = deferTextId[d]!;
    if (untimed) {
      if (untimed.rank[d]! > rank[d]!) {
        s = untimed.state[d]!;
        id = untimed.textIdPlusOne[d]! - 1;
      }
      if (deferId < 0) deferId = untimed.deferTextIdPlusOne[d]! - 1;
    }
    return { delivery: d, state: STATES[s]!, textId: id, deferTextId: deferId };
  }

  return {
    add(e) {
      const key = keptId(e.messageKey);
      // Rows of one message usually come together: remember the last one looked up.
      let m: number;
      if (key === lastKey) m = lastMessage;
      else {
        m = messageNumber(key);
        lastKey = key;
        lastMessage = m;
      }
      const t = e.time ?? NaN;
      if (!Number.isNaN(t)) {
        if (!(t >= firstTime)) firstTime = t;
        if (!(t <= lastTime)) lastTime = t;
      }
      // An event that names no recipient and decides nothing tells nothing about any delivery.
      if (e.weight === 'presence' && e.recipient === '') return m;

      const n = Math.min(e.recipient.length, MAX_KEPT_ID_CHARS);
      let d = find(m, e.recipient, 0, n);
      if (d === -1) d = create(m, e.recipient, 0, n);
      const id = e.text ? intern(keptText(e.text), e) : -1;
      if (e.weight === 'defer' && id >= 0) offerDeferral(d, id, t);
      offer(d, rankOf(e.weight), t, stateCode(e.state), id);
      return m;
    },
    addSpan(text, keyStart, fullKeyEnd, recipientStart, fullRecipientEnd, weight, st, at) {
      const keyEnd = Math.min(fullKeyEnd, keyStart + MAX_KEPT_ID_CHARS);
      const recipientEnd = Math.min(fullRecipientEnd, recipientStart + MAX_KEPT_ID_CHARS);
      // Rows of one message usually come together: compare with the last key (startsWith compares
      // in native code) before reading the key.
      let m: number;
      if (keyEnd - keyStart === lastKey.length && text.startsWith(lastKey, keyStart)) m = lastMessage;
      else {
        const known = keys.count;
        m = keys.numberAt(text, keyStart, keyEnd);
        if (m === known) newMessage(m);
        lastKey = text.slice(keyStart, keyEnd);
        lastMessage = m;
      }
      const t = at ?? NaN;
      if (!Number.isNaN(t)) {
        if (!(t >= firstTime)) firstTime = t;
        if (!(t <= lastTime)) lastTime = t;
      }
      let d = find(m, text, recipientStart, recipientEnd);
      if (d === -1) d = create(m, text, recipientStart, recipientEnd);
      offer(d, rankOf(weight), t, stateCode(st), -1);
    },
    merge(o, lineOffset) {
      // Texts first, in the other fold's order, so new ids follow the order the rows came in; an
      // example is taken only for a text this fold has not seen (its own came first).
      const textMap = new Int32Array(o.texts.length);
      for (let i = 0; i < o.texts.length; i++) {
        const text = o.texts[i]!;
        let id = textIds.get(text);
        if (id === undefined) {
          id = texts.length;
          textIds.set(text, id);
          texts.push(text);
          examples.addFrom(o.examples, i, lineOffset);
        }
        textMap[i] = id;
      }
      const known = keys.count;
      const messageMap = keys.numbersOf(o.messages);
      for (let m = known; m < keys.count; m++) newMessage(m);
      lastKey = '';
      lastMessage = -1;
      for (let od = 0; od < o.messageOf.length; od++) {
        const m = messageMap[o.messageOf[od]!]!;
        const from = o.recipientStart[od]!;
        const to = o.recipientStart[od + 1]!;
        // A message this fold had not seen has no delivery to look for (most of them).
        let d = -1;
        if (m < known) {
          const recipient = unitsToString(o.recipientChars, from, to);
          d = find(m, recipient, 0, recipient.length);
        }
        if (d === -1) d = create(m, o.recipientChars, from, to);
        const mapped = (id: number) => (id >= 0 ? textMap[id]! : -1);
        const deferId = o.deferTextId[od]!;
        if (deferId >= 0) offerDeferral(d, textMap[deferId]!, o.deferTime[od]!);
        offer(d, o.rank[od]!, o.time[od]!, o.state[od]!, mapped(o.textId[od]!));
        const u = o.untimed;
        if (u) {
          if (u.deferTextIdPlusOne[od]! > 0) offerDeferral(d, textMap[u.deferTextIdPlusOne[od]! - 1]!, NaN);
          offer(d, u.rank[od]!, NaN, u.state[od]!, mapped(u.textIdPlusOne[od]! - 1));
        }
      }
      if (!Number.isNaN(o.firstTime)) {
        if (!(o.firstTime >= firstTime)) firstTime = o.firstTime;
        if (!(o.lastTime <= lastTime)) lastTime = o.lastTime;
      }
      return { textMap, messageMap };
    },
    exportState() {
      return {
        messages: keys.exportState(),
        messageOf: messageOf.slice(0, deliveries),
        recipientChars: chars.slice(0, charsUsed),
        recipientStart: recipientStart.slice(0, deliveries + 1),
        state: state.slice(0, deliveries),
        rank: rank.slice(0, deliveries),
        time: time.slice(0, deliveries),
        textId: textId.slice(0, deliveries),
        deferTextId: deferTextId.slice(0, deliveries),
        deferTime: deferTime.slice(0, deliveries),
        ...(untimed
          ? {
              untimed: {
                rank: untimed.rank.slice(0, deliveries),
                state: untimed.state.slice(0, deliveries),
                textIdPlusOne: untimed.textIdPlusOne.slice(0, deliveries),
                deferTextIdPlusOne: untimed.deferTextIdPlusOne.slice(0, deliveries),
              },
            }
          : {}),
        texts,
        examples: examples.exportColumns(),
        firstTime,
        lastTime,
      };
    },
    get messages() {
      return keys.count;
    },
    messageKey: (m) => keys.key(m),
    recipient: (d) => recipientOf(d),
    get deliveries() {
      return deliveries;
    },
    forEachDelivery(visit) {
      for (let d = 0; d < deliveries; d++) visit(view(d), messageOf[d]!);
    },
    delivery(messageKey, recipient) {
      const m = keys.find(keptId(messageKey));
      if (m === -1) return undefined;
      const d = find(m, recipient, 0, Math.min(recipient.length, MAX_KEPT_ID_CHARS));
      return d === -1 ? undefined : view(d);
    },
    text: (id) => texts[id] ?? '',
    example: (id) => examples.get(id),
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
