/**
 * The whole cause catalog, in classification order. Within a signal tier the first entry whose
 * pattern matches wins, so families that reuse another family's words come first: this tenant's
 * own configuration (whose texts are Microsoft's exact wordings) before the recipient side,
 * authentication before generic policy and content wording, and generic families last.
 */
import type { Cause } from '../types.js';
import { authenticationCauses } from './authentication.js';
import { recipientCauses } from './recipient.js';
import { contentCauses, policyCauses, reputationCauses } from './reputation-policy-content.js';
import { routingCauses } from './routing-and-network.js';
import { senderCauses, tenantCauses } from './sender-and-tenant.js';

export const causes: readonly Cause[] = [
  ...tenantCauses,
  ...senderCauses,
  ...reputationCauses,
  ...authenticationCauses,
  ...recipientCauses,
  ...routingCauses,
  ...policyCauses,
  ...contentCauses,
];
