/**
 * Authentication health: per sender domain, how many messages passed or failed SPF, DKIM, DMARC
 * and composite authentication, delivered mail included. Counted once per message, whatever
 * number of rows or recipients it has; memory grows with messages that carry results and with
 * distinct result values, never with rows.
 */
import type { AuthSummary } from '../model/auth.js';
import type { TraceEvent } from '../model/trace.js';
import { detach } from './detach.js';

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

/**
 * What one message contributes: the first of its events that carries results. Plain data, so a
 * reader on another thread can hand it over (see createAuthRecorder).
 */
export interface MessageAuth {
  messageKey: string;
  auth: string;
  /** the sender's domain, for results that name none */
  senderDomain?: string;
  sfv?: string;
  cat?: string;
}

/** Kept strings are detached from the rows they were cut from, which would otherwise stay alive. */
function messageAuthOf(e: TraceEvent & { auth: string }): MessageAuth {
  const m: MessageAuth = { messageKey: detach(e.messageKey), auth: e.auth };
  const senderDomain = e.facts.sender?.split('@')[1];
  if (senderDomain !== undefined) m.senderDomain = detach(senderDomain);
  if (e.filtering?.sfv) m.sfv = e.filtering.sfv;
  if (e.filtering?.cat) m.cat = e.filtering.cat;
  return m;
}

/** For a reader on another thread: each message's contribution, kept for the thread that counts. */
export function createAuthRecorder(): { add(e: TraceEvent): void; readonly recorded: MessageAuth[] } {
  const seen = new Set<string>();
  const recorded: MessageAuth[] = [];
  return {
    add(e) {
      if (!e.auth || seen.has(e.messageKey)) return;
      const m = messageAuthOf(e as TraceEvent & { auth: string });
      seen.add(m.messageKey);
      recorded.push(m);
    },
    recorded,
  };
}

export interface AuthHealth {
  add(e: TraceEvent): void;
  /** a message recorded by createAuthRecorder; counted unless the message was counted already */
  addMessage(m: MessageAuth): void;
  /** messages counted */
  readonly messages: number;
  domains(): DomainHealth[];
}

const METHODS = ['spf', 'dkim', 'dmarc', 'compauth'] as const;

export function createAuthHealth(summarize: (value: string) => AuthSummary, maxCachedValues = 100_000): AuthHealth {
  const counted = new Set<string>();
  const byDomain = new Map<string, DomainHealth>();
  const cache = new Map<string, AuthSummary>();

  function addMessage(m: MessageAuth): void {
    if (counted.has(m.messageKey)) return;
    counted.add(m.messageKey);
    let s = cache.get(m.auth);
    if (!s) {
      s = summarize(m.auth);
      if (cache.size < maxCachedValues) cache.set(detach(m.auth), s);
    }
    const domain = s.domain ?? m.senderDomain ?? '(unknown domain)';
    let h = byDomain.get(domain);
    if (!h) {
      h = { domain, messages: 0, spf: {}, dkim: {}, dmarc: {}, compauth: {}, verdicts: {}, spamVerdicts: {}, categories: {} };
      byDomain.set(domain, h);
    }
    h.messages++;
    for (const method of METHODS) {
      const r = s[method] ?? 'absent';
      h[method][r] = (h[method][r] ?? 0) + 1;
    }
    h.verdicts[s.verdictId] = (h.verdicts[s.verdictId] ?? 0) + 1;
    if (m.sfv) h.spamVerdicts[m.sfv] = (h.spamVerdicts[m.sfv] ?? 0) + 1;
    if (m.cat) h.categories[m.cat] = (h.categories[m.cat] ?? 0) + 1;
  }

  return {
    add(e) {
      // Only the first event of a message with results counts: skip the rest before building anything.
      if (!e.auth || counted.has(e.messageKey)) return;
      addMessage(messageAuthOf(e as TraceEvent & { auth: string }));
    },
    addMessage,
    get messages() {
      return counted.size;
    },
    domains: () => [...byDomain.values()],
  };
}
