/**
 * The cause catalog's data model. One entry per cause id (ids from shared/research/taxonomy.md);
 * the classifier reads the `signals`, the renderers read the rest. Knowledge lives in the data,
 * not in code paths.
 */

/** Who can fix it (report schema `owner`). */
export type Owner = 'sender' | 'recipient' | 'tenant-admin' | 'transient';

export interface CauseSignals {
  /**
   * Phrases (case-insensitive regular expression sources) that name this cause. Phrases are
   * tried before codes because Microsoft reuses codes for unrelated causes (5.7.1, 5.1.8, 5.2.2).
   */
  phrases?: readonly string[];
  /** Enhanced status codes (x.y.z) that name this cause when no phrase decided. */
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
}
