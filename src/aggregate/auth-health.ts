/**
 * Authentication health: per sender domain, how many messages passed or failed SPF, DKIM, DMARC
 * and composite authentication, delivered mail included. Counted once per message, whatever
 * number of rows or recipients it has; memory grows with messages that carry results and with
 * distinct result values, never with rows.
 */
import type { AuthSummary } from '../model/auth.js';
import type { TraceEvent } from '../model/trace.js';
import { detach, keptId, keptText } from './detach.js';
import type { RecordedAuth } from '../threads/auth-recorder.js';
import { createMessageSet } from './message-set.js';

export type ResultCounts = Record<string, number>;

/**
 * Counts keyed by values from the input (`spf=constructor` is as possible as `spf=pass`): an
 * object without a prototype, so that no key finds an inherited property. It prints as JSON as
 * any object does.
 */
function newCounts(): ResultCounts {
  return Object.create(null) as ResultCounts;
}

function increment(counts: ResultCounts, key: string): void {
  counts[key] = (counts[key] ?? 0) + 1;
}

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
  /** an event of message number `message` of the run's fold; its first results count */
  add(e: TraceEvent, message: number): void;
  /**
   * What a reader on another thread recorded; `messageMap` turns its fold's message numbers into
   * the run's (DeliveryFold.merge). A message counted already is not counted again.
   */
  addRecorded(r: RecordedAuth, messageMap: Int32Array): void;
  /** messages counted */
  readonly messages: number;
  domains(): DomainHealth[];
}

const METHODS = ['spf', 'dkim', 'dmarc', 'compauth'] as const;

export function createAuthHealth(summarize: (value: string) => AuthSummary, maxCachedValues = 100_000): AuthHealth {
  const counted = createMessageSet();
  const byDomain = new Map<string, DomainHealth>();
  const cache = new Map<string, AuthSummary>();

  function count(
    auth: string,
    senderDomain: string | undefined,
    sfv: string | undefined,
    cat: string | undefined,
  ): void {
    let s = cache.get(auth);
    if (!s) {
      s = summarize(auth);
      if (cache.size < maxCachedValues) cache.set(detach(auth), s);
    }
    const domain = keptId(s.domain ?? senderDomain ?? '(unknown domain)');
    let h = byDomain.get(domain);
    if (!h) {
      h = {
        domain: detach(domain),
        messages: 0,
        spf: newCounts(),
        dkim: newCounts(),
        dmarc: newCounts(),
        compauth: newCounts(),
        verdicts: newCounts(),
        spamVerdicts: newCounts(),
        categories: newCounts(),
      };
      byDomain.set(h.domain, h);
    }
    h.messages++;
    for (const method of METHODS) increment(h[method], s[method] ?? 'absent');
    increment(h.verdicts, s.verdictId);
    if (sfv) increment(h.spamVerdicts, sfv);
    if (cat) increment(h.categories, cat);
  }

  return {
    add(e, message) {
      // Only the first event of a message with results counts.
      if (!e.auth || !counted.add(message)) return;
      count(keptText(e.auth), e.facts.sender?.split('@')[1], e.filtering?.sfv, e.filtering?.cat);
    },
    addRecorded(r, messageMap) {
      const value = (i: number) => (i < 0 ? undefined : r.values[i]);
      for (let k = 0; k < r.message.length; k++) {
        if (!counted.add(messageMap[r.message[k]!]!)) continue;
        count(r.values[r.auth[k]!]!, value(r.senderDomain[k]!), value(r.sfv[k]!), value(r.cat[k]!));
      }
    },
    get messages() {
      return counted.size;
    },
    domains: () => [...byDomain.values()],
  };
}
