/**
 * Cutting one physical line into fields, the two ways the record reader does it: into a record
 * being assembled (which may span lines: a quoted subject with a line break), or in place, as
 * field bounds, for a line that is a whole row by itself (most rows; no string is cut).
 */

export type LineStatus = 'complete' | 'open' | 'bad-quote' | 'too-many-fields';

export interface Pending {
  fields: string[];
  /** the quoted field being read, while `inQuotes` */
  field: string;
  inQuotes: boolean;
  startLine: number;
  /** raw physical lines of this record, kept so a broken record can be read again line by line */
  lines: string[];
  chars: number;
}

/** Reads one physical line into the pending record: its fields, or the quoted field left open. */
export function parseInto(p: Pending, line: string, d: string, maxFields: number): LineStatus {
  let i = 0;
  const n = line.length;
  if (p.inQuotes) p.field += '\n';
  for (;;) {
    if (p.inQuotes) {
      const q = line.indexOf('"', i);
      if (q === -1) {
        p.field += line.slice(i);
        return 'open';
      }
      if (line.charCodeAt(q + 1) === 34) {
        p.field += line.slice(i, q + 1);
        i = q + 2;
        continue;
      }
      p.field += line.slice(i, q);
      p.inQuotes = false;
      i = q + 1;
      p.fields.push(p.field);
      p.field = '';
      if (i === n) return 'complete';
      if (!line.startsWith(d, i)) return 'bad-quote';
      i += d.length;
      if (i === n) {
        p.fields.push('');
        return 'complete';
      }
    } else {
      if (p.fields.length >= maxFields) return 'too-many-fields';
      if (line.charCodeAt(i) === 34) {
        p.inQuotes = true;
        i++;
        continue;
      }
      const next = line.indexOf(d, i);
      if (next === -1) {
        p.fields.push(line.slice(i));
        return 'complete';
      }
      p.fields.push(line.slice(i, next));
      i = next + d.length;
      if (i === n) {
        p.fields.push('');
        return 'complete';
      }
    }
  }
}

/**
 * Fills `bounds` with the line's fields (2 × expected), delimited by `d`; false when the line is not for the fast path.
 */
export function splitInPlace(
  text: string,
  start: number,
  end: number,
  bounds: Int32Array,
  expected: number,
  d: string,
): boolean {
  let k = 0;
  let p = start;
  for (;;) {
    // one more field than the header has: not this path's to judge
    if (k === expected) return false;
    if (p < end && text.charCodeAt(p) === 34) {
      let q = text.indexOf('"', p + 1);
      let doubled = false;
      while (q !== -1 && q + 1 < end && text.charCodeAt(q + 1) === 34) {
        doubled = true;
        q = text.indexOf('"', q + 2);
      }
      // open past the line: a record spanning lines
      if (q === -1 || q >= end) return false;
      // a field with doubled quotes is marked (start stored as ~start) to be unescaped when cut
      bounds[2 * k] = doubled ? ~(p + 1) : p + 1;
      bounds[2 * k + 1] = q;
      k++;
      if (q + 1 === end) break;
      if (!text.startsWith(d, q + 1)) return false;
      p = q + 2;
    } else {
      const next = text.indexOf(d, p);
      if (next === -1 || next >= end) {
        bounds[2 * k] = p;
        bounds[2 * k + 1] = end;
        k++;
        break;
      }
      bounds[2 * k] = p;
      bounds[2 * k + 1] = next;
      k++;
      p = next + 1;
    }
  }
  return k === expected;
}
