import { causes } from './causes/index.js';
import type { Cause } from './types.js';

export type { Cause, CauseSignals, Owner } from './types.js';

/**
 * `unknown`: a failure whose text names no cause exotrace knows, or that has no text at all
 * (summary and Get-MessageTrace exports carry none). Someone has to read it, so the tenant admin owns it.
 */
export const unknownCause: Cause = {
  id: 'unknown',
  title: 'Reason not recognized or not in the export',
  owner: 'tenant-admin',
  explanation:
    'exotrace could not name a cause: either the export has no failure reason (summary reports and Get-MessageTrace list only a status) or the text is one it does not know yet.',
  fix: [
    'For failures without a reason: export the Extended report from the Exchange admin center (Mail flow > Message trace), or run Get-MessageTraceDetailV2 for the failed messages and analyze that file.',
    'For texts exotrace does not recognize yet: the enhanced status code (x.y.z) and the server that answered are the best starting points; reports list the most frequent unrecognized texts so new causes get noticed.',
  ],
  references: ['https://learn.microsoft.com/exchange/monitoring/trace-an-email-message/message-trace-modern-eac'],
  signals: {},
};

export interface Catalog {
  /** entries in classification order (phrases are tried top to bottom) */
  causes: readonly Cause[];
  byId(id: string): Cause;
}

export function createCatalog(entries: readonly Cause[] = causes): Catalog {
  const index = new Map<string, Cause>(entries.map((c) => [c.id, c]));
  index.set(unknownCause.id, unknownCause);
  return {
    causes: entries,
    byId: (id) => index.get(id) ?? unknownCause,
  };
}
