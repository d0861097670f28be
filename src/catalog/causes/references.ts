/** Reference links shared by several causes. */
export const NDR_DOC =
  'https://learn.microsoft.com/exchange/troubleshoot/email-delivery/ndr/non-delivery-reports-in-exchange-online';

/** A page of Microsoft's NDR troubleshooting set, by its file name. */
export function ndrPage(name: string): string {
  return `https://learn.microsoft.com/exchange/troubleshoot/email-delivery/ndr/${name}`;
}
