/**
 * Redaction for reports that leave IT: the local part of every personal address becomes a
 * pseudonym (`person-1@contoso.com`), the same for the same address throughout one run (the
 * report, its previous period, each tenant's, the CSV of failures), so counts and "the same
 * sender again" still read right. Domains are kept, and so are role addresses (RFC 2142's and
 * the usual no-reply ones): postmaster@ names a function, not a person. Subjects can be hidden
 * too. Addresses are found in every string (failure texts carry them), except the catalog's own
 * words.
 */

export interface RedactOptions {
  /** hide subjects as well */
  subjects: boolean;
}

export interface Redactor {
  /** a copy of `value` (a report, a list of failures…) with every personal address pseudonymized */
  redact<T>(value: T): T;
  /** how many distinct personal addresses were replaced so far */
  readonly replaced: number;
}

/** Local parts that name a role, not a person (RFC 2142 §§3–5, and the no-reply and system ones). */
const ROLES = new Set([
  'postmaster',
  'hostmaster',
  'webmaster',
  'abuse',
  'security',
  'noc',
  'info',
  'marketing',
  'sales',
  'support',
  'mailer-daemon',
  'microsoftexchange329e71ec88ae4615bbc36ab6ce41109e',
  'noreply',
  'no-reply',
  'donotreply',
  'do-not-reply',
  'bounce',
  'bounces',
  'admin',
  'administrator',
  'helpdesk',
  'billing',
  'news',
  'newsletter',
  'notifications',
  'alerts',
]);

// An address as it stands in a text: a dot-atom (or the characters SRS, BATV and X500 forms add)
// before the @, a domain of at least two labels after it.
const ADDRESS =
  /([A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+)@([A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+)/g;

/** Keys whose strings are exotrace's own words (the catalog's), never mail's. */
const OWN_WORDS = new Set(['id', 'cause', 'title', 'explanation', 'fix', 'references', 'meaning', 'owner', 'code']);

const HIDDEN_SUBJECT = '(subject hidden)';

export function isRoleAddress(local: string): boolean {
  return ROLES.has(local.toLowerCase());
}

export function createRedactor(options: RedactOptions): Redactor {
  const pseudonyms = new Map<string, string>();
  const address = (text: string): string =>
    text.replace(ADDRESS, (whole, local: string, domain: string) => {
      if (isRoleAddress(local)) return whole;
      const key = `${local.toLowerCase()}@${domain.toLowerCase()}`;
      let name = pseudonyms.get(key);
      if (name === undefined) pseudonyms.set(key, (name = `person-${pseudonyms.size + 1}`));
      return `${name}@${domain}`;
    });
  const walk = (value: unknown, key: string | undefined): unknown => {
    if (typeof value === 'string') {
      if (key === 'subject' && options.subjects) return HIDDEN_SUBJECT;
      return key !== undefined && OWN_WORDS.has(key) ? value : address(value);
    }
    if (Array.isArray(value)) return value.map((v) => walk(v, key));
    if (value instanceof Map) return new Map([...value].map(([k, v]) => [walk(k, undefined), walk(v, key)]));
    if (value !== null && typeof value === 'object' && !ArrayBuffer.isView(value))
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v, k)]));
    return value;
  };
  return {
    redact: <T>(value: T) => walk(value, undefined) as T,
    get replaced() {
      return pseudonyms.size;
    },
  };
}

/** How a redacted report's note starts (the page's footer looks for it). */
export const REDACTION_NOTE = 'Redacted:';

/** The note a redacted report carries, so its reader knows the names are not real. */
export function redactionNote(options: RedactOptions): string {
  return (
    `${REDACTION_NOTE} the local part of every personal address is a pseudonym (person-1@…, the same one for the same ` +
    `address throughout); domains, role addresses and counts are real${options.subjects ? '; subjects are hidden' : ''}.`
  );
}
