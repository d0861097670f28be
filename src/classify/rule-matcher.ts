/**
 * Local rules (--rules) as the classifier tries them: rules without a domain condition decide a
 * text alone, before the catalog; rules with one decide a delivery, by marking its text
 * (rule-mark.ts) when the delivery's sender or recipient domain holds.
 */
import { domainsHold, hasDomains, type LocalRule } from '../catalog/local-rules.js';
import { MAX_TEXT_CHARS } from '../model/limits.js';
import { parseDetailText, type DetailText } from './detail-text.js';
import { markText } from './rule-mark.js';

export interface RuleMatcher {
  /** the first rule without a domain condition whose pattern and code the reply matches */
  forText(detail: DetailText): LocalRule | undefined;
  /** the text, marked with the first domain rule that holds for the delivery and matches it */
  forDelivery(text: string, sender: string | undefined, recipient: string): string;
  /**
   * The rule a mark names, if it has a domain condition and matches the reply: a mark forged
   * inside a reply can only select what its rule would.
   */
  ofMark(rule: number, reply: DetailText): LocalRule | undefined;
  readonly hasDomainRules: boolean;
}

export function createRuleMatcher(list: readonly LocalRule[]): RuleMatcher {
  const rules = list.map((r) => ({
    rule: r,
    re: r.pattern ? new RegExp(r.pattern, 'i') : undefined,
    scoped: hasDomains(r),
  }));
  const matches = (r: (typeof rules)[number], detail: DetailText): boolean =>
    (r.rule.code === undefined || r.rule.code === detail.enhancedCode || r.rule.code === detail.basicCode) &&
    (r.re === undefined || r.re.test(detail.core));
  const scoped = rules.map((r, i) => ({ r, i })).filter((x) => x.r.scoped);
  return {
    forText: (detail) => rules.find((r) => !r.scoped && matches(r, detail))?.rule,
    forDelivery(text, sender, recipient) {
      let detail: DetailText | undefined;
      for (const { r, i } of scoped) {
        if (!domainsHold(r.rule, sender, recipient)) continue;
        detail ??= parseDetailText(text.length > MAX_TEXT_CHARS ? text.slice(0, MAX_TEXT_CHARS) : text);
        if (matches(r, detail)) return markText(text, i);
      }
      return text;
    },
    ofMark(rule, reply) {
      const r = rules[rule];
      return r?.scoped && matches(r, reply) ? r.rule : undefined;
    },
    hasDomainRules: scoped.length > 0,
  };
}
