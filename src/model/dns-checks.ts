/**
 * What `exotrace check-domain` finds, as its JSON gives it. Problem codes are stable ids
 * (`spf.too-many-lookups`…); a status is `pass` (published and valid), `none` (not published),
 * `permerror` (published and broken) or `temperror` (DNS did not answer: not checked).
 */
export type CheckStatus = 'pass' | 'none' | 'permerror' | 'temperror';

export interface DnsProblem {
  code: string;
  message: string;
}

/** What an SPF evaluation gives for an IP (RFC 7208 §2.6). */
export type SpfResult = 'pass' | 'fail' | 'softfail' | 'neutral' | 'none' | 'permerror' | 'temperror';

export interface SpfCheck {
  record?: string;
  status: CheckStatus;
  /** DNS-querying terms of the whole tree (include, a, mx, ptr, exists, redirect): at most 10 */
  lookups: number;
  /** of those, the ones that found nothing (NXDOMAIN or no answer): at most 2 */
  voidLookups: number;
  problems: DnsProblem[];
  /** the record's includes (and redirect), each with the lookups it costs, dearest first */
  includes: Array<{ domain: string; lookups: number }>;
  /** the sending IPs asked about, and what the record says of each */
  ips?: Array<{ ip: string; result: SpfResult }>;
}

export interface DmarcCheck {
  record?: string;
  /** where the record was found: the domain's own _dmarc, or its organizational domain's */
  foundAt?: string;
  status: CheckStatus;
  policy?: 'none' | 'quarantine' | 'reject';
  subdomainPolicy?: 'none' | 'quarantine' | 'reject';
  pct?: number;
  adkim?: 'r' | 's';
  aspf?: 'r' | 's';
  rua: string[];
  ruf: string[];
  problems: DnsProblem[];
}

export interface DkimCheck {
  selector: string;
  /** `pass`: a key is published; `none`: nothing at the selector; `revoked`: an empty p=; `permerror`: unreadable */
  status: 'pass' | 'none' | 'revoked' | 'permerror' | 'temperror';
  /** the CNAME the selector points to (Microsoft 365 publishes selector1/selector2 as CNAMEs) */
  target?: string;
  keyType?: string;
  bits?: number;
  problems: DnsProblem[];
}

export interface MxCheck {
  exchange: string;
  priority: number;
  addresses: string[];
}

export interface IpCheck {
  ip: string;
  /** its PTR names */
  names: string[];
  /** a PTR name whose A/AAAA records lead back to the IP */
  forwardConfirmed: boolean;
  /** the blocklists that list it, with what their answer means */
  listings: Array<{ zone: string; codes: string[]; meaning: string; delisting?: string }>;
  problems: DnsProblem[];
}

export interface DomainCheck {
  domain: string;
  spf: SpfCheck;
  dmarc: DmarcCheck;
  dkim: DkimCheck[];
  mx: MxCheck[];
  /** every problem above, with the domain's own (no MX, DNS not answering) */
  problems: DnsProblem[];
}

export interface CheckDomainResult {
  domains: DomainCheck[];
  ips?: IpCheck[];
  /** said once when DNS could not be asked at all (offline, the resolver timing out) */
  notChecked?: string;
}

/** What --verify-dns found of one cause: confirmed or refuted at its source, or not decidable. */
export interface DnsFinding {
  /** the cause id it speaks to */
  cause: string;
  /** the domain or IP checked */
  subject: string;
  verdict: 'confirmed' | 'refuted' | 'inconclusive';
  message: string;
}

/** The report's `dns` section (--verify-dns). */
export interface ReportDns {
  checkedAt: string;
  domains: DomainCheck[];
  ips: IpCheck[];
  findings: DnsFinding[];
  /** said when no DNS server answered: then nothing is listed */
  notChecked?: string;
}
