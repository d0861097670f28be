/**
 * JSON inputs → TraceEvents: Microsoft Graph message trace responses (a `value` array of
 * exchangeMessageTrace or exchangeMessageTraceDetail objects), what log shippers keep (one
 * object, or one Graph page, per line: JSON Lines), PowerShell's ConvertTo-Json of
 * Get-MessageTrace(V2) (an array), and the retired Reporting Web Service (`d.results`).
 *
 * Each object is read as a row whose column names are its keys, so the CSV layouts read JSON too
 * (Get-MessageTrace's `Received`, `Status`…; Graph's `receivedDateTime`, `status`…): one mapping
 * per layout, whatever the file's syntax. A document is parsed as a stream (@streamparser/json),
 * JSON Lines line by line: memory holds one object at a time. Every row keeps the line its object
 * starts on, for issues and examples.
 */
import { Tokenizer, TokenParser, TokenType } from '@streamparser/json';
import { ExotraceError } from '../../model/errors.js';
import type { InputFormat, InputKind } from '../../model/input.js';
import type { ConsumerResult, TextConsumer } from '../csv-export.js';
import { createLineSplitter } from '../csv/line-splitter.js';
import { indexHeader } from '../formats/header.js';
import { detectLayout, unknownLayoutMessage } from '../formats/index.js';
import type { MapperContext, RowMapper } from '../formats/layout.js';
import type { ReadContext } from '../read-export.js';
import { createUnknownValues } from '../unknown-values.js';

/** Arrays of rows inside an object, by the names APIs and shippers give them. */
const CONTAINERS = ['value', 'results', 'records', 'items', 'Records'];

/** Distinct key sets remembered with their mapper; objects come in a handful of shapes. */
const MAX_SHAPES = 64;

type Shape = { map: RowMapper } | { problem: string };

/** The mapper for each distinct key set (objects come in a handful of shapes), and the first layout recognized. */
function createShapes(
  source: string,
  mctx: MapperContext,
): { of(keys: string[], line: number | undefined): Shape; readonly format: InputFormat | undefined } {
  const shapes = new Map<string, Shape>();
  let format: InputFormat | undefined;
  return {
    of(keys, line) {
      const signature = keys.join('\u0000');
      let shape = shapes.get(signature);
      if (shape) return shape;
      try {
        const header = indexHeader(keys);
        const layout = detectLayout(header, source, line ?? 0);
        format ??= layout.format;
        shape = { map: layout.mapper(header, mctx) };
      } catch (e) {
        if (!(e instanceof ExotraceError)) throw e;
        shape = { problem: `${unknownLayoutMessage(indexHeader(keys), 'field list')} It was skipped` };
      }
      if (shapes.size < MAX_SHAPES) shapes.set(signature, shape);
      return shape;
    },
    get format() {
      return format;
    },
  };
}

/** What a JSON reader counted. */
interface Tally {
  objects: number;
  rows: number;
  rejectedRows: number;
  recognized: number;
}

/**
 * Takes one object: a row, or (in JSON Lines, `pages`) a Graph page whose rows are in `value`.
 * `where` names it in issues ("the object on this line", "element 3 of value").
 */
type Take = (value: unknown, line: number | undefined, where: string, pages: boolean) => void;

function createRowTaker(source: string, ctx: ReadContext, shapes: ReturnType<typeof createShapes>, tally: Tally): Take {
  function rejected(line: number | undefined, where: string, problem: string): void {
    tally.rejectedRows++;
    ctx.onIssue({
      source,
      ...(line !== undefined ? { line } : {}),
      code: 'EXO_ROW_UNUSABLE',
      message: `${where}: ${problem}.`,
    });
  }

  function row(value: unknown, line: number | undefined, where: string): void {
    tally.objects++;
    tally.rows++;
    if (!isObject(value)) {
      const what = Array.isArray(value) ? 'an array' : value === null ? 'null' : `a ${typeof value}`;
      rejected(line, where, `it is ${what}, not an object with a trace row's fields; it was skipped`);
      return;
    }
    const keys = Object.keys(value).filter((k) => k !== '__metadata' && k !== '@odata.type');
    const shape = shapes.of(keys, line);
    if ('problem' in shape) {
      rejected(line, where, shape.problem);
      return;
    }
    const problem = shape.map(
      keys.map((k) => cellOf(value[k])),
      line ?? tally.objects,
      ctx.onEvent,
    );
    if (problem) rejected(line, where, problem);
    else tally.recognized++;
  }

  return (value, line, where, pages) => {
    if (pages && isObject(value)) {
      const inner =
        CONTAINERS.map((k) => value[k]).find(Array.isArray) ??
        (isObject(value['d']) && Array.isArray(value['d']['results']) ? value['d']['results'] : undefined);
      if (inner) {
        inner.forEach((v, i) => row(v, line, `${where}, element ${i + 1}`));
        return;
      }
    }
    row(value, line, where);
  };
}

/** JSON Lines: one object (or one Graph page) per line; a line that is not JSON is skipped and said. */
function createJsonLinesReader(source: string, ctx: ReadContext, tally: Tally, take: Take) {
  const broken = (lineNo: number, code: 'EXO_JSON_SYNTAX' | 'EXO_CSV_RECORD_TOO_LARGE', message: string) => {
    tally.rows++;
    tally.rejectedRows++;
    ctx.onIssue({ source, line: lineNo, code, message });
  };
  return createLineSplitter(
    {
      line(text, start, end, lineNo) {
        const l = text.slice(start, end).trim();
        if (!l) return;
        let value: unknown;
        try {
          value = JSON.parse(l.charCodeAt(0) === 0xfeff ? l.slice(1) : l);
        } catch (e) {
          broken(lineNo, 'EXO_JSON_SYNTAX', `this line is not valid JSON (${(e as Error).message}); it was skipped.`);
          return;
        }
        take(value, lineNo, 'the object on this line', true);
      },
      overlong(lineNo, chars) {
        const limit = ctx.limits.maxRecordChars;
        broken(
          lineNo,
          'EXO_CSV_RECORD_TOO_LARGE',
          `a line of ${chars} characters exceeds the limit of ${limit}; it was skipped.`,
        );
      },
    },
    ctx.limits.maxRecordChars,
  );
}

export function createJsonExportConsumer(
  source: string,
  ctx: ReadContext,
): TextConsumer & { readonly kind: InputKind | undefined } {
  let mode: 'lines' | 'document' | undefined;
  let document: JsonDocument | undefined;
  const tally: Tally = { objects: 0, rows: 0, rejectedRows: 0, recognized: 0 };
  let stopped = false;
  const unknownValues = createUnknownValues(source, ctx.onIssue);
  // JSON times are ISO or /Date(ms)/; a stated --date-order still applies to any locale date in it
  const shapes = createShapes(source, {
    source,
    ...(ctx.dateOrder ? { dateOrder: ctx.dateOrder } : {}),
    onUnknownValue: unknownValues.add,
  });
  const take = createRowTaker(source, ctx, shapes, tally);
  const splitter = createJsonLinesReader(source, ctx, tally, take);

  function startDocument(path: string): void {
    const what = (key: unknown) =>
      path === '$'
        ? 'the object'
        : `element ${typeof key === 'number' ? key + 1 : String(key)} of ${path.slice(2, -2) || 'the array'}`;
    document = createJsonDocument(
      path,
      (value, key, line) => take(value, line, what(key), false),
      (e) => {
        if (stopped) return;
        stopped = true;
        const n = tally.objects;
        ctx.onIssue({
          source,
          line: document!.line,
          code: 'EXO_JSON_SYNTAX',
          message:
            `the JSON is broken here, after ${n} ${n === 1 ? 'object' : 'objects'} (${e.message}); the ` +
            `objects before it were analyzed, nothing after it.`,
        });
      },
    );
  }

  return {
    push(text) {
      if (stopped) return;
      if (mode === undefined) {
        const decided = jsonMode(text);
        mode = decided.mode;
        if (decided.mode === 'document') startDocument(decided.path);
      }
      if (mode === 'lines') splitter.push(text);
      else document!.write(text);
    },
    end() {
      if (mode === 'lines') splitter.end();
      else if (!stopped) document?.end();
      unknownValues.flush();
      const { rows, recognized, rejectedRows } = tally;
      if (rows > 0 && recognized === 0 && rejectedRows === rows && !stopped) {
        throw new ExotraceError(
          'EXO_INPUT_UNKNOWN_KIND',
          `this is JSON, but none of its ${rows} ${rows === 1 ? 'object is' : 'objects are'} a message trace row ` +
            `exotrace knows (see the first issue for the fields found). exotrace reads Graph message trace ` +
            `responses (value[] of messageTraces or getDetailsByRecipient), Get-MessageTrace(V2) | ConvertTo-Json, ` +
            `and JSON Lines of those objects.`,
          { source },
        );
      }
    },
    get lines() {
      return mode === 'lines' ? splitter.lines : (document?.lines ?? 0);
    },
    atRecordBoundary: false,
    get kind() {
      return mode === 'lines' ? 'json-lines' : mode === 'document' ? 'json' : undefined;
    },
    result(): ConsumerResult | undefined {
      if (mode === undefined) return undefined;
      const { rows, rejectedRows } = tally;
      return {
        format: shapes.format ?? 'graph',
        kind: mode === 'lines' ? 'json-lines' : 'json',
        rows,
        rejectedRows,
        truncationLimits: [],
      };
    },
  };
}

interface JsonDocument {
  write(text: string): void;
  end(): void;
  /** the line of the last token read */
  readonly line: number;
  /** line breaks in the text written so far */
  readonly lines: number;
}

/**
 * One JSON document parsed as it streams, its values at `path` given with the line each starts on.
 * The tokenizer counts in UTF-8 bytes; lines are counted in the same bytes, as tokens pass.
 */
function createJsonDocument(
  path: string,
  onValue: (value: unknown, key: unknown, line: number) => void,
  onError: (e: Error) => void,
): JsonDocument {
  const tokenizer = new Tokenizer({ separator: '' });
  const parser = new TokenParser({ paths: [path], keepStack: false, separator: '' });
  let chunk: Uint8Array = new Uint8Array(0);
  let chunkStart = 0; // offset of chunk[0] in the document
  let counted = 0; // offset up to which line breaks are counted
  let line = 1;
  const starts: number[] = []; // the line of each open object or array
  let valueLine = 1;
  const lineAt = (offset: number): number => {
    for (let i = Math.max(counted, chunkStart) - chunkStart; i < offset - chunkStart && i < chunk.length; i++)
      if (chunk[i] === 10) line++;
    counted = Math.max(counted, offset);
    return line;
  };
  let tokenLine = 1;
  tokenizer.onToken = (info) => {
    tokenLine = lineAt(info.offset);
    if (info.token === TokenType.LEFT_BRACE || info.token === TokenType.LEFT_BRACKET) starts.push(tokenLine);
    else if (info.token === TokenType.RIGHT_BRACE || info.token === TokenType.RIGHT_BRACKET)
      valueLine = starts.pop() ?? tokenLine;
    else valueLine = tokenLine;
    parser.write(info);
  };
  parser.onValue = ({ value, key }) => onValue(value, key, valueLine);
  tokenizer.onError = onError;
  parser.onError = onError;
  return {
    write(text) {
      lineAt(chunkStart + chunk.length);
      chunkStart += chunk.length;
      chunk = Buffer.from(text, 'utf8');
      try {
        tokenizer.write(chunk);
      } catch (e) {
        onError(e as Error);
      }
    },
    end() {
      try {
        if (!tokenizer.isEnded) tokenizer.end();
      } catch (e) {
        onError(e as Error);
      }
    },
    get line() {
      return tokenLine;
    },
    get lines() {
      return lineAt(chunkStart + chunk.length) - 1;
    },
  };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A JSON value as the cell a CSV would hold. */
function cellOf(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v.toWellFormed();
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v).toWellFormed();
}

/**
 * JSON Lines when the first line is a whole JSON object by itself; else one document, whose rows
 * are the elements of the root array, of a container array (`value`, `d.results`…), or the root
 * object itself.
 */
function jsonMode(head: string): { mode: 'lines' } | { mode: 'document'; path: string } {
  const text = head.replace(/^[\uFEFF\s]+/, '');
  if (text.startsWith('[')) return { mode: 'document', path: '$.*' };
  const firstLine = text.split(/\r?\n/, 1)[0]!;
  try {
    if (isObject(JSON.parse(firstLine))) return { mode: 'lines' };
  } catch {
    // not a whole object on one line: a document
  }
  if (/"d"\s*:\s*\{\s*"results"\s*:\s*\[/.test(text)) return { mode: 'document', path: '$.d.results.*' };
  if (/"d"\s*:\s*\[/.test(text)) return { mode: 'document', path: '$.d.*' };
  for (const key of CONTAINERS)
    if (new RegExp(`"${key}"\\s*:\\s*\\[`).test(text)) return { mode: 'document', path: `$.${key}.*` };
  return { mode: 'document', path: '$' };
}
