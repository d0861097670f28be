/**
 * A message as trace events: a bounce gives one event per recipient it reports (failed, pending
 * for a delay, delivered for a relay or delivery notice), with the reply that explains it and the
 * returned message's facts; any other message gives the one delivery its headers describe.
 */
import type { MessageFacts, TraceEvent } from '../../model/trace.js';
import { normalizeAddress } from '../../normalize/fields.js';
import {
  decodeEncodedWords,
  directionOf,
  eventFromHeaders,
  firstAddress,
  type HeaderField,
} from '../headers/message-headers.js';
import { parseAntispamReport } from '../../classify/antispam-report.js';
import { isBounce, readBounce, type BounceAction } from './bounce.js';
import type { ParsedMessage } from './parsed-message.js';

export interface MessageEvents {
  events: TraceEvent[];
  bounce: boolean;
}

const get = (fields: readonly HeaderField[] | undefined, name: string): string | undefined =>
  fields?.find(([n]) => n.toLowerCase() === name)?.[1];

/** Prefixes Exchange and the large providers put before a bounced message's subject. */
const SUBJECT_PREFIX =
  /^\s*((undeliverable|undelivered mail returned to sender|unzustellbar|nicht zustellbar|non remis|non recapitabile|no se puede entregar|onbestelbaar|delayed|relayed|delivered|delivery status notification \((failure|delay)\)|returned mail|delivery failure)\s*:?\s*)+/i;

const MEANING: Record<BounceAction, Pick<TraceEvent, 'weight' | 'state'>> = {
  failed: { weight: 'final', state: 'failed' },
  delayed: { weight: 'defer', state: 'pending' },
  delivered: { weight: 'final', state: 'delivered' },
  relayed: { weight: 'final', state: 'delivered' },
  expanded: { weight: 'final', state: 'expanded' },
};

/** `line`: where the message starts in its file (1, or its line in an .mbox). */
export function eventsOfMessage(msg: ParsedMessage, source: string, line: number): MessageEvents {
  if (!isBounce(msg)) {
    const event = eventFromHeaders(msg.headers, source);
    return {
      events: event
        ? [
            {
              ...event,
              line,
              ...(event.messageKey === `headers:${source}` && line > 1
                ? { messageKey: `headers:${source}#${line}` }
                : {}),
            },
          ]
        : [],
      bounce: false,
    };
  }
  const bounce = readBounce(msg);
  const original = bounce.original;
  const messageId =
    get(original, 'message-id') ?? get(msg.headers, 'in-reply-to') ?? lastReference(get(msg.headers, 'references'));
  const networkMessageId =
    get(original, 'x-ms-exchange-organization-network-message-id') ??
    get(original, 'x-ms-exchange-crosstenant-network-message-id');
  const ndrSubject = get(msg.headers, 'subject');
  const subject = get(original, 'subject') ?? ndrSubject?.replace(SUBJECT_PREFIX, '');
  // the bounce goes back to whoever sent the message
  const sender = firstAddress(get(original, 'from')) || firstAddress(get(msg.headers, 'to'));
  const auth = get(original, 'authentication-results') ?? get(original, 'arc-authentication-results');
  const antispam = get(original, 'x-forefront-antispam-report');
  const messageKey = networkMessageId ?? messageId ?? `bounce:${source}#${line}`;
  const events = bounce.recipients.map((r): TraceEvent => {
    const facts: MessageFacts = {
      direction: directionFor(sender, r.address, get(original, 'x-ms-exchange-organization-messagedirectionality')),
      ...(messageId ? { messageId } : {}),
      ...(networkMessageId ? { networkMessageId } : {}),
      ...(subject ? { subject: decodeEncodedWords(subject) } : {}),
      ...(sender ? { sender } : {}),
    };
    return {
      source,
      line,
      format: 'headers',
      messageKey,
      recipient: normalizeAddress(r.address),
      event: `bounce: ${r.action}`,
      ...MEANING[r.action],
      ...(r.time !== undefined ? { time: r.time } : {}),
      ...(r.text && r.action !== 'delivered' && r.action !== 'relayed' && r.action !== 'expanded'
        ? { text: r.text }
        : {}),
      facts,
      ...(auth ? { auth } : {}),
      ...(antispam ? { filtering: parseAntispamReport(antispam) } : {}),
    };
  });
  return { events, bounce: true };
}

function lastReference(value: string | undefined): string | undefined {
  const ids = value?.match(/<[^<>]+>/g);
  return ids?.at(-1);
}

function directionFor(
  sender: string,
  recipient: string,
  directionality: string | undefined,
): MessageFacts['direction'] {
  const stated = directionOf(directionality);
  if (stated !== 'unknown') return stated;
  if (!sender || !recipient) return 'unknown';
  return sender.split('@')[1] === recipient.split('@')[1] ? 'internal' : 'outbound';
}
