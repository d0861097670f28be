import { renderJson } from './json.js';
import { renderText } from './text.js';
import type { Renderer } from './view-model.js';

/** Output formats `analyze` offers now; markdown, html, csv and pdf come with their issues. */
export const reportFormats = ['text', 'json'] as const;
export type ReportFormat = (typeof reportFormats)[number];

export const renderers: Readonly<Record<ReportFormat, Renderer>> = {
  text: renderText,
  json: renderJson,
};
