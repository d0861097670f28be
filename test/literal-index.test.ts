/** The literal index finds exactly the literals `includes` finds, whatever the text. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createCatalog } from '../src/catalog/index.js';
import { createLiteralIndex } from '../src/classify/literal-index.js';
import { requiredLiteral } from '../src/classify/required-literal.js';

const catalogLiterals = [
  ...new Set(
    createCatalog()
      .causes.flatMap((c) => [
        ...(c.signals.exact ?? []),
        ...(c.signals.phrases ?? []),
        ...(c.signals.keywords ?? []),
        ...(c.signals.fallbacks ?? []),
      ])
      .map(requiredLiteral)
      .filter((l) => l !== ''),
  ),
];

describe('the literal index', () => {
  it("finds the catalog's literals in texts made of them and of noise, as includes does", () => {
    const index = createLiteralIndex(catalogLiterals);
    const piece = fc.oneof(
      fc.constantFrom(...catalogLiterals),
      fc.string({ maxLength: 6 }),
      fc.constantFrom('ab', 'x', ' '),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), (pieces) => {
        const lower = pieces.join('').toLowerCase();
        const found = new Set(index.found(lower));
        catalogLiterals.forEach((lit, n) => expect(found.has(n), lit).toBe(lower.includes(lit)));
      }),
      { numRuns: 300 },
    );
  });

  it('handles literals shorter than its window, and overlapping ones', () => {
    const index = createLiteralIndex(['ab', 'abc', 'bcd', 'spam', 'a']);
    expect(index.found('xabcdx').sort()).toEqual([0, 1, 2, 4]);
    expect(index.found('')).toEqual([]);
  });
});
