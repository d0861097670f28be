/**
 * Message inputs → TraceEvents: one message (.eml, headers pasted into a text file), a mailbox of
 * messages (.mbox, as Thunderbird and Google Takeout export a folder), or an Outlook .msg file.
 * Messages are read one at a time; a mailbox is cut at its `From ` lines as it streams.
 */
import type { InputKind } from '../../model/input.js';
import type { SniffResult } from '../encoding.js';
import type { ReadContext } from '../read-export.js';
import { createLineSplitter } from '../csv/line-splitter.js';
import { eventsOfMessage } from './message-events.js';
import { parseOutlookMsg } from './outlook-msg.js';
import { MAX_MESSAGE_BYTES, parseMimeMessage, type ParsedMessage } from './parsed-message.js';

export interface MessagesRead {
  kind: InputKind;
  /** events read (one per reported recipient, or per message) */
  rows: number;
  /** messages that could not be parsed */
  rejectedRows: number;
  messages: number;
  bounces: number;
  lines: number;
}

type Shape = 'message' | 'mbox' | 'outlook-msg';

export async function readMessages(
  bytes: AsyncIterable<Uint8Array>,
  source: string,
  ctx: ReadContext,
  shape: Shape,
  sniff: SniffResult,
): Promise<MessagesRead> {
  const read: MessagesRead = {
    kind: shape === 'mbox' ? 'mbox' : shape === 'outlook-msg' ? 'outlook-msg' : 'message',
    rows: 0,
    rejectedRows: 0,
    messages: 0,
    bounces: 0,
    lines: 0,
  };

  const take = async (
    raw: Uint8Array,
    line: number,
    parse: (b: Uint8Array) => Promise<ParsedMessage> | ParsedMessage,
  ) => {
    let msg: ParsedMessage;
    try {
      msg = await parse(raw);
    } catch (e) {
      if ((e as { code?: string }).code?.startsWith('EXO_')) throw e;
      read.rejectedRows++;
      ctx.onIssue({
        source,
        line,
        code: 'EXO_MESSAGE_UNREADABLE',
        message: `the message starting on this line cannot be parsed (${(e as Error).message}); it was skipped.`,
      });
      return;
    }
    read.messages++;
    const { events, bounce } = eventsOfMessage(msg, source, line);
    if (bounce) read.bounces++;
    for (const e of events) ctx.onEvent(e);
    read.rows += events.length;
  };

  if (shape === 'outlook-msg') {
    // an OLE file is read whole: its streams may sit anywhere in it
    await take(await collect(bytes, MAX_MESSAGE_BYTES * 2), 1, (b) => parseOutlookMsg(b, source));
  } else if (shape === 'message') {
    const whole = await collect(bytes, MAX_MESSAGE_BYTES);
    read.lines = countLines(whole);
    await take(asUtf8(whole, sniff), 1, parseMimeMessage);
  } else {
    for await (const { bytes: message, line } of mboxMessages(bytes)) {
      read.lines = line + countLines(message) - 1;
      await take(asUtf8(message, sniff), line, parseMimeMessage);
    }
  }
  if (shape === 'message' && read.bounces > 0) read.kind = 'ndr';
  return read;
}

/**
 * Messages are bytes in any charset their parts declare; only UTF-16 text (Notepad's "Unicode") is turned into UTF-8
 * first.
 */
function asUtf8(bytes: Uint8Array, sniff: SniffResult): Uint8Array {
  if (sniff.encoding !== 'utf-16le' && sniff.encoding !== 'utf-16be') return bytes;
  const text = new TextDecoder(sniff.encoding, { fatal: false }).decode(bytes);
  return Buffer.from(text.replace(/^\uFEFF/, ''), 'utf8');
}

/** The input's first `max` bytes; the rest (a returned message's attachments) is read, not kept. */
async function collect(bytes: AsyncIterable<Uint8Array>, max: number): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let length = 0;
  for await (const chunk of bytes) {
    if (length >= max) continue;
    chunks.push(chunk);
    length += chunk.length;
  }
  return Buffer.concat(chunks, length);
}

function countLines(bytes: Uint8Array): number {
  let n = 1;
  for (let i = bytes.indexOf(10); i !== -1; i = bytes.indexOf(10, i + 1)) n++;
  return n;
}

/**
 * The messages of an mbox file, each with the line it starts on. A message is cut at a line
 * that starts with `From ` after a blank line (or that reads like a separator, `From sender
 * Mon Nov 16 …`). Bytes are read as latin1, one character per byte, so each message goes to the
 * MIME parser as the bytes it was. A message longer than MAX_MESSAGE_BYTES keeps its first part (a
 * bounce's report comes before the returned message). `>From ` lines (mboxrd quoting) are body
 * lines and left as they are.
 */
async function* mboxMessages(bytes: AsyncIterable<Uint8Array>): AsyncGenerator<{ bytes: Uint8Array; line: number }> {
  const ready: Array<{ bytes: Uint8Array; line: number }> = [];
  let lines: string[] = [];
  let size = 0;
  let startLine = 0;
  let previousBlank = true;
  const flush = () => {
    if (lines.some((l) => l.trim() !== ''))
      ready.push({ bytes: Buffer.from(lines.join('\n'), 'latin1'), line: startLine });
    lines = [];
    size = 0;
    startLine = 0;
  };
  const splitter = createLineSplitter(
    {
      line(text, start, end, lineNo) {
        const l = text.slice(start, end);
        if (l.startsWith('From ') && (previousBlank || SEPARATOR.test(l))) {
          flush();
          previousBlank = false;
          return;
        }
        previousBlank = l.trim() === '';
        if (startLine === 0) {
          if (previousBlank) return;
          startLine = lineNo;
        }
        if (size > MAX_MESSAGE_BYTES) return;
        lines.push(l);
        size += l.length + 1;
      },
      overlong() {
        previousBlank = false;
      },
    },
    MAX_MESSAGE_BYTES,
  );
  for await (const chunk of bytes) {
    splitter.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length).toString('latin1'));
    yield* ready.splice(0);
  }
  splitter.end();
  flush();
  yield* ready.splice(0);
}

/** `From sender@example.com Mon Nov 16 08:03:12 2026`, as mbox writers put it. */
const SEPARATOR = /^From \S+ +[A-Z][a-z]{2} [A-Z][a-z]{2} +\d/;
