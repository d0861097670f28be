/**
 * The headless Chromium that prints the PDF: the system's own (Debian's `chromium` package, or
 * the one EXOTRACE_CHROMIUM names), driven by playwright-core. exotrace never downloads a browser.
 * The page it is given is self-contained; every request it would make is refused anyway, and
 * Chromium's own background connections are switched off (on a closed network they fail by the
 * dozen and slow the start).
 */
import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { ExotraceError } from '../model/errors.js';

const CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
];

// (playwright adds --headless and a throwaway profile of its own)
const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

/** The browser's path: EXOTRACE_CHROMIUM when set, else the first of the usual system paths. */
export function chromiumPath(env: NodeJS.ProcessEnv): string | undefined {
  const named = env.EXOTRACE_CHROMIUM;
  if (named) return named;
  return CANDIDATES.find((p) => existsSync(p));
}

/** Runs `use` with a fresh headless Chromium, closed afterwards whatever happens. */
export async function withChromium<T>(env: NodeJS.ProcessEnv, use: (browser: Browser) => Promise<T>): Promise<T> {
  const executablePath = chromiumPath(env);
  if (!executablePath)
    throw new ExotraceError(
      'EXO_BROWSER_UNAVAILABLE',
      'the PDF is printed by Chromium, and none is installed: install it (Debian/Ubuntu: apt-get install chromium) ' +
        'or name one with EXOTRACE_CHROMIUM. --format html writes the same page without a browser.',
      { source: 'chromium' },
    );
  if (!existsSync(executablePath))
    throw new ExotraceError(
      'EXO_BROWSER_UNAVAILABLE',
      `EXOTRACE_CHROMIUM names ${executablePath}, which does not exist: name the chromium program (Debian: /usr/bin/chromium).`,
      { source: 'chromium' },
    );
  const { chromium } = await import('playwright-core');
  let browser: Browser;
  try {
    browser = await chromium.launch({ executablePath, args: ARGS, timeout: 60_000 });
  } catch (e) {
    throw new ExotraceError(
      'EXO_BROWSER_UNAVAILABLE',
      `Chromium (${executablePath}) did not start: ${(e as Error).message.split('\n')[0]}`,
      { source: 'chromium' },
      { cause: e },
    );
  }
  try {
    return await use(browser);
  } finally {
    await browser.close();
  }
}
