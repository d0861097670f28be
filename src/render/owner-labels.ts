import type { Owner } from '../catalog/types.js';

/** How each owner reads in a report meant for people. */
export const ownerLabels: Readonly<Record<Owner, string>> = {
  sender: "the sender's side (for mail your users sent: them, or you)",
  recipient: "the recipient's organization",
  'tenant-admin': 'your Microsoft 365 admin',
  transient: 'nobody: temporary, Exchange retries',
  unknown: 'not known yet: the input gives no reason (see the notes for how to get it)',
};
