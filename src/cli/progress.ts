/**
 * Progress for long reads, on a terminal only: one line on standard error, rewritten in place at
 * most twice a second and erased at the end. Never on standard output, where reports go.
 */
import type { ReadProgress } from '../sources/read-export.js';
import { terminalSafe } from '../render/terminal-safe.js';

export interface ProgressReporter {
  onProgress(p: ReadProgress): void;
  done(): void;
}

const MB = 1024 * 1024;

export function createProgressReporter(
  write: (s: string) => void,
  now: () => number,
  intervalMs = 500,
): ProgressReporter {
  const started = now();
  let last = started;
  let shown = false;
  return {
    onProgress(p) {
      const t = now();
      // Short files finish before the first update: no flicker for them.
      if (t - last < intervalMs) return;
      last = t;
      shown = true;
      const share = p.totalBytes ? ` ${Math.min(100, Math.floor((100 * p.bytesRead) / p.totalBytes))}%,` : '';
      const of = p.totalBytes ? ` of ${(p.totalBytes / MB).toFixed(0)}` : '';
      write(
        `\r\x1b[Kreading ${terminalSafe(p.source, 80)}:${share} ${(p.bytesRead / MB).toFixed(0)}${of} MB, ` +
          `${((t - started) / 1000).toFixed(0)} s`,
      );
    },
    done() {
      if (shown) write('\r\x1b[K');
    },
  };
}

/** A scan's progress on a terminal: each tenant's last step, on one line rewritten in place. */
export function createScanProgress(
  write: (s: string) => void,
  now: () => number,
  intervalMs = 500,
): {
  onProgress(tenant: string, what: string): void;
  done(): void;
} {
  const state = new Map<string, string>();
  let last = now();
  let shown = false;
  return {
    onProgress(tenant, what) {
      state.set(tenant, what);
      const t = now();
      if (t - last < intervalMs) return;
      last = t;
      shown = true;
      const line = [...state].map(([name, step]) => `${terminalSafe(name, 40)}: ${step}`).join(', ');
      write(`\r\x1b[Kscanning ${line.slice(0, 200)}`);
    },
    done() {
      if (shown) write('\r\x1b[K');
    },
  };
}
