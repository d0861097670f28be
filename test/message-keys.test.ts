/**
 * Message keys: GUIDs kept as numbers, other keys as strings, each matched exactly as a string
 * would be.
 */
import { describe, expect, it } from 'vitest';
import { createMessageKeys } from '../src/aggregate/message-keys.js';

const guid = (n: number) =>
  `${(Math.imul(n, 2654435761) >>> 0).toString(16).padStart(8, '0')}-${(n & 0xffff).toString(16).padStart(4, '0')}-4abc-8def-${n.toString(16).padStart(12, '0')}`;

describe('message keys', () => {
  it('numbers keys in order of first sight and gives each back as it was written', () => {
    const keys = createMessageKeys();
    const written = [
      guid(1),
      '<CAF=abc@mail.example.com>',
      guid(2),
      'ffffffff-ffff-ffff-ffff-ffffffffffff',
      '00000000-0000-0000-0000-000000000000',
    ];
    expect(written.map((k) => keys.numberOf(k))).toEqual([0, 1, 2, 3, 4]);
    expect(written.map((k) => keys.numberOf(k))).toEqual([0, 1, 2, 3, 4]);
    expect(written.map((_, m) => keys.key(m))).toEqual(written);
    expect(keys.count).toBe(5);
  });

  it('matches exactly: an upper-case GUID or one with a stray character is another key', () => {
    const keys = createMessageKeys();
    const lower = guid(7);
    const upper = lower.toUpperCase();
    expect(keys.numberOf(lower)).toBe(0);
    expect(keys.numberOf(upper)).toBe(1);
    expect(keys.numberOf(` ${lower}`)).toBe(2);
    expect(keys.numberOf(lower.replace(/-/g, '_'))).toBe(3);
    expect(keys.numberOf(lower.slice(0, 35) + 'g')).toBe(4);
    expect(keys.key(1)).toBe(upper);
    expect(keys.find(upper)).toBe(1);
    expect(keys.find(guid(8))).toBe(-1);
    expect(keys.find('<nobody@example.com>')).toBe(-1);
  });

  it('stays exact through many keys (the table grows) and across another thread’s state', () => {
    const a = createMessageKeys();
    const b = createMessageKeys();
    for (let n = 0; n < 20_000; n++) a.numberOf(n % 10 === 0 ? `<m${n}@contoso.com>` : guid(n));
    expect(a.count).toBe(20_000);
    for (let n = 0; n < 20_000; n += 997) expect(a.find(n % 10 === 0 ? `<m${n}@contoso.com>` : guid(n))).toBe(n);
    // b has half of a's keys and some of its own
    for (let n = 10_000; n < 30_000; n++) b.numberOf(n % 10 === 0 ? `<m${n}@contoso.com>` : guid(n));
    const map = a.numbersOf(structuredClone(b.exportState()));
    expect(a.count).toBe(30_000);
    for (let i = 0; i < map.length; i++) expect(a.key(map[i]!)).toBe(b.key(i));
    expect(map[0]).toBe(10_000);
    expect(map[10_000]).toBe(20_000);
  });
});
