/**
 * Failure-text normalization: find the SMTP reply inside the wrappers Exchange and other
 * software put around it, and the codes and tags in it. Pure string work.
 *
 * Shapes handled (shared/research/taxonomy.md §0 and §1):
 *   Reason: [{LED=550 5.1.10 RESOLVER…; text};{MSG=};{FQDN=host};{IP=ip};{LRT=time}]. OutboundProxy…
 *   {[{LRT=};{LED=550 5.7.1 …};{FQDN=};{IP=}]}            older on-premises field order
 *   Remote Server returned '554 5.7.0 < #5.7.133 smtp;550 5.7.133 RESOLVER…>'
 *   6/19/2018 7:26:11 AM - Server at mx.example.com (192.0.2.1) returned '450 4.4.316 …'  (retry history: the last
 * wins)
 *   #550 5.4.1 Relay Access Denied ##
 *   host mx.example.com[192.0.2.1] said: 550 5.1.1 … (in reply to RCPT TO command)   (Postfix)
 *   SMTP error from remote mail server after RCPT TO:<x>: 550 …                       (Exim)
 *   … The server response was: 5.7.57 …                                                 (.NET SmtpClient)
 *   550-5.7.26 first line 550-5.7.26 second line 550 5.7.26 last line                  (flattened multi-line reply)
 */

export interface DetailText {
  /** the reply that explains the failure: innermost, without wrappers, multi-line prefixes folded */
  core: string;
  /** basic SMTP reply code of that reply, e.g. 550 */
  basicCode?: string;
  /** enhanced status code of that reply, e.g. 5.1.10 */
  enhancedCode?: string;
  /** every enhanced code found in the whole text, outermost first */
  enhancedCodes: string[];
  /** Microsoft/EOP and provider rule tags: AS16012609, S3150, ATTR36, PRX4, TSS04… */
  tags: string[];
  /** remote host named by the wrapper, if any */
  remoteHost?: string;
}

const ENHANCED = /(?<![\d.])([245])\.(\d{1,3})\.(\d{1,3})(?![\d.]*\d)/g;
const FIRST_ENHANCED = new RegExp(ENHANCED.source);
const BASIC_AT_START = /^[#\s]*([245]\d\d)(?=[\s-]|$)/;
const BASIC_ANYWHERE = /(?<![\d.:\w])([245]\d\d)[ -](?=[245]\.\d)/;
const TAGS = /\b(AS\(?\d{3,}\)?|A?S\d{3,5}|ATTR\d+|PRX\d+|IB\d{3}|TSS\d{2}|OU-\d{3}|BL\d{2}|CS\d{2})\b/g;

export function parseDetailText(raw: string): DetailText {
  // most replies are one line with single spaces already: test before rewriting
  let core = (/\s\s|[^\S ]/.test(raw) ? raw.replace(/\s+/g, ' ') : raw).trim();
  let remoteHost: string | undefined;

  const led = /\bLED=/i.exec(core);
  if (led) {
    const fqdn = /\{FQDN=([^};]*)\}/i.exec(core);
    if (fqdn?.[1]) remoteHost = fqdn[1];
    const rest = core.slice(led.index + 4);
    // The LED value ends where the next {FIELD= starts (";{MSG=") or where the list closes ("}]").
    const end = rest.search(/\};\{[A-Z]+=|\}\]/i);
    core = (end === -1 ? rest : rest.slice(0, end)).trim();
  }

  // Each wrapper is looked for only when its marker word is there: this runs once per distinct
  // failure text, and a large export has tens of thousands of them.
  const lower = core.toLowerCase();

  // Retry histories hold several "returned '…'" parts; the last is the latest attempt.
  const returned =
    lower.indexOf('returned') === -1
      ? []
      : [...core.matchAll(/(?:server at (\S+)[^']*?)?returned '([^']*(?:'(?!\s*(?:$|\d{1,2}\/))[^']*)*)'/gi)];
  const lastReturned = returned[returned.length - 1];
  if (lastReturned?.[2]) {
    if (lastReturned[1]) remoteHost = lastReturned[1];
    core = lastReturned[2];
  }

  const hashed = core.charCodeAt(0) === 35 /* # */ ? /^#\s*([\s\S]*?)\s*##/.exec(core) : null;
  if (hashed?.[1]) core = hashed[1];

  const said =
    lower.indexOf('said:') === -1
      ? null
      : (/\bhost (\S+?)(?:\[[^\]]*\])? said:\s*([\s\S]*)$/i.exec(core) ??
        /\bremote host said:\s*([\s\S]*)$/i.exec(core));
  if (said) {
    if (said.length === 3) {
      remoteHost = said[1];
      core = said[2]!;
    } else core = said[1]!;
    core = core.replace(/\s*\(in reply to [^)]*\)\s*$/i, '');
  }
  const exim =
    lower.indexOf('smtp error from') === -1
      ? null
      : /SMTP error from remote (?:mail server|mailer) after [^:]*:(?:<[^>]*>:)?\s*(?:host (\S+)[^:]*:\s*)?([\s\S]*)$/i.exec(
          core,
        );
  if (exim?.[2]) {
    if (exim[1]) remoteHost = exim[1];
    core = exim[2];
  }
  const library =
    lower.indexOf('server response was') === -1 ? null : /\bThe server response was:\s*([\s\S]*)$/i.exec(core);
  if (library?.[1]) core = library[1];

  // "< #5.7.133 smtp;550 5.7.133 text>": the part after smtp; is the remote's own reply.
  const nested =
    lower.indexOf('smtp;') === -1
      ? null
      : /<?\s*#?[245]\.\d{1,3}\.\d{1,3}\s+smtp;\s*([\s\S]*?)>?\s*(?:#SMTP#)?$/i.exec(core);
  if (nested?.[1] && (!/^[245]\d\d[ -]/.test(core) || /<\s*#?[245]\.\d/.test(core))) core = nested[1];
  core = core.replace(/^(?:diagnostic-code:\s*)?smtp;\s*/i, '').replace(/^status code:\s*/i, '');

  core = foldMultiline(core).trim();

  // exec loops, not matchAll: this runs once per new reply shape, and the iterators cost more than the scans
  const enhancedCodes: string[] = [];
  ENHANCED.lastIndex = TAGS.lastIndex = 0; // each loop runs to its end, which resets them; this says so
  for (let m = ENHANCED.exec(raw); m; m = ENHANCED.exec(raw)) enhancedCodes.push(`${m[1]}.${m[2]}.${m[3]}`);
  const tags: string[] = [];
  for (let m = TAGS.exec(raw); m; m = TAGS.exec(raw)) {
    const tag = m[1]!.replace(/[()]/g, '');
    if (!tags.includes(tag)) tags.push(tag);
  }
  const out: DetailText = { core, enhancedCodes, tags };
  // The core's first code is the reply's own; later ones are quoted inside it ([Message=451 4.4.0 …]).
  const own = FIRST_ENHANCED.exec(core);
  const enhanced = own ? `${own[1]}.${own[2]}.${own[3]}` : enhancedCodes[enhancedCodes.length - 1];
  if (enhanced) out.enhancedCode = enhanced;
  const basic = BASIC_AT_START.exec(core) ?? BASIC_ANYWHERE.exec(core);
  if (basic?.[1]) out.basicCode = basic[1];
  if (remoteHost) out.remoteHost = remoteHost;
  return out;
}

/** `550-5.7.26 a 550-5.7.26 b 550 5.7.26 c` → `550 5.7.26 a b c`: one reply, as the server meant it. */
function foldMultiline(s: string): string {
  const first = /^([245]\d\d)-([245]\.\d{1,3}\.\d{1,3}\s+)?/.exec(s);
  if (!first) return s;
  const code = first[1]!;
  const prefix = new RegExp(`\\s${code}[- ](?:${(first[2] ?? '').trim().replace(/\./g, '\\.') || 'x^'}\\s*)?`, 'g');
  const body = s.slice(first[0].length).replace(prefix, ' ').replace(/\s+/g, ' ');
  return `${code} ${first[2] ?? ''}${body}`.replace(/\s+/g, ' ');
}
