/**
 * Small pure readers for the multi-valued and coded columns of the exports.
 */
import type { AgentEntry, DeliveryState, Direction } from '../model/trace.js';

/** `1`/`2` (EAC summary), `Incoming`/`Originating` (tracking-log style), `Inbound`/`Outbound`. */
export function parseDirection(raw: string | undefined): Direction {
  switch ((raw ?? '').trim().toLowerCase()) {
    case '1':
    case 'incoming':
    case 'inbound':
      return 'inbound';
    case '2':
    case 'originating':
    case 'outbound':
      return 'outbound';
    case 'intraorg':
    case 'internal':
      return 'internal';
    default:
      return 'unknown';
  }
}

/** An address as a delivery key: trimmed, angle brackets and `SMTP:` prefix removed, lower-cased. */
export function normalizeAddress(raw: string): string {
  const first = raw.charCodeAt(0);
  // The usual case, a bare lower-case address: nothing to strip, nothing to allocate.
  if (first !== 60 /* < */ && first !== 32 && first !== 115 /* s */ && first !== 83 /* S */ && raw.charCodeAt(raw.length - 1) !== 32) {
    return hasUpperCase(raw) ? raw.toLowerCase() : raw;
  }
  let s = raw.trim();
  if (s.startsWith('<') && s.endsWith('>')) s = s.slice(1, -1).trim();
  if (/^smtp:/i.test(s)) s = s.slice(5);
  return s.toLowerCase();
}

function hasUpperCase(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c >= 65 && c <= 90) || c > 127) return true;
  }
  return false;
}

/**
 * For a field read in place: how many addresses splitAddresses would give for the `;` list
 * `text[start, end)` when it gives each back exactly as written, else 0. That is: none empty, no
 * `,`, no upper-case or non-ASCII character, nothing to trim, no `<` or `smtp:` to strip (the
 * rules of normalizeAddress above). One pass over the field, none past it.
 */
export function plainAddressCount(text: string, start: number, end: number): number {
  let count = 0;
  let from = start;
  for (let i = start; i <= end; i++) {
    const c = i === end ? 59 : text.charCodeAt(i);
    if (c === 59 /* ; */) {
      // an address ends: check its ends
      if (i === from) return 0;
      const first = text.charCodeAt(from);
      if (first === 60 /* < */ || first <= 32 || text.charCodeAt(i - 1) <= 32) return 0;
      if ((first === 115 || first === 83) && i - from >= 5 && text.slice(from, from + 5).toLowerCase() === 'smtp:') return 0;
      count++;
      from = i + 1;
    } else if (c === 44 /* , */ || (c >= 65 && c <= 90) || c > 127) return 0;
  }
  return count;
}

/** `a@x;b@y` (also `,` separated, which PowerShell joins arrays with) into addresses. */
export function splitAddresses(raw: string | undefined): string[] {
  if (!raw) return [];
  if (raw.indexOf(';') === -1 && raw.indexOf(',') === -1) {
    const a = normalizeAddress(raw);
    return a ? [a] : [];
  }
  const out: string[] = [];
  for (const part of raw.split(/[;,]/)) {
    const a = normalizeAddress(part);
    if (a) out.push(a);
  }
  return out;
}

/**
 * The extended report's recipient_status: one entry per recipient, separated by `;`, in the order
 * of recipient_address. The failure texts themselves contain `;`
 * (`[{LED=550 5.1.10 RESOLVER.ADR.RecipientNotFound; not found};{MSG=};…]`), so a `;` splits only
 * outside brackets, and only as many times as there are recipients: with one recipient the whole
 * cell is its status (`550 4.4.7 QUEUE.Expired;<error text>` stays whole).
 */
export function splitRecipientStatus(raw: string, recipients: number): string[] {
  const s = raw.trim();
  if (recipients <= 1 || !s) return [s];
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 91 || c === 123) depth++; // [ {
    else if ((c === 93 || c === 125) && depth > 0) depth--; // ] }
    else if (c === 59 && depth === 0) {
      parts.push(s.slice(start, i).trim());
      start = i + 1;
    }
  }
  parts.push(s.slice(start).trim());
  if (parts.length <= recipients) return parts;
  // More pieces than recipients: a piece that does not start like a status continues the previous one.
  const merged: string[] = [];
  for (const part of parts) {
    if (merged.length > 0 && (merged.length >= recipients || !STATUS_START.test(part))) {
      merged[merged.length - 1] += ';' + part;
    } else merged.push(part);
  }
  return merged;
}
const STATUS_START = /^(\d{3}[ -]|\[|\{|to$|cc$|bcc$|[A-Za-z]+:)/i;

/**
 * Enhanced summary / Summary `recipient_status`: `addr##Receive, Deliver;addr2##Receive, Fail`.
 * Returns each recipient with its event words.
 */
export function splitSummaryStatus(raw: string): Array<{ recipient: string; events: string }> {
  const out: Array<{ recipient: string; events: string }> = [];
  for (const entry of raw.split(';')) {
    const sep = entry.indexOf('##');
    if (sep === -1) {
      if (entry.trim()) out.push({ recipient: '', events: entry.trim() });
      continue;
    }
    out.push({ recipient: normalizeAddress(entry.slice(0, sep)), events: entry.slice(sep + 2).trim() });
  }
  return out;
}

/**
 * The state a list of summary events ends in (`Receive, Send` → delivered). The last word that
 * decides wins, since the list is in the order the events happened.
 */
export function stateFromEventWords(events: string): DeliveryState | undefined {
  let state: DeliveryState | undefined;
  for (const word of events.split(',')) {
    const s = stateFromStatusWord(word);
    if (s) state = s;
  }
  return state;
}

/**
 * One status or event word, as Get-MessageTrace, Graph and the summary CSVs write it
 * (case-insensitive). Words that do not decide a state (Receive, Submit) give undefined.
 */
export function stateFromStatusWord(word: string): DeliveryState | undefined {
  switch (word.trim().toLowerCase().replace(/\s+/g, '')) {
    case 'delivered':
    case 'deliver':
    case 'send':
    case 'sent':
    case 'sendexternal':
      return 'delivered';
    case 'failed':
    case 'fail':
    case 'failure':
      return 'failed';
    case 'pending':
    case 'defer':
    case 'deferred':
    case 'gettingstatus':
      return 'pending';
    case 'expanded':
    case 'expand':
      return 'expanded';
    case 'quarantined':
    case 'quarantine':
      return 'quarantined';
    case 'filteredasspam':
    case 'spam':
      return 'filteredAsSpam';
    case 'none':
    case 'drop':
    case 'dropped':
    case 'recalled':
      return 'dropped';
    default:
      return undefined;
  }
}

/**
 * custom_data: `S:SFA=SUM|SFV=SPM|SCL=9|SFS=1|SFS=2;S:AMA=SUM|v=1|action=b;S:DeliveryPriority=Normal`.
 * Entries are split on `;` only where a new `S:` entry starts, so a value holding `;` survives.
 */
export function parseCustomData(raw: string | undefined): AgentEntry[] {
  if (!raw) return [];
  const out: AgentEntry[] = [];
  for (const entry of raw.split(/;(?=\s*S:)/)) {
    const e = entry.trim().replace(/;$/, '');
    if (!e.startsWith('S:')) continue;
    const eq = e.indexOf('=');
    const agent = (eq === -1 ? e.slice(2) : e.slice(2, eq)).trim();
    const body = eq === -1 ? '' : e.slice(eq + 1);
    const pieces = body.split('|');
    let kind = '';
    const fields: Array<[string, string]> = [];
    pieces.forEach((piece, i) => {
      const kv = piece.indexOf('=');
      if (kv === -1) {
        if (i === 0) kind = piece;
        else if (piece) fields.push([piece, '']);
      } else fields.push([piece.slice(0, kv), piece.slice(kv + 1)]);
    });
    out.push({ agent, kind, fields });
  }
  return out;
}

/**
 * Authentication results some extended exports carry in custom_data (`S:SPF=Fail;S:DKIM=None;
 * S:DMARC=Fail;S:CompAuth=fail|reason=001`, a form reported by third parties and not documented
 * by Microsoft), rewritten as an Authentication-Results value so one parser reads every source.
 */
export function authFromAgents(agents: readonly AgentEntry[]): string | undefined {
  const parts: string[] = [];
  for (const method of ['SPF', 'DKIM', 'DMARC', 'CompAuth'] as const) {
    const entry = agents.find((a) => a.agent.toLowerCase() === method.toLowerCase());
    if (!entry) continue;
    const field = (k: string) => entry.fields.find(([key]) => key.toLowerCase() === k)?.[1];
    const result = (entry.kind || field('result') || field('r') || '').trim().toLowerCase();
    if (!/^[a-z.]+$/.test(result)) continue;
    let part = `${method.toLowerCase()}=${result}`;
    const reason = field('reason');
    const action = field('action');
    if (reason) part += ` reason=${reason}`;
    if (action) part += ` action=${action}`;
    parts.push(part);
  }
  return parts.length ? parts.join('; ') : undefined;
}

/** A failure/status text is worth keeping only when it says more than a recipient-type word. */
export function meaningfulStatus(text: string): string | undefined {
  const t = text.trim();
  if (!t || /^(to|cc|bcc)$/i.test(t)) return undefined;
  return t;
}

/** Does a status text carry an SMTP failure code (4xx/5xx)? */
export function hasFailureCode(text: string): boolean {
  return /(^|[^\d.])[45]\d\d[ -][45]\.\d{1,3}\.\d{1,3}|(^|[^\d.])[45]\.\d{1,3}\.\d{1,3}\b|(^|\s|=)[45]\d\d\s/.test(text);
}
