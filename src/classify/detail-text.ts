/**
 * Failure-text normalization: find the SMTP reply inside the wrappers Exchange puts around it,
 * and the codes in it. Pure string work.
 *
 * Shapes handled (shared/research/taxonomy.md §0):
 *   Reason: [{LED=550 5.1.10 RESOLVER…; text};{MSG=};{FQDN=host};{IP=ip};{LRT=time}]. OutboundProxy…
 *   {[{LRT=};{LED=550 5.7.1 …};{FQDN=};{IP=}]}            (older on-premises field order)
 *   Remote Server returned '554 5.7.0 < #5.7.133 smtp;550 5.7.133 RESOLVER.RST…>'
 *   #550 5.4.1 Relay Access Denied ##
 */

export interface DetailText {
  /** the reply text that explains the failure (innermost, without wrappers) */
  core: string;
  /** basic SMTP reply code of the innermost reply, e.g. 550 */
  basicCode?: string;
  /** enhanced status code of the innermost reply, e.g. 5.1.10 */
  enhancedCode?: string;
  /** every enhanced code found, outermost first */
  enhancedCodes: string[];
  /** remote host named in the LED wrapper, if any */
  remoteHost?: string;
}

const ENHANCED = /(?<![\d.])([245])\.(\d{1,3})\.(\d{1,3})(?![\d.]*\d)/g;
const BASIC = /(?<![\d.])([245]\d\d)(?=[ -]|$)/;

export function parseDetailText(raw: string): DetailText {
  let core = raw.trim();
  let remoteHost: string | undefined;

  const led = /LED=/i.exec(core);
  if (led) {
    const fqdn = /\{FQDN=([^};]*)\}/i.exec(core);
    if (fqdn?.[1]) remoteHost = fqdn[1];
    const rest = core.slice(led.index + 4);
    // The LED value ends where the next {FIELD= starts (";{MSG=") or where the list closes ("}]").
    const end = rest.search(/\};\{[A-Z]+=|\}\]/i);
    core = (end === -1 ? rest : rest.slice(0, end)).trim();
  }

  const returned = /returned '([\s\S]*)'/i.exec(core);
  if (returned?.[1]) core = returned[1];

  const hashed = /^#\s*([\s\S]*?)\s*##/.exec(core);
  if (hashed?.[1]) core = hashed[1];

  // "< #5.7.133 smtp;550 5.7.133 text>": the part after smtp; is the remote's own reply.
  const nested = /<\s*#?[245]\.\d{1,3}\.\d{1,3}\s+smtp;\s*([\s\S]*?)>?\s*$/i.exec(core);
  if (nested?.[1]) core = nested[1];
  else if (/^smtp;/i.test(core)) core = core.slice(5).trim();

  const enhancedCodes = [...raw.matchAll(ENHANCED)].map((m) => `${m[1]}.${m[2]}.${m[3]}`);
  const coreCodes = [...core.matchAll(ENHANCED)].map((m) => `${m[1]}.${m[2]}.${m[3]}`);
  const basic = BASIC.exec(core);
  const out: DetailText = { core, enhancedCodes };
  // The first code of the core is the reply's own; later ones are quoted inside it
  // ([Message=451 4.4.0 …]), except in flattened multi-line replies where they repeat it.
  const enhanced = coreCodes[0] ?? enhancedCodes[enhancedCodes.length - 1];
  if (enhanced) out.enhancedCode = enhanced;
  if (basic?.[1]) out.basicCode = basic[1];
  if (remoteHost) out.remoteHost = remoteHost;
  return out;
}
