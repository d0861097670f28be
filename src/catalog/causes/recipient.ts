/** Causes on the recipient's side: the address, the mailbox, its restrictions. */
import type { Cause } from '../types.js';
import { NDR_DOC, ndrPage } from './references.js';

export const recipientCauses: readonly Cause[] = [
  {
    id: 'recipient.mailbox-full',
    title: 'Recipient mailbox is full',
    owner: 'recipient',
    explanation:
      "The recipient's mailbox (or public folder, or one of its folders) is over its quota or item limit and refuses new mail.",
    fix: [
      'The recipient deletes or archives mail and empties Deleted Items and Recoverable Items.',
      'Their admin enables the archive mailbox (and auto-expanding archiving) or raises ProhibitSendReceiveQuota; for public folders, ProhibitPostQuota.',
      'The sender can only retry later.',
    ],
    references: [NDR_DOC, ndrPage('remote-server-returned-mailbox-busy')],
    signals: {
      exact: [
        'storedrv.deliver.{0,40}mailbox full',
        'quotaexceededexception',
        'mapiexceptionshutoffquotaexceeded',
        'mapiexceptionmaxobjsexceeded',
        'mapiexceptionnamedpropsquotaexceeded',
      ],
      phrases: [
        'mailbox (is )?(full|over ?quota|overquota)',
        'mail ?box full',
        'over ?quota',
        'quota (exceeded|full)',
        'exceeded (its|their|the|his|her)? ?(storage|mailbox)? ?(quota|allocation|storage allocation)',
        'exceeded storage allocation',
        'insufficient (storage|disk space) for (user|recipient|mailbox)',
        'user is over (their|the) quota',
        'mailbox (size )?limit',
        'out of storage',
        'inbox is full',
        'would exceed (the )?(mailbox|quota)',
        'full mailbox',
        'mailbox busy',
      ],
      codes: ['5.2.2', '4.2.2'],
    },
  },
  {
    id: 'recipient.mailbox-disabled',
    title: 'Recipient mailbox is disabled, suspended or locked',
    owner: 'recipient',
    explanation:
      'The address exists, but its account is disabled, suspended, locked or banned and cannot receive mail.',
    fix: [
      "The recipient's organization re-enables or unlocks the account, or the recipient gives the sender a new address.",
    ],
    references: [NDR_DOC],
    signals: {
      exact: ['banned recipient'],
      phrases: [
        '(account|mailbox|user|recipient) (has been |is |was )?(disabled|deactivated|suspended|inactive|frozen|locked|terminated|closed|expired)',
        'disabled (recipient|user|mailbox|account)',
        'inactive (user|mailbox|account)',
        'temporar(il)?y locked',
        'account (is )?(temporarily )?unavailable',
        'mailbox (is )?not (active|enabled)',
      ],
      codes: ['5.2.1', '5.7.505'],
    },
  },
  {
    id: 'recipient.not-found',
    title: 'Recipient address does not exist',
    owner: 'sender',
    explanation:
      "The receiving system has no mailbox for this address: a typo, a person who has left, or a stale address remembered by Outlook's AutoComplete.",
    fix: [
      'Check the address for typos and remove the stale entry from Outlook AutoComplete (start typing the name, then click the X next to the suggestion).',
      "If the address should exist, the recipient's admin checks the mailbox or mail user, its proxy addresses and directory sync; in hybrid, that the object is a remote mailbox with the right ExchangeGuid.",
      'With Directory-Based Edge Blocking (550 5.4.1 … Access denied), the recipient must exist in the Microsoft 365 directory before mail is accepted.',
    ],
    references: [
      ndrPage('fix-error-code-550-5-1-1-through-5-1-20-in-exchange-online'),
      ndrPage('fix-error-code-550-5-1-10-in-exchange-online'),
    ],
    signals: {
      exact: [
        'resolver.adr.(ex)?recip(ient)?notfound',
        'not found by smtp address lookup',
        'recipient address rejected: access denied',
        'all recipient addresses rejected',
        'remote server returned unknown recipient',
        'as.201806281',
        '5\\.7\\.504',
      ],
      phrases: [
        'user (is )?unknown',
        'unknown (user|recipient|mailbox|local[- ]part|address)',
        '(user|address|recipient|addressee|mailbox) unknown',
        'no such (user|mailbox|recipient|address|local user|person)',
        '(user|mailbox|address|recipient|account)( [^ ]+)? (does not|doesn.t|did not|didn.t) exist',
        'mailbox (is )?unavailable',
        'mailbox not found',
        'recipient not found',
        'recipient unknown',
        'invalid (recipient|mailbox|address)',
        'bad destination mailbox address',
        'not a valid rfc-?5321 address',
        'doesn.t have a .{1,40} account',
        'address rejected.{0,40}(not (exist|found|listed)|unknown|undeliverable)',
        'user not found',
        'not our customer',
        'unrouteable address',
        'recipient address rejected: user',
        'undeliverable address',
        'no mailbox here by that name',
        'account that you tried to reach does not exist',
        'this user doesn.t have',
        'addressee unknown',
        'mailbox (name )?(is )?(not allowed|invalid)',
        'is not a valid mailbox',
        // HCL (Lotus) Domino: the address is not in the server's directory
        'not listed in (the )?(domino directory|public name (&|and) address book|names\\.nsf)',
      ],
      codes: ['5.1.1', '5.1.10', '5.1.351', '5.0.911', '5.1.3', '4.1.1'],
    },
  },
  {
    id: 'recipient.moved',
    title: 'Recipient has moved and the old address no longer forwards',
    owner: 'sender',
    explanation: 'The mailbox was moved or renamed and the receiving server will not forward to the new address.',
    fix: [
      'Ask the recipient for the new address and update the contact, distribution lists and AutoComplete entries that still hold the old one.',
    ],
    references: ['https://www.rfc-editor.org/rfc/rfc3463#section-3.2'],
    signals: {
      phrases: [
        'user has moved',
        'recipient (has )?moved',
        'no longer (on|at) (this )?server',
        'mailbox has been moved',
        'address (has )?changed',
        'user not local; please try',
        'has a new (e-?mail )?address',
      ],
      codes: ['5.1.6'],
    },
  },
  {
    id: 'recipient.restricted-external',
    title: 'Recipient accepts mail only from authenticated (internal) senders',
    owner: 'recipient',
    explanation:
      'The recipient, often a group or distribution list, a public folder or a shared mailbox, only accepts mail from inside its own organization.',
    fix: [
      'The group owner or the recipient\'s admin allows external senders: in the Exchange admin center, group > Settings > "Allow external senders to email this group", or Set-DistributionGroup -RequireSenderAuthenticationEnabled $false.',
      'Alternatively they add the sender to the accepted senders.',
    ],
    references: [
      ndrPage('fix-error-code-5-7-133-in-exchange-online'),
      ndrPage('fix-error-code-5-7-134-in-exchange-online'),
      ndrPage('fix-error-code-5-7-136-in-exchange-online'),
    ],
    signals: {
      exact: [
        'resolver\\.rst\\.authrequired',
        'sendernotauthenticatedfor(group|mailbox|publicfolder)',
        'sender was not authenticated',
        'sender not authenticated for',
        'delivery restriction check failed because the sender was not authenticated',
      ],
      phrases: [
        'only accepts mail from (internal|authenticated)',
        'does not accept (mail|messages) from (external|outside)',
        'external senders (are )?not (allowed|permitted)',
      ],
      codes: ['5.7.12', '5.7.13', '5.7.133', '5.7.134', '5.7.135', '5.7.136'],
    },
  },
  {
    id: 'recipient.not-authorized',
    title: "Sender is not allowed by the recipient's delivery restrictions",
    owner: 'recipient',
    explanation:
      'The recipient or group accepts mail only from a list of senders (or needs moderation) and this sender is not allowed.',
    fix: [
      "The group owner or recipient's admin adds the sender to the allowed senders (as a mail contact for an outside sender), or removes the restriction.",
    ],
    references: [ndrPage('fix-error-code-5-7-124-in-exchange-online')],
    signals: {
      exact: ['resolver\\.rst\\.notauthorized', 'not in allowed-?senders list', 'sender not in allowed'],
      phrases: [
        'not (allowed|authorized|permitted) to send (mail |e-?mail |messages )?to',
        'don.t have permission to send to',
        'you do not have permission to send',
        'delivery not authorized(?!, message refused)(?!.{0,40}(rule|policy))',
        'restricted to (approved|authorized) senders',
        'sender not (allowed|authorized|permitted)',
        'not on the list of (allowed|approved) senders',
      ],
      codes: ['5.7.124'],
    },
  },
  {
    id: 'recipient.rate-limited',
    title: 'Recipient is receiving mail too fast',
    owner: 'sender',
    explanation:
      'The recipient got more messages per hour than its server accepts, from this sender or from everyone, so new mail is refused for now.',
    fix: [
      'Reduce the number of messages sent to this recipient (batch or digest automated notifications) and retry later.',
    ],
    references: [NDR_DOC],
    signals: {
      exact: ['per hour message receive limit', 'receive limit from specific sender'],
      phrases: [
        'receiving mail (at a rate|too quickly)',
        'receiving (too much|too many) (mail|messages)',
        'recipient.{0,20}rate limit',
        'user is receiving mail too quickly',
      ],
      codes: ['5.2.121', '5.2.122'],
    },
  },
];
