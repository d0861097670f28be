/**
 * Authentication health: per sender domain, how many messages passed or failed SPF, DKIM, DMARC
 * and composite authentication, delivered mail included. Counted once per message, whatever
 * number of rows or recipients it has; memory grows with messages that carry results and with
 * distinct result values, never with rows.
 */
import type { AuthSummary } from '../model/auth.js';
import type { TraceEvent } from '../model/trace.js';
import { detach, keptId, keptText } from './detach.js';
import { grown } from './typed-arrays.js';

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

/**
 * What a reader on another thread saw: for each message with results (by the number its own fold
 * gave it), the first results and the facts that go with them, as indexes into `values`. Columns
 * of numbers and each distinct string once: nearly every message carries one of a few result
 * values. (An object per message, each holding a piece of its row, took a 1M-row file with results
 * on every message to 848 MiB on two threads; 272 MiB with these columns.)
 */
export interface RecordedAuth {
  message: Int32Array;
  auth: Int32Array;
  /** the sender's domain, for results that name none; -1 when unknown */
  senderDomain: Int32Array;
  /** EOP's spam verdict (SFV) and category (CAT); -1 when the source had none */
  sfv: Int32Array;
  cat: Int32Array;
  values: string[];
}

/** Marks message numbers, growing as they come. */
function createMessageSet(): { add(m: number): boolean; readonly size: number } {
  let seen = new Uint8Array(1024);
  let size = 0;
  return {
    /** false when `m` was in the set already */
    add(m) {
      if (m >= seen.length) seen = grown(seen, Math.max(seen.length * 2, m + 1));
      if (seen[m]) return false;
      seen[m] = 1;
      size++;
      return true;
    },
    get size() {
      return size;
    },
  };
}

/**
 * For a reader on another thread: each message's contribution, kept for the thread that counts.
 * `message` is the message's number in the reader's fold (DeliveryFold.add).
 */
export function createAuthRecorder(): { add(e: TraceEvent, message: number): void; recorded(): RecordedAuth } {
  const seen = createMessageSet();
  const index = new Map<string, number>();
  const values: string[] = [];
  const message: number[] = [];
  const auth: number[] = [];
  const senderDomain: number[] = [];
  const sfv: number[] = [];
  const cat: number[] = [];
  // Kept strings are detached from the rows they were cut from, which would otherwise stay
  // alive until the reader hands its results over.
  const valueOf = (s: string | undefined): number => {
    if (s === undefined) return -1;
    let i = index.get(s);
    if (i === undefined) {
      i = values.length;
      const kept = detach(s);
      values.push(kept);
      index.set(kept, i);
    }
    return i;
  };
  return {
    add(e, m) {
      if (!e.auth || !seen.add(m)) return;
      message.push(m);
      auth.push(valueOf(keptText(e.auth)));
      const domain = e.facts.sender?.split('@')[1];
      senderDomain.push(valueOf(domain === undefined ? undefined : keptId(domain)));
      sfv.push(valueOf(e.filtering?.sfv || undefined));
      cat.push(valueOf(e.filtering?.cat || undefined));
    },
    recorded: () => ({ message: Int32Array.from(message), auth: Int32Array.from(auth), senderDomain: Int32Array.from(senderDomain), sfv: Int32Array.from(sfv), cat: Int32Array.from(cat), values }),
  };
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

  function count(auth: string, senderDomain: string | undefined, sfv: string | undefined, cat: string | undefined): void {
    let s = cache.get(auth);
    if (!s) {
      s = summarize(auth);
      if (cache.size < maxCachedValues) cache.set(detach(auth), s);
    }
    const domain = keptId(s.domain ?? senderDomain ?? '(unknown domain)');
    let h = byDomain.get(domain);
    if (!h) {
      h = { domain: detach(domain), messages: 0, spf: newCounts(), dkim: newCounts(), dmarc: newCounts(), compauth: newCounts(), verdicts: newCounts(), spamVerdicts: newCounts(), categories: newCounts() };
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
