/**
 * Authentication health: per sender domain, how many messages passed or failed SPF, DKIM, DMARC
 * and composite authentication, delivered mail included. Counted once per message, whatever
 * number of rows or recipients it has; memory grows with messages that carry results and with
 * distinct result values, never with rows.
 */
import type { AuthSummary } from '../model/auth.js';
import type { TraceEvent } from '../model/trace.js';

export type ResultCounts = Record<string, number>;

export interface DomainHealth {
  domain: string;
  messages: number;
  spf: ResultCounts;
  dkim: ResultCounts;
  dmarc: ResultCounts;
  compauth: ResultCounts;
  /** messages per verdict id */
  verdicts: ResultCounts;
  /** Exchange Online Protection's spam verdict (SFV) and category (CAT), where the same source had them */
  spamVerdicts: ResultCounts;
  categories: ResultCounts;
}

export interface AuthHealth {
  add(e: TraceEvent): void;
  /** messages counted */
  readonly messages: number;
  domains(): DomainHealth[];
}

const METHODS = ['spf', 'dkim', 'dmarc', 'compauth'] as const;

export function createAuthHealth(summarize: (value: string) => AuthSummary, maxCachedValues = 100_000): AuthHealth {
  const counted = new Set<string>();
  const byDomain = new Map<string, DomainHealth>();
  const cache = new Map<string, AuthSummary>();

  return {
    add(e) {
      if (!e.auth || counted.has(e.messageKey)) return;
      counted.add(e.messageKey);
      let s = cache.get(e.auth);
      if (!s) {
        s = summarize(e.auth);
        if (cache.size < maxCachedValues) cache.set(e.auth, s);
      }
      const domain = s.domain ?? e.facts.sender?.split('@')[1] ?? '(unknown domain)';
      let h = byDomain.get(domain);
      if (!h) {
        h = { domain, messages: 0, spf: {}, dkim: {}, dmarc: {}, compauth: {}, verdicts: {}, spamVerdicts: {}, categories: {} };
        byDomain.set(domain, h);
      }
      h.messages++;
      for (const m of METHODS) {
        const r = s[m] ?? 'absent';
        h[m][r] = (h[m][r] ?? 0) + 1;
      }
      h.verdicts[s.verdictId] = (h.verdicts[s.verdictId] ?? 0) + 1;
      if (e.filtering?.sfv) h.spamVerdicts[e.filtering.sfv] = (h.spamVerdicts[e.filtering.sfv] ?? 0) + 1;
      if (e.filtering?.cat) h.categories[e.filtering.cat] = (h.categories[e.filtering.cat] ?? 0) + 1;
    },
    get messages() {
      return counted.size;
    },
    domains: () => [...byDomain.values()],
  };
}
