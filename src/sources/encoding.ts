/**
 * Byte-level sniffing: which text encoding a file is in, and whether it is text at all.
 *
 * The admin center writes UTF-16LE, often without a BOM; Excel re-saves as UTF-8 (with BOM),
 * as the ANSI code page (windows-1252) or as UTF-16LE "Unicode Text"; PowerShell 7 writes UTF-8
 * without BOM. So the encoding is detected from the bytes, never assumed.
 */

import { TextDecoder } from 'node:util';

export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

export interface SniffResult {
  encoding: TextEncodingName;
  /** bytes of byte-order mark to skip */
  bomLength: number;
  /** true when the bytes do not look like text in any supported encoding */
  binary: boolean;
  /** the share of the sniffed bytes that are NUL or other control bytes (0 for UTF-16) */
  controlShare: number;
}

/**
 * A text file may hold a stray NUL or control byte (a damaged row); a binary file holds them
 * everywhere (about one byte in eight of compressed or random data). Past this share of the
 * sniffed bytes a file is binary. (One NUL byte used to be enough: a large export with one near
 * its top was refused whole, while the same byte further down cost one row.)
 */
const BINARY_CONTROL_SHARE = 0.01;

/** How much of the file start the sniffer looks at. */
export const SNIFF_BYTES = 64 * 1024;

export function sniffEncoding(head: Uint8Array): SniffResult {
  if (head.length >= 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) {
    return { encoding: 'utf-8', bomLength: 3, binary: false, controlShare: 0 };
  }
  if (head.length >= 2 && head[0] === 0xff && head[1] === 0xfe) {
    return { encoding: 'utf-16le', bomLength: 2, binary: false, controlShare: 0 };
  }
  if (head.length >= 2 && head[0] === 0xfe && head[1] === 0xff) {
    return { encoding: 'utf-16be', bomLength: 2, binary: false, controlShare: 0 };
  }

  // Without a BOM, UTF-16 text in Latin script has a zero in every other byte: in odd positions
  // for little-endian, in even positions for big-endian.
  const pairs = Math.floor(Math.min(head.length, SNIFF_BYTES) / 2);
  let zeroEven = 0;
  let zeroOdd = 0;
  for (let i = 0; i < pairs; i++) {
    if (head[2 * i] === 0) zeroEven++;
    if (head[2 * i + 1] === 0) zeroOdd++;
  }
  if (pairs >= 2) {
    if (zeroOdd / pairs > 0.3 && zeroEven / pairs < 0.05)
      return { encoding: 'utf-16le', bomLength: 0, binary: false, controlShare: 0 };
    if (zeroEven / pairs > 0.3 && zeroOdd / pairs < 0.05)
      return { encoding: 'utf-16be', bomLength: 0, binary: false, controlShare: 0 };
  }

  const sample = head.subarray(0, SNIFF_BYTES);
  const controlShare = controlBytesShare(sample);
  if (controlShare > BINARY_CONTROL_SHARE) return { encoding: 'utf-8', bomLength: 0, binary: true, controlShare };
  return { encoding: isValidUtf8Prefix(sample) ? 'utf-8' : 'windows-1252', bomLength: 0, binary: false, controlShare };
}

/** The share of NUL and other C0 control bytes (tab, CR, LF and FF aside). */
function controlBytesShare(bytes: Uint8Array): number {
  let control = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c) control++;
  }
  return bytes.length === 0 ? 0 : control / bytes.length;
}

/** Valid UTF-8, allowing the sample to end in the middle of a multi-byte sequence. */
function isValidUtf8Prefix(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: true });
    return true;
  } catch {
    return false;
  }
}

/** A streaming decoder for the sniffed encoding; invalid sequences become U+FFFD and are counted. */
export function createDecoder(encoding: TextEncodingName): TextDecoder {
  return new TextDecoder(encoding, { fatal: false, ignoreBOM: true });
}
