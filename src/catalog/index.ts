import { causes } from './causes/index.js';
import type { Cause } from './types.js';

export type { Cause, CauseSignals, Owner } from './types.js';

/**
 * `unknown`: a failure whose text names no cause exotrace knows. Someone has to read it, so the
 * tenant admin owns it (taxonomy.md).
 */
export const unknownCause: Cause = {
  id: 'unknown',
  title: 'Reason not recognized',
  owner: 'tenant-admin',
  explanation:
    'exotrace could not name a cause for this failure text: it is one exotrace does not know yet, so someone has ' +
    'to read it.',
  fix: [
    'Read the text: the enhanced status code (x.y.z) and the server that answered are the best starting points.',
    'Reports list the most frequent unrecognized texts, grouped by shape, so a new cause gets noticed; please ' +
      'report the ones that recur.',
  ],
  references: [
    'https://learn.microsoft.com/exchange/troubleshoot/email-delivery/ndr/non-delivery-reports-in-exchange-online',
  ],
  signals: {},
};

/**
 * Failures the input lists without any reason (summary reports, Get-MessageTrace(V2), Graph's list
 * call): counted under `unknown` too, but nobody can be named as their owner until the reason is
 * fetched, and the report says how (issue 17: they used to be blamed on the tenant admin).
 */
export const noReasonCause: Cause = {
  id: 'unknown',
  title: 'No reason in the input',
  owner: 'unknown',
  explanation:
    'These deliveries failed, but the input lists only their status, not why: summary reports, ' +
    'Get-MessageTrace(V2) and the Graph list call carry no failure text.',
  fix: [
    'Export the Extended report from the Exchange admin center (Mail flow > Message trace), or run ' +
      'Get-MessageTraceDetailV2 for the failed messages, and analyze that file too.',
    'Or analyze the bounce messages (NDRs) the senders received: save them as .eml or .msg, or export the folder ' +
      'as .mbox.',
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
