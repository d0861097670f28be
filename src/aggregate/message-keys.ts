/**
 * Message keys → message numbers (0, 1, 2… in order of first sight).
 *
 * Nearly every key is a GUID (network message id, message trace id). Those are kept as four
 * 32-bit words in a typed-array hash table instead of a string in a Map: at a million rows that
 * is some 400,000 fewer long-lived strings and Map entries for the garbage collector to walk, and
 * no copy per message to cut the key loose from its row. Other keys (a Message-ID when the export
 * has no network message id) go to an ordinary Map. A key is matched exactly, as a string would
 * be: only the lower-case GUID form takes the table, so `ABC…` and `abc…` stay two keys.
 */
import { detach } from './detach.js';
import { grown } from './typed-arrays.js';

/** A MessageKeys' content as plain data, to move it between threads. */
export interface MessageKeysState {
  count: number;
  /** four words per message; zero for messages whose key is in `named` */
  words: Int32Array;
  /** [message number, key] of every key that is not a lower-case GUID */
  named: Array<[number, string]>;
}

export interface MessageKeys {
  /** the number of this key, a new one when it was not seen */
  numberOf(key: string): number;
  /** numberOf(text.slice(start, end)), read in place */
  numberAt(text: string, start: number, end: number): number;
  /** the numbers of another MessageKeys' messages (from its exported state), new ones for keys not seen */
  numbersOf(other: MessageKeysState): Int32Array;
  /** the number of this key, -1 when it was not seen */
  find(key: string): number;
  key(m: number): string;
  readonly count: number;
  exportState(): MessageKeysState;
}

/** value of each UTF-16 code unit as a lower-case hex digit, -1 when it is not one */
const HEX_OF = (() => {
  const t = new Int8Array(65536).fill(-1);
  for (let i = 0; i < 10; i++) t[48 + i] = i;
  for (let i = 0; i < 6; i++) t[97 + i] = 10 + i;
  return t;
})();

/** The four hex digits of `s` from `i` as a 16-bit number, or -1 when one is not lower-case hex. */
function hex4(s: string, i: number): number {
  const a = HEX_OF[s.charCodeAt(i)]!;
  const b = HEX_OF[s.charCodeAt(i + 1)]!;
  const c = HEX_OF[s.charCodeAt(i + 2)]!;
  const d = HEX_OF[s.charCodeAt(i + 3)]!;
  return (a | b | c | d) < 0 ? -1 : (a << 12) | (b << 8) | (c << 4) | d;
}

function hash(w0: number, w1: number, w2: number, w3: number): number {
  let h = w0 ^ Math.imul(w1, 0x9e3779b1) ^ Math.imul(w2, 0x85ebca77) ^ Math.imul(w3, 0xc2b2ae3d);
  h = Math.imul(h ^ (h >>> 15), 0x27d4eb2f);
  return h ^ (h >>> 13);
}

/** Reads the key `text[o, end)` into `w` as four words; false when it is not a lower-case GUID. */
function parseGuid(w: Int32Array, text: string, o = 0, end = text.length): boolean {
  if (
    end - o !== 36 ||
    text.charCodeAt(o + 8) !== 45 ||
    text.charCodeAt(o + 13) !== 45 ||
    text.charCodeAt(o + 18) !== 45 ||
    text.charCodeAt(o + 23) !== 45
  )
    return false;
  const p0 = hex4(text, o);
  const p1 = hex4(text, o + 4);
  const p2 = hex4(text, o + 9);
  const p3 = hex4(text, o + 14);
  const p4 = hex4(text, o + 19);
  const p5 = hex4(text, o + 24);
  const p6 = hex4(text, o + 28);
  const p7 = hex4(text, o + 32);
  if ((p0 | p1 | p2 | p3 | p4 | p5 | p6 | p7) < 0) return false;
  w[0] = (p0 << 16) | p1;
  w[1] = (p2 << 16) | p3;
  w[2] = (p4 << 16) | p5;
  w[3] = (p6 << 16) | p7;
  return true;
}

const hex = (x: number, digits: number) => (x >>> 0).toString(16).padStart(digits, '0');

/** The GUID whose four words start at words[o]. */
function guidAt(words: Int32Array, o: number): string {
  const [a, b, c, d] = [words[o]!, words[o + 1]!, words[o + 2]!, words[o + 3]!];
  return `${hex(a, 8)}-${hex(b >>> 16, 4)}-${hex(b & 0xffff, 4)}-${hex(c >>> 16, 4)}-${hex(c & 0xffff, 4)}${hex(d, 8)}`;
}

export function createMessageKeys(): MessageKeys {
  let count = 0;
  let words = new Int32Array(4 * 1024);
  // open addressing, linear probing: message number + 1, 0 when empty
  let slots = new Int32Array(2048);
  let guids = 0;
  const named = new Map<string, number>();
  const names = new Map<number, string>();
  // the words of the key being looked up
  const w = new Int32Array(4);

  /** The slot holding the words in `w`, or the empty slot where they would go. */
  function slotOf(): number {
    const mask = slots.length - 1;
    const a = w[0]!;
    const b = w[1]!;
    const c = w[2]!;
    const d = w[3]!;
    for (let s = hash(a, b, c, d) & mask; ; s = (s + 1) & mask) {
      const m = slots[s]! - 1;
      if (m < 0) return s;
      const o = 4 * m;
      if (words[o] === a && words[o + 1] === b && words[o + 2] === c && words[o + 3] === d) return s;
    }
  }

  function newNumber(): number {
    const m = count++;
    if (4 * count > words.length) words = grown(words, words.length * 2);
    return m;
  }

  function rehash(): void {
    slots = new Int32Array(slots.length * 2);
    const mask = slots.length - 1;
    for (let m = 0; m < count; m++) {
      if (names.has(m)) continue;
      const o = 4 * m;
      let s = hash(words[o]!, words[o + 1]!, words[o + 2]!, words[o + 3]!) & mask;
      while (slots[s] !== 0) s = (s + 1) & mask;
      slots[s] = m + 1;
    }
  }

  /** The number of the GUID in `w`, added when new. */
  function numberOfWords(): number {
    const s = slotOf();
    if (slots[s] !== 0) return slots[s]! - 1;
    const m = newNumber();
    words.set(w, 4 * m);
    slots[s] = m + 1;
    // keep the table at most half full, so probes stay short
    if (++guids * 2 > slots.length) rehash();
    return m;
  }

  function numberOfName(key: string, flat: boolean): number {
    const found = named.get(key);
    if (found !== undefined) return found;
    const m = newNumber();
    const kept = flat ? key : detach(key);
    named.set(kept, m);
    names.set(m, kept);
    return m;
  }

  return {
    numberOf: (key) => (parseGuid(w, key) ? numberOfWords() : numberOfName(key, false)),
    numberAt: (text, start, end) =>
      parseGuid(w, text, start, end) ? numberOfWords() : numberOfName(text.slice(start, end), false),
    numbersOf(other) {
      const out = new Int32Array(other.count);
      const otherNames = other.named.length ? new Map(other.named) : undefined;
      for (let i = 0; i < other.count; i++) {
        const name = otherNames?.get(i);
        if (name !== undefined) out[i] = numberOfName(name, true);
        else {
          const o = 4 * i;
          w[0] = other.words[o]!;
          w[1] = other.words[o + 1]!;
          w[2] = other.words[o + 2]!;
          w[3] = other.words[o + 3]!;
          out[i] = numberOfWords();
        }
      }
      return out;
    },
    find(key) {
      if (!parseGuid(w, key)) return named.get(key) ?? -1;
      const s = slotOf();
      return slots[s]! - 1;
    },
    key(m) {
      const name = names.get(m);
      if (name !== undefined) return name;
      return guidAt(words, 4 * m);
    },
    get count() {
      return count;
    },
    exportState: () => ({ count, words: words.slice(0, 4 * count), named: [...names] }),
  };
}
