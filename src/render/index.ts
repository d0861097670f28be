import type { Report } from '../model/report.js';
import { renderJson } from './json.js';
import { renderText } from './text.js';

/** Output formats `analyze` offers now; markdown, html and csv come with their issues. */
export const reportFormats = ['text', 'json'] as const;
export type ReportFormat = (typeof reportFormats)[number];

export const renderers: Readonly<Record<ReportFormat, (r: Report) => string>> = {
  text: renderText,
  json: renderJson,
};
