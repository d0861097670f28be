import { describe, expect, it } from 'vitest';
import { sniffEncoding } from '../src/sources/encoding.js';
import { encodeText } from './helpers/files.js';

const header =
  'date_time_utc,client_ip,event_id,recipient_address\r\n2026-11-16T07:12:00.000Z,,RECEIVE,"Müller@contoso.com"\r\n';

describe('encoding sniffing', () => {
  it.each([
    ['utf-8', 'utf-8', 0],
    ['utf-8-bom', 'utf-8', 3],
    ['utf-16le', 'utf-16le', 0],
    ['utf-16le-bom', 'utf-16le', 2],
    ['utf-16be', 'utf-16be', 0],
    ['utf-16be-bom', 'utf-16be', 2],
    ['windows-1252', 'windows-1252', 0],
  ] as const)('recognizes %s', (written, encoding, bomLength) => {
    expect(sniffEncoding(encodeText(header, written))).toEqual({ encoding, bomLength, binary: false, controlShare: 0 });
  });

  it('calls plain ASCII UTF-8 (the two agree on it)', () => {
    expect(sniffEncoding(Buffer.from('a,b\r\n1,2\r\n')).encoding).toBe('utf-8');
  });

  it('tells binary files apart', () => {
    const zip = Buffer.from([
      0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00, 0x08, 0x00, 0x21, 0x00, 0xb7, 0xac, 0xce, 0x34,
    ]);
    expect(sniffEncoding(zip).binary).toBe(true);
    const png = Buffer.from([
      0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
    ]);
    expect(sniffEncoding(png).binary).toBe(true);
  });

  it('does not take a UTF-8 sample cut inside a multi-byte character for windows-1252', () => {
    const bytes = Buffer.from('a,b\r\nx,📈', 'utf8');
    expect(sniffEncoding(bytes.subarray(0, bytes.length - 2)).encoding).toBe('utf-8');
  });
});
