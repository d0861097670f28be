/**
 * Sending a report by mail through Microsoft Graph: POST /users/{from}/sendMail, with the
 * application permission Mail.Send and the same sign-in as the scan. The page is the body; it is
 * also attached as a file (mail clients drop inline SVG, so the charts show when it is opened in
 * a browser), with the PDF when asked for.
 */
import { ExotraceError } from '../model/errors.js';
import type { TenantConfig } from './config.js';
import type { GraphSession } from './graph-client.js';

export interface MailAttachment {
  name: string;
  contentType: string;
  bytes: Uint8Array;
}

export interface ReportMail {
  from: string;
  to: readonly string[];
  subject: string;
  html: string;
  attachments: readonly MailAttachment[];
}

/** Graph takes a sendMail request of up to 4 MB; larger attachments need an upload session. */
export const MAX_SENDMAIL_BYTES = 4 * 1024 * 1024;

/** The sendMail request body (Graph's message resource). */
export function sendMailBody(mail: ReportMail): object {
  return {
    message: {
      subject: mail.subject,
      body: { contentType: 'HTML', content: mail.html },
      toRecipients: mail.to.map((address) => ({ emailAddress: { address } })),
      attachments: mail.attachments.map((a) => ({
        '@odata.type': '#microsoft.graph.fileAttachment',
        name: a.name,
        contentType: a.contentType,
        contentBytes: Buffer.from(a.bytes).toString('base64'),
      })),
    },
    saveToSentItems: true,
  };
}

export async function sendReportMail(graph: GraphSession, tenant: TenantConfig, mail: ReportMail): Promise<void> {
  const body = sendMailBody(mail);
  const size = Buffer.byteLength(JSON.stringify(body));
  if (size > MAX_SENDMAIL_BYTES)
    throw new ExotraceError(
      'EXO_GRAPH_REQUEST_FAILED',
      `the mail would be ${(size / 1048576).toFixed(1)} MB, more than the 4 MB Graph's sendMail takes: ` +
        'leave out the PDF (--mail-pdf), or report a shorter period.',
      { source: tenant.name },
    );
  try {
    await graph.post(`/users/${encodeURIComponent(mail.from)}/sendMail`, body);
  } catch (e) {
    if (!(e instanceof ExotraceError)) throw e;
    if (e.code === 'EXO_GRAPH_FORBIDDEN')
      throw new ExotraceError(
        'EXO_GRAPH_FORBIDDEN',
        `Graph refused to send as ${mail.from} (403): the app ${tenant.clientId} needs the ` +
          'application permission Mail.Send (Microsoft Graph, Application) with admin consent; an application access ' +
          'policy (New-ApplicationAccessPolicy) may also limit the mailboxes it can send as.',
        { source: tenant.name },
        { cause: e },
      );
    if (/\b404\b|ErrorInvalidUser|ResourceNotFound/.test(e.message))
      throw new ExotraceError(
        'EXO_GRAPH_REQUEST_FAILED',
        `there is no mailbox ${mail.from} in tenant ${tenant.name} to send from: --mail-from names a mailbox ` +
          '(a user or shared mailbox) of the tenant that signs in.',
        { source: tenant.name },
        { cause: e },
      );
    throw e;
  }
}
