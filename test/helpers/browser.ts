/**
 * A page opened in real headless Chromium (Debian's, through playwright-core, as the PDF is
 * printed), served from an HTTP server on 127.0.0.1 that counts what it is asked for. The page
 * runs with JavaScript on, so that a script that got into it would run and be seen.
 */
import { createServer, type Server } from 'node:http';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { withChromium } from '../../src/browser/chromium.js';
import { repoRoot } from './files.js';

export interface OpenedPage {
  page: Page;
  url: string;
  /** every request the page made (the page itself first) */
  requests: string[];
  /** what the server on 127.0.0.1 was asked for */
  served: string[];
  /** console errors and uncaught page errors */
  errors: string[];
}

/** Where screenshots and other files for a reader of the test run go (ignored by git). */
export const artifactsDir = join(repoRoot, 'test-artifacts');

export function artifactPath(name: string): string {
  mkdirSync(artifactsDir, { recursive: true });
  return join(artifactsDir, name);
}

function serve(html: string): Promise<{ server: Server; url: string; served: string[] }> {
  const served: string[] = [];
  const server = createServer((req, res) => {
    served.push(req.url ?? '');
    if (req.url === '/report.html') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(html);
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const address = server.address() as { port: number };
      resolve({ server, url: `http://127.0.0.1:${address.port}/report.html`, served });
    }),
  );
}

/** Opens `html` at a viewport of `width` CSS pixels and runs `use` on it. */
export async function withPage<T>(
  html: string,
  use: (p: OpenedPage, browser: Browser) => Promise<T>,
  width = 1100,
): Promise<T> {
  const { server, url, served } = await serve(html);
  try {
    return await withChromium(process.env, async (browser) => {
      const context = await browser.newContext({ viewport: { width, height: 900 } });
      const page = await context.newPage();
      const requests: string[] = [];
      const errors: string[] = [];
      page.on('request', (r) => requests.push(r.url()));
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(m.text());
      });
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(url, { waitUntil: 'load' });
      try {
        return await use({ page, url, requests, served, errors }, browser);
      } finally {
        await context.close();
      }
    });
  } finally {
    await new Promise((r) => server.close(r));
  }
}
