/**
 * The cause catalog's data model. One entry per cause id (ids from shared/research/taxonomy.md);
 * the classifier reads the `signals`, the renderers read the rest. Knowledge lives in the data,
 * not in code paths.
 */

/**
 * Who can fix it (report schema `owner`). `unknown` only for failures whose input gives no reason
 * at all: nobody can be named until the reason is fetched.
 */
export type Owner = 'sender' | 'recipient' | 'tenant-admin' | 'transient' | 'unknown';

/**
 * How the classifier recognizes a cause in a failure text. Every pattern is a case-insensitive
 * regular expression source, read on the reply with its addresses and IPv4 addresses masked. The
 * classifier tries the tiers in this order across the whole catalog (taxonomy.md §1): all `exact`
 * patterns, then Microsoft's own codes (x.y.50 and up), then all `phrases`, then RFC 7372's codes
 * (x.7.20–27), then all `keywords`, then all `fallbacks`, then the generic RFC 3463 codes.
 * Phrases win over generic codes because Microsoft reuses those for unrelated causes (5.7.1,
 * 5.1.8, 5.2.2, 5.4.1); within a tier, catalog order decides.
 */
export interface CauseSignals {
  /**
   * The most specific wordings: Microsoft's texts and tokens (RESOLVER.ADR.RecipNotFound, AS16012609, S3150), vendor
   * tokens (MCSpamSignature), exact restriction messages.
   */
  exact?: readonly string[];
  /** Wordings of other providers and MTAs (Gmail, Yahoo, Postfix, Proofpoint…). */
  phrases?: readonly string[];
  /**
   * Concept families that many providers' wordings share (a mailbox word near a state word: "User
   * (x) unknown", "Mailbox … not found", "destinatario desconocido"), tried only when no specific
   * phrase matched.
   */
  keywords?: readonly string[];
  /**
   * Words that name only a family and no reason ("try again later", "spam", "policy", "sender
   * rejected"): tried last, so that any reason the reply gives decides first.
   */
  fallbacks?: readonly string[];
  /** Enhanced status codes, `x.y.z` or a range `x.y.a-b`, used when no text decided. */
  codes?: readonly string[];
}

export interface Cause {
  id: string;
  title: string;
  owner: Owner;
  /** What happened, in plain words for an admin. */
  explanation: string;
  /** Concrete next steps: which portal page, cmdlet or DNS record. */
  fix: readonly string[];
  references: readonly string[];
  signals: CauseSignals;
  /**
   * The cause a reply that names this one gets when its status is temporary (a 4xx reply, or a
   * 4.x.x code without one): the same fault at the receiver, but one that passes and is retried.
   * "451 Error: internal server error" is not a permanent system error.
   */
  whenTemporary?: string;
}
