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
