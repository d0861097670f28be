/**
 * The PDF: the HTML page printed by headless Chromium on A4, with page numbers in the footer.
 * The page's stylesheet keeps charts, tiles and table rows whole across page breaks. Every
 * request the page would make is refused (it makes none: the page is self-contained).
 */
import { withChromium } from '../browser/chromium.js';
import { htmlPage } from './html/page.js';
import type { RenderContext, Rendered, ReportView } from './view-model.js';

const FOOTER =
  '<div style="font-size:8px;width:100%;text-align:center;color:#57606a">' +
  'page <span class="pageNumber"></span> of <span class="totalPages"></span></div>';

/** Prints a self-contained HTML page to PDF bytes. */
export async function printPdf(html: string, ctx: RenderContext): Promise<Uint8Array> {
  return withChromium(ctx.env, async (browser) => {
    const context = await browser.newContext({ javaScriptEnabled: false, offline: true });
    try {
      const page = await context.newPage();
      await page.route('**/*', (route) => route.abort());
      await page.setContent(html, { waitUntil: 'load' });
      const pdf = await page.pdf({
        format: 'A4',
        printBackground: true,
        displayHeaderFooter: true,
        headerTemplate: '<span></span>',
        footerTemplate: FOOTER,
        margin: { top: '14mm', bottom: '16mm', left: '12mm', right: '12mm' },
      });
      return new Uint8Array(pdf);
    } finally {
      await context.close();
    }
  });
}

export async function renderPdf(view: ReportView, ctx: RenderContext): Promise<Rendered> {
  return { mediaType: 'application/pdf', bytes: await printPdf(htmlPage(view), ctx) };
}
