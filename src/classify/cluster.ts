/**
 * A cluster key for texts the classifier does not recognize: the reply with everything that
 * varies per message masked (addresses, IPs, ids, host names, numbers), so that a thousand
 * bounces of one new kind show up as one line with a count. Pure.
 */
import { parseDetailText } from './detail-text.js';

const MASKS: Array<[RegExp, string]> = [
  [/<[^<>\s]+@[^<>\s]+>|[\w.+'-]+@[\w-]+(\.[\w-]+)+/g, '<address>'],
  [/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, '<id>'],
  [/\b\d{4}-\d{2}-\d{2}[T ][\d:.]+Z?/g, '<time>'],
  [/\b\d{1,2}\/\d{1,2}\/\d{4} \d{1,2}:\d{2}(:\d{2})?( [AP]M)?/gi, '<time>'],
  [/\[?(\d{1,3}\.){3}\d{1,3}(:\d+)?\]?/g, '<ip>'],
  [/\[?\b[0-9a-f]{1,4}(:[0-9a-f]{0,4}){2,7}::?[0-9a-f]{0,4}\]?|\[?\b[0-9a-f]{1,4}::[0-9a-f:]*\]?/gi, '<ip>'],
  [/\b(?=[\w-]*\d)(?=[\w-]*[a-z])[\w-]{6,}\b/gi, '<id>'],
  [/\b([a-z0-9-]+\.){2,}[a-z]{2,}\b/gi, '<host>'],
  [/(?<![\w.])\d{3,}(?![\d.]*\d)/g, '<n>'],
];

export function clusterKey(text: string): string {
  const detail = parseDetailText(text);
  // Keep the reply's own codes: they are what a reader looks up.
  const codes = [detail.basicCode, detail.enhancedCode].filter(Boolean).join(' ');
  let body = detail.core;
  if (codes && body.startsWith(codes)) body = body.slice(codes.length);
  for (const [re, mask] of MASKS) body = body.replace(re, mask);
  body = body.replace(/\s+/g, ' ').trim();
  if (body.length > 200) body = body.slice(0, 199) + '…';
  return codes ? `${codes} ${body}` : body;
}
