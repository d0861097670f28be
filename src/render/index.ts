import { renderJson } from './json.js';
import { renderMarkdown } from './markdown.js';
import { renderText } from './text.js';
import type { Renderer } from './view-model.js';

/** Output formats `analyze` and `report` offer now; html, csv and pdf come with issue 13. */
export const reportFormats = ['text', 'json', 'markdown'] as const;
export type ReportFormat = (typeof reportFormats)[number];

export const renderers: Readonly<Record<ReportFormat, Renderer>> = {
  text: renderText,
  json: renderJson,
  markdown: renderMarkdown,
};
