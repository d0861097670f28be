/** The message trace API's requests, as Graph wants them written. */

/**
 * The filter both bounds of which Graph requires: [from, to], at most 10 days apart. Graph takes
 * whole seconds: the start is rounded down and the end up, so that no row of a fraction of a
 * second at either end is left out (a row read twice is stored once); the end never later than
 * `now` (a whole second), which Graph would refuse.
 */
export function receivedBetween(from: Date, to: Date, now = Number.POSITIVE_INFINITY): string {
  const second = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const end = Math.min(Math.ceil(to.getTime() / 1000), Math.floor(now / 1000)) * 1000;
  return `receivedDateTime ge ${second(Math.floor(from.getTime() / 1000) * 1000)} and receivedDateTime le ${second(end)}`;
}

/** The list call for one window: both bounds, the largest page Graph gives. */
export function listPath(from: Date, to: Date, now: number, top = 5000): string {
  return `/admin/exchange/tracing/messageTraces?$filter=${encodeURIComponent(receivedBetween(from, to, now))}&$top=${top}`;
}

/**
 * The detail call for one delivery: the address's quotes doubled (OData), the rest escaped for a
 * path, the @ as Graph's own examples write it.
 */
export function detailPath(traceId: string, recipient: string): string {
  const address = encodeURIComponent(recipient.replace(/'/g, "''")).replace(/%40/g, '@');
  return `/admin/exchange/tracing/messageTraces/${encodeURIComponent(traceId)}/getDetailsByRecipient(recipientAddress='${address}')`;
}
