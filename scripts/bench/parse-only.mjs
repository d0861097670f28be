#!/usr/bin/env node
/**
 * The parse-only ceiling of `exotrace analyze`: the same byte reading, encoding sniffing,
 * decoding and CSV record reader, counting records and nothing else.
 * Usage: node scripts/bench/parse-only.mjs FILE
 */
import { createReadStream } from 'node:fs';
import { createCsvRecordReader } from '../../dist/sources/csv/record-reader.js';
import { createDecoder, sniffEncoding } from '../../dist/sources/encoding.js';
import { defaultLimits } from '../../dist/model/limits.js';
import { READ_CHUNK_BYTES } from '../../dist/sources/read-export.js';

let records = 0;
let rejected = 0;
const reader = createCsvRecordReader({ header() {}, record() { records++; }, reject() { rejected++; } }, defaultLimits);
let decoder;
let bomLength = 0;
for await (const chunk of createReadStream(process.argv[2], { highWaterMark: READ_CHUNK_BYTES })) {
  if (!decoder) {
    const sniff = sniffEncoding(chunk);
    decoder = createDecoder(sniff.encoding);
    bomLength = sniff.bomLength;
    reader.push(decoder.decode(chunk.subarray(bomLength), { stream: true }));
  } else reader.push(decoder.decode(chunk, { stream: true }));
}
reader.push(decoder.decode());
reader.end();
console.log(JSON.stringify({ records, rejected }));
