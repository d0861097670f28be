/**
 * Exchange Online Protection's filtering verdict: the X-Forefront-Antispam-Report header
 * (`CIP:192.0.2.1;CTRY:NL;SCL:5;SFV:SPM;CAT:SPOOF;SFTY:9.11;…`) and the same fields in the
 * extended report's `S:SFA` custom_data entry (`SFV=SPM|SCL=9|…`). Pure.
 */
import type { FilteringVerdict } from '../model/auth.js';
import type { AgentEntry } from '../model/trace.js';

export type { FilteringVerdict };

function fromPairs(pairs: Iterable<[string, string]>): FilteringVerdict {
  const out: FilteringVerdict = {};
  for (const [rawKey, rawValue] of pairs) {
    const value = rawValue.trim();
    if (!value) continue;
    switch (rawKey.trim().toUpperCase()) {
      case 'SFV':
        out.sfv ??= value.toUpperCase();
        break;
      case 'SCL': {
        const n = Number(value);
        if (Number.isInteger(n) && n >= -1 && n <= 9) out.scl ??= n;
        break;
      }
      case 'CAT':
        out.cat ??= value.toUpperCase();
        break;
      case 'SFTY':
        out.sfty ??= value;
        break;
      case 'CIP':
        out.cip ??= value;
        break;
      case 'CTRY':
        out.ctry ??= value.toUpperCase();
        break;
    }
  }
  return out;
}

/** `KEY:value;KEY:value;` as in the X-Forefront-Antispam-Report header. */
export function parseAntispamReport(value: string): FilteringVerdict {
  const pairs: Array<[string, string]> = [];
  for (const part of value.replace(/^\s*x-forefront-antispam-report\s*:/i, '').split(';')) {
    const colon = part.indexOf(':');
    if (colon > 0) pairs.push([part.slice(0, colon), part.slice(colon + 1)]);
  }
  return fromPairs(pairs);
}

/** The `S:SFA` entry of custom_data, when there is one. */
export function filteringFromAgents(agents: readonly AgentEntry[]): FilteringVerdict | undefined {
  const sfa = agents.find((a) => a.agent.toUpperCase() === 'SFA');
  return sfa ? fromPairs(sfa.fields) : undefined;
}
