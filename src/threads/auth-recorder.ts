/**
 * The worker's side of the authentication count: what a range reader saw, recorded as columns to
 * hand over to the thread that counts (src/aggregate/auth-health.ts addRecorded).
 */
import { detach, keptId, keptText } from '../aggregate/detach.js';
import { createMessageSet } from '../aggregate/message-set.js';
import type { TraceEvent } from '../model/trace.js';

/**
 * What a reader on another thread saw: for each message with results (by the number its own fold
 * gave it), the first results and the facts that go with them, as indexes into `values`. Columns
 * of numbers and each distinct string once: nearly every message carries one of a few result
 * values. (An object per message, each holding a piece of its row, tripled the peak memory of a
 * file with results on every message: docs/performance.md, "Decisions".)
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
    recorded: () => ({
      message: Int32Array.from(message),
      auth: Int32Array.from(auth),
      senderDomain: Int32Array.from(senderDomain),
      sfv: Int32Array.from(sfv),
      cat: Int32Array.from(cat),
      values,
    }),
  };
}
