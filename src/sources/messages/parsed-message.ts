/**
 * One message as the message readers see it, whatever file it came from (.eml, a message of an
 * .mbox, an Outlook .msg): its header fields, its text, and the parts a bounce carries (the
 * delivery-status report, the returned message's headers). Plain data; strings well-formed.
 */
import PostalMime from 'postal-mime';
import type { HeaderField } from '../headers/message-headers.js';
import { parseHeaderBlock } from '../headers/message-headers.js';
import { htmlToText } from './html-text.js';

export interface ReportRecipient {
  address: string;
  /** the diagnostic text Outlook keeps per recipient of a report (PR_SUPPLEMENTARY_INFO) */
  diagnostic?: string;
}

export interface ParsedMessage {
  headers: HeaderField[];
  /** the text body, or the HTML body as text */
  text: string;
  /** message/delivery-status (RFC 3464) and message/global-delivery-status parts, as text */
  deliveryStatus: string[];
  /** the returned message's header fields (text/rfc822-headers or message/rfc822), when included */
  returnedHeaders?: HeaderField[];
  /** Outlook's message class (REPORT.IPM.Note.NDR…), for .msg files */
  messageClass?: string;
  /** an Outlook report's recipient table */
  reportRecipients?: ReportRecipient[];
}

/** A message larger than this is read on its first part only: a bounce's report comes before the returned message. */
export const MAX_MESSAGE_BYTES = 32 * 1024 * 1024;

const REPORT_TYPES = new Set(['message/delivery-status', 'message/global-delivery-status']);
const RETURNED_HEADER_TYPES = new Set([
  'text/rfc822-headers',
  'message/global-headers',
  'message/rfc822',
  'message/global',
]);

function textOf(content: ArrayBuffer | Uint8Array | string): string {
  if (typeof content === 'string') return content;
  return new TextDecoder('utf-8', { fatal: false }).decode(
    content instanceof Uint8Array ? content : new Uint8Array(content),
  );
}

/** Parses a MIME message (RFC 5322 with RFC 2045–2049 parts) with postal-mime. */
export async function parseMimeMessage(bytes: Uint8Array): Promise<ParsedMessage> {
  const email = await PostalMime.parse(bytes, {
    attachmentEncoding: 'arraybuffer',
    forceRfc822Attachments: true,
    maxNestingDepth: 64,
  });
  const headers: HeaderField[] = email.headers.map((h) => [
    h.originalKey ?? h.key,
    h.value.replace(/\s+/g, ' ').trim().toWellFormed(),
  ]);
  const deliveryStatus: string[] = [];
  let returnedHeaders: HeaderField[] | undefined;
  for (const a of email.attachments) {
    const type = a.mimeType.toLowerCase();
    if (REPORT_TYPES.has(type)) deliveryStatus.push(textOf(a.content).toWellFormed());
    else if (!returnedHeaders && RETURNED_HEADER_TYPES.has(type)) {
      const fields = parseHeaderBlock(textOf(a.content).toWellFormed());
      if (fields.length > 0) returnedHeaders = fields;
    }
  }
  const text = (email.text ?? (email.html ? htmlToText(email.html) : '')).toWellFormed();
  return { headers, text, deliveryStatus, ...(returnedHeaders ? { returnedHeaders } : {}) };
}
