/**
 * The README's picture of the report for management, made from the bundled samples: the page as
 * `exotrace analyze samples/*.csv --format html` writes it, photographed by the same headless
 * Chromium that prints the PDF. `npm run screenshot` (after npm run build).
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { withChromium } from '../dist/browser/chromium.js';

const root = new URL('..', import.meta.url).pathname;
const samples = readdirSync(join(root, 'samples'))
  .filter((f) => f.endsWith('.csv'))
  .map((f) => join('samples', f));
const r = spawnSync(process.execPath, ['dist/cli/bin.js', 'analyze', ...samples, '--format', 'html'], {
  cwd: root,
  encoding: 'utf8',
  maxBuffer: 1 << 26,
});
if (!r.stdout) {
  console.error(r.stderr);
  process.exit(1);
}
await withChromium(process.env, async (browser) => {
  const page = await browser.newPage({ viewport: { width: 1000, height: 1500 }, deviceScaleFactor: 1 });
  await page.setContent(r.stdout, { waitUntil: 'load' });
  await page.screenshot({ path: join(root, 'docs/report.png'), clip: { x: 0, y: 0, width: 1000, height: 1500 } });
  await page.close();
});
console.log('docs/report.png');
