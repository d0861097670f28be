/**
 * The deliveries of each message: which recipients a message has, found by the recipient's text
 * where it stands in a row, without cutting a string for it.
 *
 * Each delivery's recipient is kept as UTF-16 code units in one growing array: no string per
 * delivery for the garbage collector to walk and no copy to cut it loose from its row, and a
 * message's deliveries sit side by side. (A Map of distinct recipients cost more: each lookup by a
 * string cut from a row missed the cache.)
 */
import { grown } from './typed-arrays.js';

/** Messages with more recipients than this get a recipient index instead of a list walk. */
const LIST_LIMIT = 16;

/** Typed arrays use the platform's byte order: little-endian on x64 and arm64, not on s390x. */
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

export function unitsToString(units: Uint16Array, from: number, to: number): string {
  // Node decodes UTF-16LE code unit by code unit (a lone surrogate stays as it is), in native
  // code: ten times faster than String.fromCharCode over the units (docs/performance.md).
  if (LITTLE_ENDIAN)
    return Buffer.from(units.buffer, units.byteOffset, units.byteLength).toString('utf16le', 2 * from, 2 * to);
  let out = '';
  // in parts: fromCharCode takes its arguments on the stack
  for (let i = from; i < to; i += 8192) out += String.fromCharCode(...units.subarray(i, Math.min(to, i + 8192)));
  return out;
}

export class DeliveryTable {
  /** how many deliveries the columns have room for */
  capacity = 1024;
  deliveries = 0;
  /** per delivery: its message's number */
  messageOf = new Int32Array(this.capacity);
  /** delivery d's recipient is chars[recipientStart[d], recipientStart[d + 1]) */
  recipientStart = new Int32Array(this.capacity + 1);
  chars = new Uint16Array(1 << 16);
  charsUsed = 0;
  /** per delivery: the next delivery of the same message, -1 at the end */
  private next = new Int32Array(this.capacity);
  /** per message: its first delivery (-1 when none) and how many it has */
  private first = new Int32Array(1024);
  private count = new Int32Array(1024);
  /** per message with many recipients: recipient → delivery */
  private readonly large = new Map<number, Map<string, number>>();

  /** Slots for a message number new to the fold (they come in order). */
  newMessage(m: number): void {
    if (m >= this.first.length) {
      this.first = grown(this.first, this.first.length * 2);
      this.count = grown(this.count, this.first.length);
    }
    this.first[m] = -1;
    this.count[m] = 0;
  }

  /** The delivery of recipient `text[start, end)` in message `m`, -1 when none. */
  find(m: number, text: string, start: number, end: number): number {
    const index = this.large.get(m);
    if (index) return index.get(text.slice(start, end)) ?? -1;
    for (let d = this.first[m]!; d !== -1; d = this.next[d]!) if (this.isRecipient(d, text, start, end)) return d;
    return -1;
  }

  /**
   * A new delivery of message `m` for the recipient `recipient[from, to)`: part of a string, or
   * code units of another fold (merged without making a string). The caller grows its own
   * columns when `capacity` grew.
   */
  create(m: number, recipient: string | Uint16Array, from: number, to: number): number {
    const d = this.deliveries++;
    if (d === this.capacity) {
      this.capacity *= 2;
      this.next = grown(this.next, this.capacity);
      this.messageOf = grown(this.messageOf, this.capacity);
      this.recipientStart = grown(this.recipientStart, this.capacity + 1);
    }
    this.messageOf[d] = m;
    this.storeRecipient(d, recipient, from, to);
    this.next[d] = this.first[m]!;
    this.first[m] = d;
    const n = ++this.count[m]!;
    if (n > LIST_LIMIT) {
      let index = this.large.get(m);
      if (!index) {
        index = new Map();
        for (let x = this.first[m]!; x !== -1; x = this.next[x]!) index.set(this.recipientOf(x), x);
        this.large.set(m, index);
      } else index.set(this.recipientOf(d), d);
    }
    return d;
  }

  recipientOf(d: number): string {
    return unitsToString(this.chars, this.recipientStart[d]!, this.recipientStart[d + 1]!);
  }

  /** Is delivery d's recipient `text[start, end)`? */
  private isRecipient(d: number, text: string, start: number, end: number): boolean {
    const from = this.recipientStart[d]!;
    const n = end - start;
    if (this.recipientStart[d + 1]! - from !== n) return false;
    const chars = this.chars;
    for (let i = 0; i < n; i++) if (chars[from + i] !== text.charCodeAt(start + i)) return false;
    return true;
  }

  /** Stores `source[from, to)` (a string, or code units from another fold) as delivery d's recipient. */
  private storeRecipient(d: number, source: string | Uint16Array, from: number, to: number): void {
    const n = to - from;
    const used = this.charsUsed;
    if (used + n > this.chars.length) this.chars = grown(this.chars, Math.max(this.chars.length * 2, used + n));
    const chars = this.chars;
    if (typeof source === 'string') for (let i = 0; i < n; i++) chars[used + i] = source.charCodeAt(from + i);
    else chars.set(source.subarray(from, to), used);
    this.charsUsed = used + n;
    this.recipientStart[d + 1] = this.charsUsed;
  }
}
