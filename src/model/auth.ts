/** What authentication and filtering data say about one message. */

/** What one Authentication-Results value says, reduced to what the health table counts. */
export interface AuthSummary {
  spf?: string;
  dkim?: string;
  dmarc?: string;
  compauth?: string;
  /** the From domain the results speak for */
  domain?: string;
  /** the cause the results point to (`unknown` when authenticated) */
  verdictId: string;
}

/** Exchange Online Protection's filtering verdict; field values in shared/research/auth-headers.md §4. */
export interface FilteringVerdict {
  /** spam filter verdict: NSPM, SPM, SKS, SKN, SKA, SKB, SFE, BLK, SKI, SKQ… */
  sfv?: string;
  /** spam confidence level, -1 to 9 */
  scl?: number;
  /** category: BULK, SPM, HSPM, PHSH, HPHSH, SPOOF, DIMP, UIMP, MALW… */
  cat?: string;
  /** safety tip: 9.11 intra-org spoof, 9.22 cross-domain spoof, 9.19/9.20 impersonation… */
  sfty?: string;
  /** connecting IP and its country */
  cip?: string;
  ctry?: string;
}
