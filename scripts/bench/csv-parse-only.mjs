#!/usr/bin/env node
/**
 * Reference for the parse-only ceiling: the same decoding with csv-parse (the correctness
 * reference of the CSV reader) instead of exotrace's own reader, counting records.
 * Usage: node scripts/bench/csv-parse-only.mjs FILE
 */
import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';
import { decodeText } from '../../dist/sources/decode-text.js';
const f = process.argv[2];
const parser = parse({ relax_column_count: true, skip_records_with_error: true });
let n = 0;
parser.on('data', () => n++);
const done = new Promise((r) => parser.on('end', r));
for await (const text of decodeText(createReadStream(f, { highWaterMark: 262144 }), f, () => {})) {
  if (!parser.write(text)) await new Promise((r) => parser.once('drain', r));
}
parser.end();
await done;
console.log(JSON.stringify({ records: n }));
