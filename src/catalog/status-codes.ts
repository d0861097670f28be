/**
 * What an enhanced status code means, for the glossary a report's appendix gives: RFC 3463's
 * class, subject and detail (with RFC 3886/4954/7372 additions), which name every code Exchange
 * and the servers it talks to use. Exchange's own three-digit details (5.7.708, 5.1.10…) have no
 * RFC meaning beyond their subject; the cause catalog says what they are.
 */

const CLASSES: Readonly<Record<string, string>> = {
  '2': 'Success',
  '4': 'Temporary failure (retried)',
  '5': 'Permanent failure',
};

const SUBJECTS: Readonly<Record<string, string>> = {
  '0': 'other or undefined status',
  '1': 'addressing',
  '2': 'mailbox',
  '3': 'mail system',
  '4': 'network and routing',
  '5': 'mail delivery protocol',
  '6': 'message content or media',
  '7': 'security or policy',
};

const DETAILS: Readonly<Record<string, string>> = {
  '1.0': 'other address status',
  '1.1': 'bad destination mailbox address',
  '1.2': 'bad destination system address',
  '1.3': 'bad destination mailbox address syntax',
  '1.4': 'destination mailbox address ambiguous',
  '1.6': 'destination mailbox has moved, no forwarding address',
  '1.7': "bad sender's mailbox address syntax",
  '1.8': "bad sender's system address",
  '1.10': 'recipient address has a null MX',
  '2.0': 'other or undefined mailbox status',
  '2.1': 'mailbox disabled, not accepting messages',
  '2.2': 'mailbox full',
  '2.3': 'message length exceeds administrative limit',
  '2.4': 'mailing list expansion problem',
  '3.0': 'other or undefined mail system status',
  '3.1': 'mail system full',
  '3.2': 'system not accepting network messages',
  '3.3': 'system not capable of selected features',
  '3.4': 'message too big for system',
  '3.5': 'system incorrectly configured',
  '4.0': 'other or undefined network or routing status',
  '4.1': 'no answer from host',
  '4.2': 'bad connection',
  '4.3': 'directory server failure',
  '4.4': 'unable to route',
  '4.5': 'mail system congestion',
  '4.6': 'routing loop detected',
  '4.7': 'delivery time expired',
  '5.0': 'other or undefined protocol status',
  '5.1': 'invalid command',
  '5.2': 'syntax error',
  '5.3': 'too many recipients',
  '5.4': 'invalid command arguments',
  '5.5': 'wrong protocol version',
  '5.6': 'authentication exchange line too long',
  '6.0': 'other or undefined media error',
  '6.1': 'media not supported',
  '6.2': 'conversion required and prohibited',
  '6.3': 'conversion required but not supported',
  '6.4': 'conversion with loss performed',
  '6.5': 'conversion failed',
  '7.0': 'other or undefined security status',
  '7.1': 'delivery not authorized, message refused',
  '7.2': 'mailing list expansion prohibited',
  '7.3': 'security conversion required but not possible',
  '7.4': 'security features not supported',
  '7.5': 'cryptographic failure',
  '7.6': 'cryptographic algorithm not supported',
  '7.7': 'message integrity failure',
  '7.8': 'authentication credentials invalid',
  '7.9': 'authentication mechanism is too weak',
  '7.10': 'encryption needed',
  '7.11': 'encryption required for requested authentication mechanism',
  '7.12': 'a password transition is needed',
  '7.13': 'user account disabled',
  '7.14': 'trust relationship required',
  '7.15': 'priority level is too low',
  '7.16': 'message is too big for the specified priority',
  '7.17': 'mailbox owner has changed',
  '7.18': 'domain owner has changed',
  '7.19': 'RRVS test cannot be completed',
  '7.20': 'no passing DKIM signature found',
  '7.21': 'no acceptable DKIM signature found',
  '7.22': 'no valid author-matched DKIM signature found',
  '7.23': 'SPF validation failed',
  '7.24': 'SPF validation error',
  '7.25': 'reverse DNS validation failed',
  '7.26': 'multiple authentication checks failed',
  '7.27': 'sender address has a null MX',
  '7.28': 'mail flood detected',
  '7.29': 'ARC validation failure',
  '7.30': 'REQUIRETLS support required',
};

/** `x.y.z` in words ("Permanent failure, addressing: bad destination mailbox address"); undefined if not one. */
export function statusCodeMeaning(code: string): string | undefined {
  const m = /^([245])\.(\d{1,3})\.(\d{1,3})$/.exec(code);
  if (!m) return undefined;
  const subject = SUBJECTS[m[2]!];
  if (!subject) return undefined;
  const detail = DETAILS[`${m[2]}.${m[3]}`];
  const head = `${CLASSES[m[1]!]}, ${subject}`;
  return detail ? `${head}: ${detail}` : `${head} (a code of the server's own)`;
}
