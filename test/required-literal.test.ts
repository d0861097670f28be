/**
 * The literal the classifier looks for before running a pattern must be in every text the
 * pattern matches, or the prefilter would change verdicts.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createCatalog } from '../src/catalog/index.js';
import { requiredAnyOf, requiredLiteral } from '../src/classify/required-literal.js';

const catalog = createCatalog();
const sources = catalog.causes.flatMap((c) => [
  ...(c.signals.exact ?? []),
  ...(c.signals.phrases ?? []),
  ...(c.signals.keywords ?? []),
  ...(c.signals.fallbacks ?? []),
]);
const corpus = ['classifier-corpus.tsv', 'classifier-holdout.tsv'].flatMap((f) =>
  readFileSync(new URL(`./fixtures/${f}`, import.meta.url), 'utf8')
    .split('\n')
    .map((line) => line.split('\t').pop()!)
    .filter(Boolean),
);

describe('required literal of a pattern', () => {
  it('reads plain runs and leaves out what is optional, repeated, a class, a group or an escape', () => {
    expect(requiredLiteral('bad outbound sender')).toBe('bad outbound sender');
    expect(requiredLiteral('relaying (is )?not (allowed|permitted) for')).toBe('relaying ');
    expect(requiredLiteral('mailbox full?')).toBe('mailbox ful');
    expect(requiredLiteral('as3130\\b')).toBe('as3130');
    expect(requiredLiteral('\\[bl21\\]')).toBe('[bl21]');
    expect(requiredLiteral('prs\\.proofpoint\\.com')).toBe('prs.proofpoint.com');
    expect(requiredLiteral('listed (in|on) .{0,40}spamhaus')).toBe('spamhaus');
    expect(requiredLiteral('5\\.7\\.50[23] .{0,30}x')).toBe('5.7.50');
    expect(requiredLiteral('abc\\x41bcde')).toBe('bcde');
    expect(requiredLiteral('abc\\u0041bcde')).toBe('bcde');
    expect(requiredLiteral('aaa+bb')).toBe('aaa');
    expect(requiredLiteral('x{0,3}yyyy{2}')).toBe('yyyy');
    expect(requiredLiteral('spam|abuse')).toBe('');
    expect(requiredLiteral('ab')).toBe('');
    expect(requiredLiteral('caf\u00e9 noir')).toBe(' noir');
    // Russian letters fold one to one, CJK and kana have no case: they extend a run; Greek does not
    expect(requiredLiteral('Почтовый ящик переполнен')).toBe('почтовый ящик переполнен');
    expect(requiredLiteral('(?:邮箱)空间不足')).toBe('空间不足');
    expect(requiredLiteral('\u03c3\u03c6\u03ac\u03bb\u03bc\u03b1 xyz')).toBe(' xyz');
  });

  it('names, for a pattern without one, the literals of its alternatives one of which every match has', () => {
    expect(requiredAnyOf('spam|abuse')).toEqual(['spam', 'abuse']);
    expect(requiredAnyOf('\\b(?:user|mail ?box|recipient)\\b.{0,9}(?:unknown|gone)')).toEqual([
      'user',
      'mail',
      'recipient',
    ]);
    expect(requiredAnyOf('(?<!sender )(user|mailbox) x')).toEqual(['user', 'mailbox']);
    expect(requiredAnyOf('bad outbound sender')).toEqual(['bad outbound sender']);
    // an optional group, a short or an accented alternative: nothing can be named
    expect(requiredAnyOf('(?:abcd|abce)?zz')).toEqual([]);
    expect(requiredAnyOf('\\b(?:ip|client)\\b x')).toEqual([]);
    expect(requiredAnyOf('boîte|box')).toEqual([]);
    expect(requiredAnyOf('用户不存在|unknown user')).toEqual(['用户不存在', 'unknown user']);
  });

  it('is in every corpus text that a catalog pattern matches, lower-cased', () => {
    let checked = 0;
    for (const source of sources) {
      const literal = requiredLiteral(source);
      if (!literal) continue;
      const re = new RegExp(source, 'i');
      for (const text of corpus) {
        if (!re.test(text)) continue;
        expect(text.toLowerCase(), source).toContain(literal);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(200);
    let checkedAny = 0;
    for (const source of sources) {
      const anyOf = requiredAnyOf(source);
      if (anyOf.length < 2) continue;
      const re = new RegExp(source, 'i');
      for (const text of corpus)
        if (re.test(text)) {
          expect(
            anyOf.some((l) => text.toLowerCase().includes(l)),
            source,
          ).toBe(true);
          checkedAny++;
        }
    }
    expect(checkedAny).toBeGreaterThan(50);
  });

  it('is in every random text that a catalog pattern matches', () => {
    // texts built around the pattern's own literal pieces, with random case and glue
    const withPattern = fc.constantFrom(...sources).chain((source) =>
      fc
        .array(
          fc.oneof(
            // letters of any script: CJK and Cyrillic patterns have no ASCII pieces
            fc.constantFrom(...source.split(/[^\p{L}\p{N} .,:;'"-]+/iu).filter(Boolean), ''),
            fc.string({ maxLength: 4 }),
          ),
          { maxLength: 6 },
        )
        .map((parts) => ({ source, text: parts.map((p, i) => (i % 2 ? p.toUpperCase() : p)).join(' ') })),
    );
    fc.assert(
      fc.property(withPattern, ({ source, text }) => {
        const literal = requiredLiteral(source);
        const re = new RegExp(source, 'i');
        if (literal && re.test(text)) expect(text.toLowerCase()).toContain(literal);
        const anyOf = requiredAnyOf(source);
        if (anyOf.length > 0 && re.test(text))
          expect(
            anyOf.some((l) => text.toLowerCase().includes(l)),
            `${source}: ${text}`,
          ).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });
});
