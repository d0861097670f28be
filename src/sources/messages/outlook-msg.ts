/**
 * Outlook .msg files (OLE compound files holding MAPI properties), read with
 * @kenjiuno/msgreader: what Outlook users save a bounce as. A saved bounce is a report item
 * (message class REPORT.IPM.Note.NDR, …DR, …DelayedDR) whose recipient table lists the recipients
 * it is about, each with the diagnostic text Outlook shows (PR_SUPPLEMENTARY_INFO), and whose body
 * is the report text; a saved ordinary message gives its transport headers.
 */
import msgreaderModule, { type FieldsData } from '@kenjiuno/msgreader';
import { ExotraceError } from '../../model/errors.js';
import { parseHeaderBlock, type HeaderField } from '../headers/message-headers.js';
import { htmlToText } from './html-text.js';
import type { ParsedMessage, ReportRecipient } from './parsed-message.js';

// The package is CommonJS: under Node's ESM loader its class is the default export's `default`;
// loaders that apply the __esModule interop (vitest's) give the class itself.
type MsgReaderClass = typeof msgreaderModule.default;
const loaded = msgreaderModule as unknown as MsgReaderClass | { default: MsgReaderClass };
const MsgReader: MsgReaderClass = typeof loaded === 'function' ? loaded : loaded.default;

/** PR_SUPPLEMENTARY_INFO, as a Unicode string property */
const SUPPLEMENTARY_INFO = 0x0c1b001f;

interface MsgFields {
  subject?: string;
  body?: string;
  bodyHtml?: string;
  headers?: string;
  messageClass?: string;
  messageId?: string;
  senderEmail?: string;
  senderSmtpAddress?: string;
  senderName?: string;
  messageDeliveryTime?: string;
  clientSubmitTime?: string;
  email?: string;
  smtpAddress?: string;
  name?: string;
  recipients?: MsgFields[];
  attachments?: MsgFields[];
  innerMsgContent?: true;
  innerMsgContentFields?: MsgFields;
  supplementaryInfo?: string;
}

export function parseOutlookMsg(bytes: Uint8Array, source: string): ParsedMessage {
  let data: MsgFields & { error?: string };
  try {
    const reader = new MsgReader(
      bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer,
    );
    reader.parserConfig = {
      propertyObserver(fields: FieldsData, tag: number, raw: Uint8Array | null) {
        // Called for the string's own stream and again for its entry in the property stream
        // (8 bytes: its size): the stream holds the text.
        const kept = (fields as MsgFields & { supplementaryBytes?: number }).supplementaryBytes ?? 0;
        if (tag !== SUPPLEMENTARY_INFO || !raw || raw.length <= kept || raw.length === 8) return;
        (fields as MsgFields & { supplementaryBytes?: number }).supplementaryBytes = raw.length;
        (fields as MsgFields).supplementaryInfo = Buffer.from(raw.buffer, raw.byteOffset, raw.length)
          .toString('utf16le')
          .replace(/\0+$/, '');
      },
    };
    data = reader.getFileData() as MsgFields & { error?: string };
  } catch (e) {
    throw new ExotraceError(
      'EXO_INPUT_UNREADABLE',
      `this starts like an Outlook .msg file but cannot be read as one (${(e as Error).message}). Save the ` +
        `message again from Outlook, or save it as .eml.`,
      { source },
      { cause: e },
    );
  }
  if (data.error)
    throw new ExotraceError(
      'EXO_INPUT_UNREADABLE',
      `this starts like an Outlook .msg file but cannot be read as one (${data.error}). Save the message again ` +
        `from Outlook, or save it as .eml.`,
      { source },
    );

  const headers: HeaderField[] = data.headers ? parseHeaderBlock(data.headers.toWellFormed()) : [];
  const has = (name: string) => headers.some(([n]) => n.toLowerCase() === name);
  // A saved report often has no transport headers: its properties say what they would.
  if (!has('subject') && data.subject) headers.push(['Subject', data.subject]);
  if (!has('message-id') && data.messageId) headers.push(['Message-ID', data.messageId]);
  const from = data.senderSmtpAddress ?? (data.senderEmail?.includes('@') ? data.senderEmail : undefined);
  if (!has('from') && from) headers.push(['From', data.senderName ? `${data.senderName} <${from}>` : from]);
  const date = data.messageDeliveryTime ?? data.clientSubmitTime;
  if (!has('date') && date) headers.push(['Date', date]);

  const isReport = /^report\./i.test(data.messageClass ?? '');
  const reportRecipients: ReportRecipient[] = isReport
    ? (data.recipients ?? [])
        .map((r) => ({
          address: (r.smtpAddress ?? (r.email?.includes('@') ? r.email : '') ?? '').toWellFormed(),
          ...(r.supplementaryInfo ? { diagnostic: r.supplementaryInfo.toWellFormed() } : {}),
        }))
        .filter((r) => r.address)
    : [];

  // The returned message, when Outlook kept it as an embedded item: its transport headers.
  const inner = data.attachments?.find((a) => a.innerMsgContent)?.innerMsgContentFields;
  const returnedHeaders = inner?.headers
    ? parseHeaderBlock(inner.headers.toWellFormed())
    : inner
      ? innerHeaders(inner)
      : undefined;

  return {
    headers,
    text: (data.body ?? (data.bodyHtml ? htmlToText(data.bodyHtml) : '')).toWellFormed(),
    deliveryStatus: [],
    ...(returnedHeaders && returnedHeaders.length ? { returnedHeaders } : {}),
    ...(data.messageClass ? { messageClass: data.messageClass } : {}),
    ...(reportRecipients.length ? { reportRecipients } : {}),
  };
}

function innerHeaders(inner: MsgFields): HeaderField[] {
  const fields: HeaderField[] = [];
  if (inner.subject) fields.push(['Subject', inner.subject.toWellFormed()]);
  if (inner.messageId) fields.push(['Message-ID', inner.messageId.toWellFormed()]);
  const from = inner.senderSmtpAddress ?? (inner.senderEmail?.includes('@') ? inner.senderEmail : undefined);
  if (from) fields.push(['From', from.toWellFormed()]);
  return fields;
}
