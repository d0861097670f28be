/**
 * The example kept for each distinct text: the first delivery seen with it, reduced to the few
 * facts a report prints. Failure texts rarely repeat (each carries a time, an address, a server
 * reference), so a fold keeps about one example per failed row.
 *
 * Each example's strings are joined into one string, cut loose from its row by one copy instead
 * of one per string, and its numbers go in typed arrays. Per example that is one heap object
 * instead of about eight, and a fold handed to another thread transfers the arrays and clones
 * plain strings instead of tens of thousands of small objects (docs/performance.md, "Decisions").
 */
import type { Direction, MessageFacts, TraceEvent } from '../model/trace.js';
import { MAX_KEPT_ID_CHARS } from '../model/limits.js';
import { detach } from './detach.js';
import { grown } from './typed-arrays.js';

/** The first delivery seen with a given text, as the report reads it. */
export interface TextExample {
  recipient: string;
  facts: Pick<MessageFacts, 'direction' | 'sender' | 'subject' | 'messageId' | 'networkMessageId' | 'messageTraceId'>;
  /** the IP the message came from (the original client's, else the connecting client's), when known */
  sendingIp?: string;
  time?: number;
  source: string;
  line: number;
  messageKey: string;
}

/** Subjects longer than this are cut in examples (the report shows 80–300 characters at most). */
const EXAMPLE_SUBJECT_CHARS = 500;

/** The strings of an example, in the order they are joined. */
const RECIPIENT = 0;
const MESSAGE_KEY = 1;
const SENDER = 2;
const SUBJECT = 3;
/** the one message id kept: messageId, else networkMessageId, else messageTraceId */
const ID = 4;
const SENDING_IP = 5;
const FIELDS = 6;

const ID_KINDS = ['messageId', 'networkMessageId', 'messageTraceId'] as const;
const DIRECTIONS: readonly Direction[] = ['inbound', 'outbound', 'internal', 'unknown'];

/** All examples of a store as plain data, to move them between threads. */
export interface ExampleColumns {
  /** per example, its strings joined (see FIELDS) */
  joined: string[];
  /** per example, FIELDS lengths in `joined`; -1 for a string the example does not have */
  lengths: Int32Array;
  /** index into ID_KINDS of the id kept, -1 when none */
  idKind: Int8Array;
  direction: Uint8Array;
  /** NaN when the row had no readable time */
  time: Float64Array;
  line: Int32Array;
  sourceOf: Int32Array;
  sources: string[];
}

export interface ExampleStore {
  /** Keeps the example of event `e`; examples are numbered in the order they are added. */
  add(e: TraceEvent): void;
  /** Appends example `i` of another store, its line moved by `lineOffset`. */
  addFrom(other: ExampleColumns, i: number, lineOffset: number): void;
  get(i: number): TextExample;
  readonly count: number;
  exportColumns(): ExampleColumns;
}

export function createExampleStore(): ExampleStore {
  const joined: string[] = [];
  let capacity = 256;
  let lengths = new Int32Array(capacity * FIELDS);
  let idKind = new Int8Array(capacity);
  let direction = new Uint8Array(capacity);
  let time = new Float64Array(capacity);
  let line = new Int32Array(capacity);
  let sourceOf = new Int32Array(capacity);
  const sources: string[] = [];
  const sourceIndex = new Map<string, number>();

  /** The slot for the next example, with its source and line. */
  function next(source: string, at: number): number {
    const i = joined.length;
    if (i === capacity) {
      capacity *= 2;
      lengths = grown(lengths, capacity * FIELDS);
      idKind = grown(idKind, capacity);
      direction = grown(direction, capacity);
      time = grown(time, capacity);
      line = grown(line, capacity);
      sourceOf = grown(sourceOf, capacity);
    }
    let s = sourceIndex.get(source);
    if (s === undefined) {
      s = sources.length;
      sources.push(source);
      sourceIndex.set(source, s);
    }
    sourceOf[i] = s;
    line[i] = at;
    return i;
  }

  return {
    add(e) {
      const i = next(e.source, e.line);
      const f = e.facts;
      const cut = (s: string | undefined, max: number): string | undefined =>
        s !== undefined && s.length > max ? s.slice(0, max) : s;
      const sender = cut(f.sender, MAX_KEPT_ID_CHARS);
      const subject = cut(f.subject, EXAMPLE_SUBJECT_CHARS);
      // One id is enough to find the message again; the report shows the first it has.
      const kind =
        f.messageId !== undefined ? 0 : f.networkMessageId !== undefined ? 1 : f.messageTraceId !== undefined ? 2 : -1;
      const id = kind === -1 ? undefined : cut(f[ID_KINDS[kind]!], MAX_KEPT_ID_CHARS);
      // cut as the fold cuts them, so that the example still finds its delivery
      const recipient = cut(e.recipient, MAX_KEPT_ID_CHARS)!;
      const messageKey = cut(e.messageKey, MAX_KEPT_ID_CHARS)!;
      const ip = cut(f.originalClientIp || f.clientIp, MAX_KEPT_ID_CHARS);
      const at = i * FIELDS;
      lengths[at + RECIPIENT] = recipient.length;
      lengths[at + MESSAGE_KEY] = messageKey.length;
      lengths[at + SENDER] = sender === undefined ? -1 : sender.length;
      lengths[at + SUBJECT] = subject === undefined ? -1 : subject.length;
      lengths[at + ID] = id === undefined ? -1 : id.length;
      lengths[at + SENDING_IP] = ip === undefined ? -1 : ip.length;
      joined.push(detach(recipient + messageKey + (sender ?? '') + (subject ?? '') + (id ?? '') + (ip ?? '')));
      idKind[i] = kind;
      const d = DIRECTIONS.indexOf(f.direction);
      direction[i] = d < 0 ? DIRECTIONS.indexOf('unknown') : d;
      time[i] = e.time ?? NaN;
    },
    addFrom(o, j, lineOffset) {
      const i = next(o.sources[o.sourceOf[j]!]!, o.line[j]! + lineOffset);
      lengths.set(o.lengths.subarray(j * FIELDS, (j + 1) * FIELDS), i * FIELDS);
      joined.push(o.joined[j]!);
      idKind[i] = o.idKind[j]!;
      direction[i] = o.direction[j]!;
      time[i] = o.time[j]!;
    },
    get(i) {
      const all = joined[i]!;
      const parts: Array<string | undefined> = [];
      for (let k = 0, from = 0; k < FIELDS; k++) {
        const n = lengths[i * FIELDS + k]!;
        parts.push(n < 0 ? undefined : all.slice(from, from + n));
        if (n > 0) from += n;
      }
      const facts: TextExample['facts'] = { direction: DIRECTIONS[direction[i]!]! };
      if (parts[SENDER] !== undefined) facts.sender = parts[SENDER];
      if (parts[SUBJECT] !== undefined) facts.subject = parts[SUBJECT];
      if (idKind[i]! >= 0) facts[ID_KINDS[idKind[i]!]!] = parts[ID]!;
      const t = time[i]!;
      const example: TextExample = {
        recipient: parts[RECIPIENT]!,
        facts,
        time: Number.isNaN(t) ? undefined : t,
        source: sources[sourceOf[i]!]!,
        line: line[i]!,
        messageKey: parts[MESSAGE_KEY]!,
      };
      if (parts[SENDING_IP]) example.sendingIp = parts[SENDING_IP];
      return example;
    },
    get count() {
      return joined.length;
    },
    exportColumns() {
      const n = joined.length;
      return {
        joined,
        lengths: lengths.slice(0, n * FIELDS),
        idKind: idKind.slice(0, n),
        direction: direction.slice(0, n),
        time: time.slice(0, n),
        line: line.slice(0, n),
        sourceOf: sourceOf.slice(0, n),
        sources,
      };
    },
  };
}
