/**
 * The leave-one-source-out score: a signal only one source's texts of its cause match is taken out
 * when that source is scored, so a catalog tuned to one provider's sentence shows it; signals
 * several sources support, and those no text supports (written from documentation), stay.
 */
import { describe, expect, it } from 'vitest';
import { createCatalog } from '../src/catalog/index.js';
import type { Cause } from '../src/catalog/types.js';
import { createClassifier } from '../src/classify/classifier.js';
import { leaveOneSourceOut, sourceOf, type LabeledText } from '../src/classify/evaluate.js';

const cause = (id: string, phrases: string[]): Cause => ({
  id,
  title: id,
  owner: 'sender',
  explanation: '',
  fix: [],
  references: [],
  signals: { phrases },
});

const text = (expected: string, origin: string, t: string, line: number): LabeledText => ({
  expected,
  origin,
  text: t,
  line,
});

describe('leave-one-source-out', () => {
  const causes = [
    cause('recipient.not-found', ['user unknown', 'benutzer unbekannt', 'never seen wording']),
    cause('recipient.mailbox-full', ['mailbox full']),
  ];
  const corpus = [
    text('recipient.not-found', 'postfix', '550 5.1.1 user unknown', 1),
    text('recipient.not-found', 'exim', '550 user unknown here', 2),
    // only web.de says it this way: left out, the catalog cannot know it
    text('recipient.not-found', 'https://web.de/faq', '550 Benutzer unbekannt', 3),
    text('recipient.mailbox-full', 'postfix', '552 mailbox full', 4),
    text('unknown', 'exim', '550 go away', 5),
  ];
  const build = (list: readonly Cause[]) => {
    const catalog = createCatalog(list);
    return { catalog, classifier: createClassifier(catalog) };
  };

  it('misses what only the left-out source says, keeps what several say', () => {
    const score = leaveOneSourceOut(corpus, causes, build);
    expect(score).toMatchObject({ total: 5, sources: 3, labeledUnknown: 1, invented: 0 });
    // web.de's wording and postfix's only "mailbox full" are taken out when they are scored
    expect(score.misses.map((m) => [m.line, m.got])).toEqual([
      [4, 'unknown'],
      [3, 'unknown'],
    ]);
    expect(score.looCorrect).toBe(3);
    // with the whole catalog, all five are right
    const { classifier } = build(causes);
    expect(corpus.every((t) => classifier.classify(t.text).id === t.expected)).toBe(true);
  });

  it("weighs each alternative of a pattern alone: one source's word does not ride on another's", () => {
    // the same catalog, each cause's wordings written as one pattern of alternatives
    const pooled = [
      cause('recipient.not-found', ['user unknown|benutzer unbekannt|never seen wording']),
      cause('recipient.mailbox-full', ['mailbox full']),
    ];
    const score = leaveOneSourceOut(corpus, pooled, build);
    expect(score.misses.map((m) => [m.line, m.got])).toEqual([
      [4, 'unknown'],
      [3, 'unknown'],
    ]);
  });

  it('reads what the classifier reads: a word inside an address supports nothing', () => {
    const inAddress = [
      text('policy.remote-policy', 'postfix', '550 5.7.1 <unknown.user@fabrikam.com>: rejected', 1),
      text('recipient.not-found', 'exim', '550 unknown user, rejected', 2),
      text('policy.remote-policy', 'sendmail', '554 rejected by local policy', 3),
    ];
    const causes2 = [cause('recipient.not-found', ['unknown']), cause('policy.remote-policy', ['rejected'])];
    // "unknown" is in postfix's text only inside the address: exim alone supports it
    const score = leaveOneSourceOut(inAddress, causes2, build);
    expect(score.misses.map((m) => [m.line, m.got])).toEqual([[2, 'policy.remote-policy']]);
  });

  it('counts a text as support only for the cause it is labeled with', () => {
    const labeled = [
      text('recipient.not-found', 'exim', '550 user unknown', 1),
      // postfix's text has the words too, but names another cause: it does not vouch for them
      text('recipient.mailbox-full', 'postfix', '552 user unknown or mailbox full', 2),
      text('recipient.mailbox-full', 'sendmail', '552 mailbox full', 3),
    ];
    const score = leaveOneSourceOut(labeled, causes, build);
    // exim alone vouches for "user unknown": left out, its text is missed (postfix's text is
    // missed by the whole catalog too, which reads "user unknown" first)
    expect(score.misses.map((m) => [m.line, m.got])).toEqual([
      [1, 'unknown'],
      [2, 'recipient.not-found'],
    ]);
  });

  it('names a source by its provider, project or host', () => {
    expect(sourceOf('rjbs/Mail-DeliveryStatus-BounceParser:t/corpus/x.msg')).toBe(
      'rjbs/Mail-DeliveryStatus-BounceParser',
    );
    expect(sourceOf('https://www.web.de/faq?x=1')).toBe('web.de');
    expect(sourceOf('exim:acl')).toBe('exim');
    // one provider under several names is left out as one
    for (const o of [
      'exo',
      'learn.microsoft.com',
      'https://learn.microsoft.com/x',
      'MicrosoftDocs/OfficeDocs-Exchange:a.md',
    ])
      expect(sourceOf(o), o).toBe('Microsoft Exchange');
    expect(sourceOf('gmail:https://support.google.com/a/answer/3726730')).toBe('Google');
    expect(sourceOf('aol')).toBe('Yahoo');
  });
});
