/**
 * The report contract, checked on every JSON report the tests produce: version 1.1 (this
 * project's contracts/report.schema.json, every field named, nothing else allowed) in ajv's strict
 * mode, and version 1 (shared/contracts/report.schema.json), which old consumers read.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { expect } from 'vitest';
import { repoRoot } from './files.js';

function compile(path: string, strict: boolean): ValidateFunction {
  const ajv = new Ajv2020({ allErrors: true, strict });
  (addFormats as unknown as (a: Ajv2020) => void)(ajv);
  return ajv.compile(JSON.parse(readFileSync(path, 'utf8')));
}

const v11 = compile(join(repoRoot, 'contracts', 'report.schema.json'), true);
// version 1 was written before strict mode was asked for (it has `required` names without properties)
const v1 = compile(join(repoRoot, '..', 'shared', 'contracts', 'report.schema.json'), false);

/** Fails the test, naming every violation, unless `report` (parsed JSON) is valid under v1.1 and v1. */
export function expectValidReport(report: unknown): void {
  const problems = (v: ValidateFunction, name: string) =>
    v(report)
      ? []
      : (v.errors ?? []).map((e) => `${name} ${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`);
  expect([...problems(v11, 'v1.1'), ...problems(v1, 'v1')]).toEqual([]);
}
