/**
 * The seams the scan, the history and the management report stand on: any TraceSource runs the
 * pipeline analyze runs; a run's outcomes fill a store with what the report counted; the view
 * every renderer reads agrees with the report; JSON writes a source without bytes as the contract has it.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createCatalog } from '../src/catalog/index.js';
import { createClassifier } from '../src/classify/classifier.js';
import { defaultLimits } from '../src/model/limits.js';
import type { TraceEvent } from '../src/model/trace.js';
import { analyzeSources } from '../src/pipeline/analyze.js';
import { renderJson, reportDocument } from '../src/render/json.js';
import { expectValidReport } from './helpers/report-schema.js';
import { renderText } from '../src/render/text.js';
import { buildView } from '../src/render/view-model.js';
import { fileSource, streamSource, textSource } from '../src/sources/file-source.js';
import type { TraceSource } from '../src/sources/trace-source.js';
import { fixedNow } from './helpers/analyze.js';
import { sample, sampleText } from './helpers/files.js';
import { createMemoryStore } from './helpers/memory-store.js';

const run = async (sources: TraceSource[]) => {
  const catalog = createCatalog();
  const outcome = await analyzeSources(sources, {
    catalog,
    classifier: createClassifier(catalog),
    limits: defaultLimits,
    now: fixedNow,
  });
  expectValidReport(reportDocument(outcome.report));
  return outcome;
};
const all = async <T>(items: AsyncIterable<T>): Promise<T[]> => {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
};
const textOf = (r: ReturnType<typeof renderText>) => ('text' in r ? r.text : '');

/** A source that reads no bytes: pages of rows from a service, as the Graph scan's will. */
function pagedSource(pages: Array<Array<Partial<TraceEvent> | 'broken'>>): TraceSource {
  return {
    name: 'graph:contoso',
    kind: 'graph',
    async read(ctx) {
      let rows = 0;
      let rejectedRows = 0;
      pages.forEach((page, p) =>
        page.forEach((row, index) => {
          if (row === 'broken') {
            rejectedRows++;
            ctx.onIssue({
              source: 'graph:contoso',
              page: p + 1,
              index,
              code: 'EXO_ROW_UNUSABLE',
              message: 'the row has no recipient; it was skipped.',
            });
            return;
          }
          rows++;
          ctx.onEvent({
            source: 'graph:contoso',
            line: index + 1,
            format: 'graph',
            messageKey: 'k',
            recipient: '',
            event: 'x',
            weight: 'final',
            facts: { direction: 'outbound' },
            ...row,
          });
        }),
      );
      return { source: 'graph:contoso', format: 'graph', rows, rejectedRows };
    },
  };
}

describe('sources', () => {
  it('pasted text (UTF-16 headers decoded) and a byte stream give the report a file gives', async () => {
    const path = sample('pasted-headers-dmarc-fail.txt');
    const bytes = readFileSync(path);
    const fromFile = await run([fileSource(path)]);
    const fromText = await run([textSource(path, sampleText('pasted-headers-dmarc-fail.txt'))]);
    const fromStream = await run([
      streamSource(
        path,
        (async function* () {
          yield bytes;
        })(),
      ),
    ]);
    expect(fromStream.report).toEqual(fromFile.report);
    // the text was decoded already: it is read as UTF-8, and otherwise gives the same report
    expect(fromText.report.inputs).toEqual([{ ...fromFile.report.inputs[0], encoding: 'utf-8' }]);
    expect({ ...fromText.report, inputs: [] }).toEqual({ ...fromFile.report, inputs: [] });
    expect(fromFile.report.authentication?.messages).toBe(1);
  });

  it('a source without bytes runs the same pipeline; its issues are located by page and index', async () => {
    const t = Date.parse('2026-11-20T10:00:00Z');
    const { report } = await run([
      pagedSource([
        [
          { messageKey: 'm1', recipient: 'a@contoso.com', state: 'delivered', time: t },
          {
            messageKey: 'm2',
            recipient: 'b@fabrikam.com',
            state: 'failed',
            time: t,
            text: '550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup',
          },
        ],
        ['broken', { messageKey: 'm3', recipient: 'c@fabrikam.com', state: 'failed', time: t + 1000 }],
      ]),
    ]);
    expect(report.totals).toMatchObject({ messages: 3, deliveries: 3, delivered: 1, failed: 2 });
    expect(report.causes.map((c) => [c.id, c.count])).toEqual([
      ['recipient.not-found', 1],
      ['unknown', 1],
    ]);
    expect(report.issues).toEqual([
      {
        source: 'graph:contoso',
        page: 2,
        index: 0,
        code: 'EXO_ROW_UNUSABLE',
        message: 'the row has no recipient; it was skipped.',
      },
    ]);
    const json = JSON.parse(textOf(renderJson(buildView(report))));
    expect(json.inputs).toEqual([{ source: 'graph:contoso', format: 'graph', rows: 3, rejectedRows: 1 }]);
    expect(textOf(renderText(buildView(report)))).toContain('  graph:contoso: graph, 3 rows, 1 rejected\n');
  });
});

describe('the store seam', () => {
  it('a run fills a store with one outcome per delivery, with the states and causes the report counted', async () => {
    const outcome = await run([fileSource(sample('extended-report-utf16le-bom.csv'))]);
    const { report } = outcome;
    const store = createMemoryStore();
    expect(await store.add(outcome.outcomes('contoso'))).toEqual({ added: report.totals.deliveries, replaced: 0 });
    const states: Record<string, number> = {};
    const causes: Record<string, number> = {};
    let withReason = 0;
    for await (const o of store.outcomes({ tenant: 'contoso', from: 0, to: Date.parse('2100-01-01') })) {
      states[o.state] = (states[o.state] ?? 0) + 1;
      if (o.state === 'failed') {
        causes[o.causeId!] = (causes[o.causeId!] ?? 0) + 1;
        if (o.reason) withReason++;
      }
    }
    const { messages: _m, deliveries: _d, ...byState } = report.totals;
    expect(states).toEqual(Object.fromEntries(Object.entries(byState).filter(([, n]) => n > 0)));
    expect(causes).toEqual(Object.fromEntries(report.causes.map((c) => [c.id, c.count])));
    expect(withReason).toBe(report.totals.failed - (report.causes.find((c) => c.owner === 'unknown')?.count ?? 0));
    // the same run again adds nothing; another tenant's is kept apart
    expect(await store.add(outcome.outcomes('contoso'))).toEqual({ added: 0, replaced: 0 });
    expect(await store.add(outcome.outcomes('fabrikam'))).toEqual({ added: report.totals.deliveries, replaced: 0 });
    expect(store.size).toBe(2 * report.totals.deliveries);
  });

  it('a delivery decided later replaces the one held (a pending delivery that failed since)', async () => {
    const t = Date.parse('2026-11-20T10:00:00Z');
    const first = await run([
      pagedSource([
        [
          {
            messageKey: 'm',
            recipient: 'a@fabrikam.com',
            weight: 'defer',
            state: 'pending',
            time: t,
            text: '451 4.7.1 Greylisted, please try again in 300 seconds',
          },
        ],
      ]),
    ]);
    const later = await run([
      pagedSource([
        [
          {
            messageKey: 'm',
            recipient: 'a@fabrikam.com',
            state: 'failed',
            time: t + 86_400_000,
            text: '550 5.1.1 User unknown',
          },
        ],
      ]),
    ]);
    const store = createMemoryStore();
    await store.add(first.outcomes('contoso'));
    expect(await store.add(later.outcomes('contoso'))).toEqual({ added: 0, replaced: 1 });
    expect(await store.add(first.outcomes('contoso'))).toEqual({ added: 0, replaced: 0 });
    const [held] = await all(store.outcomes({ from: 0, to: Infinity }));
    expect(held).toMatchObject({ state: 'failed', reason: '550 5.1.1 User unknown', decidedAt: t + 86_400_000 });
    const [pending] = await all(createMemoryStore().outcomes({ from: 0, to: Infinity }));
    expect(pending).toBeUndefined();
  });
});

describe('the view every renderer reads', () => {
  it('holds the report, with percentages of deliveries and of failures, owners largest first', async () => {
    const { report } = await run([fileSource(sample('extended-report-utf16le-bom.csv'))]);
    const view = buildView(report);
    expect(view.report).toBe(report);
    expect(view.states.failed).toEqual({
      count: report.totals.failed,
      percent: (100 * report.totals.failed) / report.totals.deliveries,
    });
    expect(view.causes.reduce((s, c) => s + c.percent, 0)).toBeCloseTo(100, 9);
    expect(view.owners.reduce((s, o) => s + o.count, 0)).toBe(report.totals.failed);
    expect(view.owners.map((o) => o.count)).toEqual([...view.owners.map((o) => o.count)].sort((a, b) => b - a));
    expect(view.issues.total).toBe(report.issues.length + report.issuesNotListed);
  });
});

describe('errors', () => {
  it('carry a stable code, where it happened, and the underlying error as cause', async () => {
    const { failedInputs, report } = await run([fileSource('/nonexistent/trace.csv')]);
    const [e] = failedInputs;
    expect(e).toMatchObject({ code: 'EXO_INPUT_NOT_FOUND', location: { source: '/nonexistent/trace.csv' } });
    expect((e!.cause as NodeJS.ErrnoException).code).toBe('ENOENT');
    expect(report.issues).toEqual([
      { source: '/nonexistent/trace.csv', code: 'EXO_INPUT_NOT_FOUND', message: e!.message },
    ]);
  });
});
