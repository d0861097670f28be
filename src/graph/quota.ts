/**
 * Graph's message trace quota, kept on the client side: at most `requests` requests in any
 * rolling window of `windowMs` per tenant, list and detail calls together. A request waits for
 * its slot rather than being sent to earn a 429; a 429 that comes anyway (another client of the
 * same tenant) pauses every request of the tenant until its Retry-After has passed.
 */

/** Time, injectable: a scan's tests run hours of quota on a clock of their own. */
export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
};

export interface Quota {
  /** Resolves when a request may be sent, and counts it as sent. */
  acquire(): Promise<void>;
  /** No request before `until` (epoch ms): a 429's Retry-After. */
  pauseUntil(until: number): void;
  readonly stats: { sent: number; waitedMs: number };
}

/**
 * Added to the window: the service counts a request when it arrives, a little after it was sent,
 * so a request sent exactly one window after the 100th-last could still be counted in its window.
 */
export const QUOTA_MARGIN_MS = 1000;

export function createQuota(requests: number, windowMs: number, clock: Clock, marginMs = QUOTA_MARGIN_MS): Quota {
  const span = windowMs + marginMs;
  const sent: number[] = [];
  let pausedUntil = 0;
  let queue: Promise<void> = Promise.resolve();
  const stats = { sent: 0, waitedMs: 0 };

  async function take(): Promise<void> {
    for (;;) {
      const now = clock.now();
      while (sent.length > 0 && sent[0]! <= now - span) sent.shift();
      const wait = Math.max(pausedUntil - now, sent.length >= requests ? sent[0]! + span - now : 0);
      if (wait <= 0) {
        sent.push(now);
        stats.sent++;
        return;
      }
      stats.waitedMs += wait;
      await clock.sleep(wait);
    }
  }

  return {
    // one after another, so that requests get their slots in the order they asked
    acquire() {
      const turn = queue.then(take);
      queue = turn.catch(() => {});
      return turn;
    },
    pauseUntil(until) {
      pausedUntil = Math.max(pausedUntil, until);
    },
    stats,
  };
}
