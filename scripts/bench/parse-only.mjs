#!/usr/bin/env node
/**
 * The parse-only ceiling of `exotrace analyze`: the same file reading, encoding sniffing,
 * decoding and CSV record reader, set up as analyze sets it up (rows on one line given in place,
 * the others cut into fields), counting records and nothing else.
 * Usage: node scripts/bench/parse-only.mjs FILE
 */
import { createReadStream } from 'node:fs';
import { defaultLimits } from '../../dist/model/limits.js';
import { createCsvRecordReader } from '../../dist/sources/csv/record-reader.js';
import { decodeText } from '../../dist/sources/decode-text.js';
import { READ_CHUNK_BYTES } from '../../dist/sources/read-export.js';

let records = 0;
let rejected = 0;
const reader = createCsvRecordReader(
  {
    header() {},
    record() {
      records++;
    },
    recordSpan() {
      records++;
    },
    reject() {
      rejected++;
    },
  },
  defaultLimits,
);
const file = process.argv[2];
for await (const text of decodeText(createReadStream(file, { highWaterMark: READ_CHUNK_BYTES }), file, () => {}))
  reader.push(text);
reader.end();
console.log(JSON.stringify({ records, rejected }));
