/** The JSON report, schema version 1 (shared/contracts/report.schema.json). */
import type { Report } from '../model/report.js';

export function renderJson(report: Report): string {
  return JSON.stringify(report, null, 2) + '\n';
}
