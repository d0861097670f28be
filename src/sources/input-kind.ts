/**
 * What an input is, told from its first bytes (after decompression), never from its name: a CSV
 * export (or a tracking log, which is CSV too), JSON, a message (.eml, pasted headers, a bounce),
 * a mailbox of messages (.mbox), an Outlook .msg file, or something exotrace cannot read, named.
 */
import { ExotraceError } from '../model/errors.js';
import { createDecoder, sniffEncoding, type SniffResult } from './encoding.js';
import { isMessageHeaderBlock } from './headers/message-headers.js';

export type InputShape = 'csv' | 'json' | 'message' | 'mbox' | 'outlook-msg';

export interface InputSniff {
  shape: InputShape;
  /** the text encoding, for every shape but outlook-msg */
  encoding: SniffResult;
}

const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

function startsWith(head: Uint8Array, magic: readonly number[]): boolean {
  return magic.every((b, i) => head[i] === b);
}

/** Files people pick up by mistake, named so they know what to do instead. */
const KNOWN_BINARIES: Array<{ magic: number[]; what: string }> = [
  {
    magic: [0x50, 0x4b, 0x03, 0x04],
    what:
      'a zip archive (an Excel .xlsx workbook is one): save the sheet as CSV (File > Save As > CSV UTF-8), or ' +
      'unzip the archive and name the export inside it',
  },
  {
    magic: [0x25, 0x50, 0x44, 0x46],
    what: 'a PDF document: exotrace reads the exported CSV, JSON or message files, not printed reports',
  },
  { magic: [0x52, 0x61, 0x72, 0x21], what: 'a RAR archive: extract it and name the export inside it' },
  { magic: [0x37, 0x7a, 0xbc, 0xaf], what: 'a 7-Zip archive: extract it and name the export inside it' },
];

export function sniffInput(head: Uint8Array, source: string): InputSniff {
  if (startsWith(head, OLE_MAGIC))
    return { shape: 'outlook-msg', encoding: { encoding: 'utf-8', bomLength: 0, binary: false, controlShare: 0 } };
  for (const { magic, what } of KNOWN_BINARIES) {
    if (startsWith(head, magic)) throw new ExotraceError('EXO_INPUT_BINARY', `this is ${what}.`, { source });
  }
  const encoding = sniffEncoding(head);
  if (encoding.binary) {
    throw new ExotraceError(
      'EXO_INPUT_BINARY',
      `this is a binary file, not a message trace export: ${Math.round(encoding.controlShare * 100)}% of its ` +
        `first bytes are control characters. Name the exported .csv, .csv.gz, .json, .eml, .msg or .mbox file ` +
        `instead.`,
      { source },
    );
  }
  const text = createDecoder(encoding.encoding).decode(head.subarray(encoding.bomLength), { stream: true });
  return { shape: shapeOfText(text), encoding };
}

/** The shape of a text input from its start. */
export function shapeOfText(text: string): InputShape {
  const start = text.replace(/^[\uFEFF\s]+/, '');
  if (start.startsWith('{') || start.startsWith('[')) return 'json';
  if (/^From \S/.test(start) && isMessageHeaderBlock(start.slice(start.search(/\r?\n|\r/) + 1).replace(/^\n/, '')))
    return 'mbox';
  if (isMessageHeaderBlock(start)) return 'message';
  return 'csv';
}
