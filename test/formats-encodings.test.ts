/**
 * Every layout in every encoding, read from real files: the committed samples' text is written
 * again in each encoding (and with tabs, as Excel's "Unicode Text" re-save does) and must give
 * the same analysis.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { InputFormat } from '../src/model/input.js';
import { analyze, causeCounts } from './helpers/analyze.js';
import { allEncodings, encodeText, sampleText, tempDir, type SampleEncoding } from './helpers/files.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

const layouts: Array<{ format: InputFormat; sample: string }> = [
  { format: 'extended-report', sample: 'extended-report-utf16le-bom.csv' },
  { format: 'summary-report', sample: 'enhanced-summary-utf16le-bom.csv' },
  { format: 'messagetrace', sample: 'get-messagetracev2-utf8.csv' },
  { format: 'messagetrace-detail', sample: 'get-messagetracedetailv2-utf8-bom.csv' },
];

const encodingLabel: Record<SampleEncoding, string> = {
  'utf-8': 'utf-8',
  'utf-8-bom': 'utf-8 (BOM)',
  'utf-16le': 'utf-16le',
  'utf-16le-bom': 'utf-16le (BOM)',
  'utf-16be': 'utf-16be',
  'utf-16be-bom': 'utf-16be (BOM)',
  'windows-1252': 'windows-1252',
};

/** Re-quotes a comma-separated text as tab-separated (fields are read back with the reader's own rules). */
function toTabs(text: string): string {
  return text.replace(
    /("(?:[^"]|"")*"|[^,\r\n]*)(,|(?=\r?\n)|$)/g,
    (_m, field: string, sep: string) => field + (sep === ',' ? '\t' : ''),
  );
}

describe.each(layouts)('$format', ({ format, sample }) => {
  const text = sampleText(sample);
  let baseline: Awaited<ReturnType<typeof analyze>> | undefined;

  it.each(allEncodings)('in %s', async (encoding) => {
    const bytes = encodeText(text, encoding);
    const path = tmp.file(`${format}.${encoding}.csv`, bytes);
    const report = await analyze([path]);
    baseline ??= await analyze([tmp.file(`${format}.baseline.csv`, encodeText(text, 'utf-8'))]);

    const asciiOnly = encoding === 'windows-1252' && bytes.every((b) => b < 0x80);
    expect(report.inputs).toEqual([
      expect.objectContaining({
        format,
        encoding: asciiOnly ? 'utf-8' : encodingLabel[encoding],
        rows: baseline.inputs[0]!.rows,
        rejectedRows: 0,
      }),
    ]);
    expect(report.issues).toEqual([]);
    expect(report.totals).toEqual(baseline.totals);
    expect(causeCounts(report)).toEqual(causeCounts(baseline));
    expect(report.totals.deliveries).toBeGreaterThan(0);
  });

  it('tab-separated (Excel "Unicode Text")', async () => {
    const path = tmp.file(`${format}.tabs.csv`, encodeText(toTabs(text), 'utf-16le-bom'));
    const report = await analyze([path]);
    baseline ??= await analyze([tmp.file(`${format}.baseline.csv`, encodeText(text, 'utf-8'))]);
    expect(report.inputs[0]).toMatchObject({ format, csv: { delimiter: 'tab' }, rejectedRows: 0 });
    expect(report.totals).toEqual(baseline.totals);
    expect(causeCounts(report)).toEqual(causeCounts(baseline));
  });
});
