/**
 * exotrace used as a library, the way a scan service or a user's script would: imported by its
 * package name from a folder where it is installed (node_modules/exotrace), in a separate Node
 * process, and type-checked against the declarations the build writes.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot, sample, tempDir } from './helpers/files.js';

const dir = tempDir();
afterAll(() => dir.cleanup());
mkdirSync(join(dir.dir, 'node_modules'));
symlinkSync(repoRoot, join(dir.dir, 'node_modules', 'exotrace'), 'dir');

describe('the package entry point', () => {
  it('analyzes a file, classifies and explains a text, from a separate process', () => {
    const script = dir.file(
      'use.mjs',
      `import { analyze, classify, explain, catalog, buildView, renderers, textSource, isExotraceError } from 'exotrace';
const outcome = await analyze([process.argv[2], textSource('pasted.txt', 'not a trace')], { now: () => new Date('2026-11-29T00:00:00Z') });
const view = buildView(outcome.report);
const text = (await renderers.text(view)).text;
console.log(JSON.stringify({
  inputs: outcome.report.inputs.map((i) => [i.source.split('/').pop(), i.format, i.rows]),
  failedInputs: outcome.failedInputs.map((e) => [e.code, isExotraceError(e)]),
  failed: outcome.report.totals.failed,
  topCause: outcome.report.causes[0].id,
  textStarts: text.split('\\n')[0],
  classify: classify('550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup').id,
  explainOwner: explain('550 5.7.57 Client not authenticated to send mail').owner,
  causes: catalog.causes.length > 30,
}));`,
    );
    const r = spawnSync(process.execPath, [script, sample('extended-report-utf16le-bom.csv')], {
      cwd: dir.dir,
      encoding: 'utf8',
    });
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout);
    expect(out.inputs).toEqual([['extended-report-utf16le-bom.csv', 'extended-report', 104]]);
    expect(out.failedInputs).toEqual([['EXO_INPUT_NOT_CSV', true]]);
    expect(out.failed).toBeGreaterThan(0);
    expect(typeof out.topCause).toBe('string');
    expect(out.textStarts).toBe('exotrace report, generated 2026-11-29T00:00:00.000Z');
    expect(out.classify).toBe('recipient.not-found');
    expect(out.explainOwner).toBe('tenant-admin');
    expect(out.causes).toBe(true);
  });

  it('type-checks a TypeScript user of the declarations it ships', () => {
    dir.file(
      'use.ts',
      `import { analyze, type Report, type TraceSource, type OutcomeStore, type ErrorCode, type Issue } from 'exotrace';
const source: TraceSource = { name: 'x', kind: 'text', read: async () => ({ source: 'x', format: 'headers', rows: 0, rejectedRows: 0 }) };
const code: ErrorCode = 'EXO_INPUT_EMPTY';
export async function run(store: OutcomeStore): Promise<Report> {
  const { report, outcomes } = await analyze([source]);
  await store.add(outcomes('contoso'));
  const issues: Issue[] = report.issues;
  return issues.length && code ? report : report;
}
// @ts-expect-error internal modules are not part of the API (package.json exports)
import { createDeliveryFold } from 'exotrace/dist/aggregate/delivery-fold.js';
export const internal = createDeliveryFold;
`,
    );
    dir.file(
      'tsconfig.json',
      JSON.stringify({
        compilerOptions: {
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          strict: true,
          noEmit: true,
          skipLibCheck: false,
          types: ['node'],
          typeRoots: [join(repoRoot, 'node_modules/@types')],
        },
        files: ['use.ts'],
      }),
    );
    const tsc = join(repoRoot, 'node_modules/typescript/bin/tsc');
    const r = spawnSync(process.execPath, [tsc, '-p', join(dir.dir, 'tsconfig.json')], {
      cwd: dir.dir,
      encoding: 'utf8',
    });
    expect(r.stdout + r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
});
