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
  if (
    first !== 60 /* < */ &&
    first !== 32 &&
    first !== 115 /* s */ &&
    first !== 83 /* S */ &&
    raw.charCodeAt(raw.length - 1) !== 32
  ) {
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
      if ((first === 115 || first === 83) && i - from >= 5 && text.slice(from, from + 5).toLowerCase() === 'smtp:')
        return 0;
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
    if (c === 91 || c === 123)
      depth++; // [ {
    else if ((c === 93 || c === 125) && depth > 0)
      depth--; // ] }
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
 * decides wins, since the list is in the order the events happened. Words exotrace does not know
 * are returned in `unknown` (the caller reports them); when no known word decides, a list with an
 * unknown word ends in state `unknown`, never silently in `pending`.
 */
export function stateFromEventWords(events: string): { state: DeliveryState | undefined; unknown: string[] } {
  let state: DeliveryState | undefined;
  const unknown: string[] = [];
  for (const raw of events.split(',')) {
    const word = raw.trim();
    if (!word) continue;
    const s = statusWordState(word);
    if (s === undefined) unknown.push(word);
    else if (s !== NO_STATE) state = s;
  }
  return { state: state ?? (unknown.length ? 'unknown' : undefined), unknown };
}

/** A known status or event word that does not decide a delivery's state (Receive, Submit…). */
const NO_STATE = 'no-state' as const;

/**
 * Status and event words as Get-MessageTrace(V2), Graph and the summary CSVs write them, and as
 * the Exchange admin center shows them in other languages (an "Export results" of a localized
 * admin center writes its display words). Keys are lower-case with spaces removed.
 * The translations are the admin center's words as localized consoles show them; a word missing
 * here is reported, never guessed.
 */
const STATUS_WORDS: ReadonlyMap<string, DeliveryState | typeof NO_STATE> = new Map<
  string,
  DeliveryState | typeof NO_STATE
>([
  // English (Get-MessageTrace -Status values, Graph `status`, summary event words)
  ...words('delivered', ['delivered', 'deliver', 'send', 'sent', 'sendexternal', 'duplicatedeliver']),
  ...words('failed', ['failed', 'fail', 'failure', 'badmail']),
  ...words('pending', ['pending', 'defer', 'deferred', 'gettingstatus']),
  ...words('expanded', ['expanded', 'expand']),
  ...words('quarantined', ['quarantined', 'quarantine']),
  ...words('filteredAsSpam', ['filteredasspam', 'spam']),
  ...words('dropped', ['none', 'drop', 'dropped', 'recalled']),
  // Graph's placeholder for a value newer than the client: a state exotrace cannot name
  ...words('unknown', ['unknownfuturevalue']),
  ...words(NO_STATE, [
    'receive',
    'received',
    'submit',
    'transfer',
    'resolve',
    'resolved',
    'redirect',
    'agentinfo',
    'transportrule',
    'malware',
    'dlprule',
    'journal',
    'advancedthreatprotection',
    'moderation',
    'poisonmessage',
  ]),
  // German
  ...words('delivered', ['zugestellt', 'übermittelt', 'gesendet']),
  ...words('failed', ['fehlgeschlagen', 'fehler', 'nichtzugestellt']),
  ...words('pending', ['ausstehend', 'verzögert', 'statuswirdabgerufen']),
  ...words('expanded', ['erweitert']),
  ...words('quarantined', ['unterquarantäne', 'quarantäne', 'inquarantäne']),
  ...words('filteredAsSpam', ['alsspamgefiltert']),
  ...words('dropped', ['keine']),
  ...words(NO_STATE, ['empfangen', 'übermittlung']),
  // French
  ...words('delivered', ['remis', 'distribué', 'envoyé']),
  ...words('failed', ['échec', 'échoué']),
  ...words('pending', ['enattente', 'différé']),
  ...words('expanded', ['développé']),
  ...words('quarantined', ['misenquarantaine', 'enquarantaine']),
  ...words('filteredAsSpam', ['filtrécommecourrierindésirable', 'filtréentantquecourrierindésirable']),
  ...words(NO_STATE, ['reçu']),
  // Spanish and Portuguese
  ...words('delivered', ['entregado', 'entregue']),
  ...words('failed', ['error', 'erróneo', 'conerrores', 'falha', 'falhou']),
  ...words('pending', ['pendiente', 'pendente']),
  ...words('expanded', ['expandido']),
  ...words('quarantined', ['encuarentena', 'emquarentena']),
  ...words('filteredAsSpam', ['filtradocomocorreonodeseado', 'filtradocomospam', 'filtradocomolixoeletrônico']),
  ...words(NO_STATE, ['recibido', 'recebido']),
  // Italian
  ...words('delivered', ['recapitato', 'consegnato']),
  ...words('failed', ['nonriuscito', 'errore']),
  ...words('pending', ['insospeso']),
  ...words('expanded', ['espanso']),
  ...words('quarantined', ['inquarantena']),
  ...words('filteredAsSpam', ['filtratocomepostaindesiderata']),
  ...words(NO_STATE, ['ricevuto']),
  // Dutch
  ...words('delivered', ['bezorgd', 'afgeleverd']),
  ...words('failed', ['mislukt']),
  ...words('pending', ['inbehandeling', 'inafwachting']),
  ...words('expanded', ['uitgevouwen']),
  ...words('quarantined', ['inquarantaine']),
  ...words('filteredAsSpam', ['gefilterdalsspam']),
  ...words(NO_STATE, ['ontvangen']),
]);

function words(
  state: DeliveryState | typeof NO_STATE,
  keys: readonly string[],
): Array<[string, DeliveryState | typeof NO_STATE]> {
  return keys.map((k) => [k, state]);
}

/**
 * One status or event word (case-insensitive, spaces ignored): its state, NO_STATE for a known
 * word that decides nothing, undefined for a word exotrace does not know.
 */
function statusWordState(word: string): DeliveryState | typeof NO_STATE | undefined {
  return STATUS_WORDS.get(word.trim().toLowerCase().replace(/\s+/g, ''));
}

/**
 * A status column's value (Get-MessageTrace's Status, Graph's status) as a state: undefined when
 * empty or a known word that decides nothing; `unknown` for a word exotrace does not know, which
 * `onUnknown` is told of.
 */
export function stateOfStatusColumn(value: string, onUnknown: (value: string) => void): DeliveryState | undefined {
  const word = value.trim();
  const s = statusWordState(word);
  if (s !== undefined) return s === NO_STATE ? undefined : s;
  if (word === '') return undefined;
  onUnknown(word);
  return 'unknown';
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
  return /(^|[^\d.])[45]\d\d[ -][45]\.\d{1,3}\.\d{1,3}|(^|[^\d.])[45]\.\d{1,3}\.\d{1,3}\b|(^|\s|=)[45]\d\d\s/.test(
    text,
  );
}
