import { createCatalog } from '../../src/catalog/index.js';
import { createClassifier } from '../../src/classify/classifier.js';
import { defaultLimits, type Limits } from '../../src/model/limits.js';
import type { Report } from '../../src/model/report.js';
import { analyzeSources } from '../../src/pipeline/analyze.js';
import { fileSource } from '../../src/sources/file-source.js';
import { reportDocument } from '../../src/render/json.js';
import { expectValidReport } from './report-schema.js';

export const fixedNow = (): Date => new Date('2026-11-23T08:00:00Z');

/** Runs the whole pipeline in-process on real files. */
export async function analyze(paths: string[], limits: Partial<Limits> = {}): Promise<Report> {
  const catalog = createCatalog();
  const { report } = await analyzeSources(paths.map(fileSource), {
    catalog,
    classifier: createClassifier(catalog),
    limits: { ...defaultLimits, ...limits },
    now: fixedNow,
  });
  expectValidReport(reportDocument(report));
  return report;
}

export function causeCounts(report: Report): Record<string, number> {
  return Object.fromEntries(report.causes.map((c) => [c.id, c.count]));
}
