import { renderJson } from './json.js';
import { renderMarkdown } from './markdown.js';
import { renderText } from './text.js';
import type { Renderer } from './view-model.js';

/** Output formats `analyze` and `report` offer. */
export const reportFormats = ['text', 'json', 'markdown', 'html', 'pdf', 'csv'] as const;
export type ReportFormat = (typeof reportFormats)[number];

/** Formats that need every failed delivery, not only the aggregate. */
export const needsFailures = (format: ReportFormat): boolean => format === 'csv';

// The page, its charting library and the browser load only when asked for.
export const renderers: Readonly<Record<ReportFormat, Renderer>> = {
  text: renderText,
  json: renderJson,
  markdown: renderMarkdown,
  html: async (view) => (await import('./html/page.js')).renderHtml(view),
  pdf: async (view, ctx) => (await import('./pdf.js')).renderPdf(view, ctx),
  csv: async (view) => (await import('./csv.js')).renderCsv(view),
};
