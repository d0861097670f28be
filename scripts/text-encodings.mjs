/**
 * Encoders for writing samples and test files in the encodings exports come in. Node can decode
 * all of them but encodes only UTF-8 and UTF-16LE, so UTF-16BE and windows-1252 are done here.
 */

// windows-1252 bytes 0x80–0x9F; the rest of the range maps to Latin-1 code points one to one.
const CP1252_HIGH = [
  0x20ac, 0, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017d, 0, 0,
  0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0, 0x017e, 0x0178,
];

/** Characters windows-1252 cannot hold become '?', as Excel's ANSI save does. */
export function encodeWindows1252(text) {
  const out = [];
  for (const ch of text) {
    const cp = ch.codePointAt(0);
    const high = CP1252_HIGH.indexOf(cp);
    if (cp < 0x80 || (cp >= 0xa0 && cp <= 0xff)) out.push(cp);
    else if (high >= 0 && cp !== 0) out.push(0x80 + high);
    else out.push(0x3f);
  }
  return Buffer.from(out);
}

function swap16(buf) {
  const out = Buffer.from(buf);
  out.swap16();
  return out;
}

/**
 * @param {string} text
 * @param {'utf-8'|'utf-8-bom'|'utf-16le'|'utf-16le-bom'|'utf-16be'|'utf-16be-bom'|'windows-1252'} encoding
 */
export function encodeText(text, encoding) {
  switch (encoding) {
    case 'utf-8':
      return Buffer.from(text, 'utf8');
    case 'utf-8-bom':
      return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
    case 'utf-16le':
      return Buffer.from(text, 'utf16le');
    case 'utf-16le-bom':
      return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    case 'utf-16be':
      return swap16(Buffer.from(text, 'utf16le'));
    case 'utf-16be-bom':
      return Buffer.concat([Buffer.from([0xfe, 0xff]), swap16(Buffer.from(text, 'utf16le'))]);
    case 'windows-1252':
      return encodeWindows1252(text);
    default:
      throw new Error(`unknown encoding ${encoding}`);
  }
}

export const encodings = ['utf-8', 'utf-8-bom', 'utf-16le', 'utf-16le-bom', 'utf-16be', 'utf-16be-bom', 'windows-1252'];
