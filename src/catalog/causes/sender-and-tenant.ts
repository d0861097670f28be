/** Causes about the sending account, client submission, and this tenant's own configuration. */
import type { Cause } from '../types.js';
import { NDR_DOC, ndrPage } from './references.js';

const SMTP_AUTH_DOC =
  'https://learn.microsoft.com/exchange/clients-and-mobile-in-exchange-online/authenticated-client-smtp-submission';
const DEVICES_DOC =
  'https://learn.microsoft.com/exchange/mail-flow-best-practices/how-to-set-up-a-multifunction-device-or-application-to-send-email-using-microsoft-365-or-office-365';

export const senderCauses: readonly Cause[] = [
  {
    // beyond the taxonomy (issue 15): one of Exchange Online's most frequent NDRs
    id: 'policy.external-forwarding-blocked',
    title: 'Automatic forwarding to an outside address is blocked',
    owner: 'tenant-admin',
    explanation:
      "A mailbox forwards its mail automatically (a forwarding address, an inbox rule, or a transport rule's redirect) to an address outside the organization, and the outbound spam filter policy does not allow automatic external forwarding (its default since 2020), so each forwarded copy is refused.",
    fix: [
      'Find the forwarding: Get-Mailbox -Identity <user> | fl ForwardingSmtpAddress,DeliverToMailboxAndForward, and the inbox rules (Get-InboxRule -Mailbox <user>) that forward or redirect outside.',
      'If nobody set it up, treat the account as compromised (attackers forward mail out): remove the forwarding, reset the password, revoke sessions, enforce MFA.',
      'If the forwarding is wanted, allow it for that mailbox only: an outbound spam filter policy scoped to the user with Automatic forwarding rules set to On (Microsoft Defender portal > Policies & rules > Anti-spam).',
    ],
    references: [
      'https://learn.microsoft.com/defender-office-365/outbound-spam-policies-external-email-forwarding',
      NDR_DOC,
    ],
    signals: {
      exact: ['does not allow external forwarding', 'as\\(7555\\)'],
      codes: ['5.7.520'],
    },
  },
  {
    id: 'sender.restricted',
    title: 'Sending user is restricted for outbound spam',
    owner: 'tenant-admin',
    explanation:
      'Microsoft 365 blocked this mailbox from sending because it sent mail that looked like spam. This almost always means the account is compromised.',
    fix: [
      'Treat the account as compromised: reset the password, revoke sessions (Revoke-MgUserSignInSession), remove unknown inbox and forwarding rules and app consents, and enforce MFA.',
      'Release the user in the Microsoft Defender portal under Email & collaboration > Review > Restricted entities (https://security.microsoft.com/restrictedentities).',
      'Sending resumes within a few hours of the release. For 5.7.501–5.7.503 (banned account) open a Microsoft support request.',
    ],
    references: ['https://learn.microsoft.com/defender-office-365/outbound-spam-restore-restricted-users', NDR_DOC],
    signals: {
      exact: [
        'bad outbound sender',
        'weren.t recognized as a valid sender',
        'spam abuse detected',
        '5\\.7\\.50[23] .{0,20}banned sender',
      ],
      keywords: [
        '\\bsending\\b(?:[^.;!?]|\\.(?=\\S)){0,20}?\\b(?:account|user|mailbox)\\b(?:[^.;!?]|\\.(?=\\S)){0,20}?\\b(?:disabled|blocked|suspended|restricted|banned)',
        '\\b(?:account|user|mailbox)\\b(?:[^.;!?]|\\.(?=\\S)){0,20}?\\b(?:not allowed to send|blocked from sending|sending (?:is )?(?:disabled|blocked|suspended|restricted))',
      ],
      phrases: [
        '\\bsend(ing|er(.s)?) ((for|from|of) (this|your) )?account (is |has been |was )?(disabled|blocked|suspended|restricted|not registered)',
      ],
      codes: ['5.7.501', '5.7.502', '5.7.503'],
    },
  },
  {
    id: 'sender.rate-limit',
    title: 'Sender exceeded its sending limit',
    owner: 'tenant-admin',
    explanation:
      'The mailbox sent to more recipients (or more messages) in 24 hours than Exchange Online allows, so further mail is refused until the rolling window frees up.',
    fix: [
      'Check whether the account is compromised: a sudden burst of mail is the usual sign.',
      'Wait for the rolling 24-hour window, or lower the volume; move bulk or application mail to a bulk-mail service or a connector-based relay.',
      'Review the outbound spam policy limits and any custom RecipientRateLimit (Get-Mailbox | fl RecipientLimits).',
    ],
    references: [ndrPage('fix-error-for-submission-quota-exceeded-in-exchange-online'), NDR_DOC],
    signals: {
      exact: [
        'submission ?quota ?exceeded',
        'submissionquotaexceededexception',
        'reached your daily limit for message recipients',
        'sender.s submission quota',
        'messagesubmissionexceededexception',
        'mapiexceptionmaxsubmissionexceeded',
      ],
      phrases: [
        'daily (sending|send|message) (limit|quota)',
        'sending (limit|quota) exceeded',
        'too many (messages|emails) sent',
        'exceeded (the|your) (daily|hourly) (sending|send|message) (limit|quota)',
      ],
      keywords: [
        '\\b(?:exceed|reach|hit)\\w*(?:[^.;!?]|\\.(?=\\S)){0,20}?\\b(?:sending|submission|daily|hourly|outbound) (?:\\w+ )?(?:limit|quota)',
        '\\bsubmission\\w*(?:[^.;!?]|\\.(?=\\S)){0,20}?(?:quota|limit)\\w*(?:exceeded)?',
        '\\b(?:sending|submission|daily|hourly|outbound)\\b(?:[^.;!?]|\\.(?=\\S)){0,20}?\\b(?:(?:limit|quota)s?\\b(?:[^.;!?]|\\.(?=\\S)){0,20}?\\b(?:exceed|reach|hit)|exceeded\\b)',
      ],
      codes: ['5.1.90'],
    },
  },
  {
    id: 'submission.smtp-auth-disabled',
    title: 'SMTP AUTH is disabled for the sending mailbox or tenant',
    owner: 'tenant-admin',
    explanation:
      'A device or application tried to log in to smtp.office365.com, but SMTP client authentication (or Basic authentication) is turned off for that mailbox or for the whole organization.',
    fix: [
      'Enable SMTP AUTH for this one mailbox: Set-CASMailbox -Identity <mailbox> -SmtpClientAuthenticationDisabled $false.',
      'Check the organization setting: Get-TransportConfig | Format-List SmtpClientAuthenticationDisabled, and security defaults in Entra ID.',
      'Better: move the application to OAuth (XOAUTH2), Graph sendMail, or a connector-based relay: Basic auth for SMTP is being retired.',
    ],
    references: [SMTP_AUTH_DOC],
    signals: {
      exact: ['smtpclientauthentication is disabled', 'basic authentication is disabled', 'smtp_auth_disabled'],
      keywords: [
        '\\b(?:basic|smtp|client|legacy)[ -]?auth\\w*\\b(?:[^.;!?]|\\.(?=\\S)){0,20}?\\b(?:is |has been )?(?:disabled|not enabled|turned off|blocked|deprecated)',
      ],
    },
  },
  {
    id: 'submission.auth-failed',
    title: 'SMTP login was rejected',
    owner: 'tenant-admin',
    explanation:
      'The device or application tried to authenticate but was refused: wrong password, MFA, security defaults or Conditional Access blocking legacy authentication, or the federation service unreachable.',
    fix: [
      'Verify the username and password of the sending account.',
      'Look at the account in the Entra ID sign-in logs: security defaults or Conditional Access may block SMTP Basic authentication.',
      'Move the application to OAuth or a connector-based relay; for federated domains check that the federation service (AD FS) is reachable over TLS 1.2.',
    ],
    references: [SMTP_AUTH_DOC],
    signals: {
      exact: [
        'authenticationinvalidcredentials',
        'federated sts',
        'authentication unsuccessful(?!.{0,60}\\bdisabled\\b)',
        '\\bib401\\b',
      ],
      phrases: [
        'authentication (credentials )?(failed|invalid|rejected)',
        'invalid (login|credentials|username or password)',
        'username and password not accepted',
        'bad username or password',
        'auth(entication)? mechanism .{0,20}(failed|not supported)',
        '\\bauth failed\\b',
      ],
      keywords: [
        '(?<!(?:spf|dkim|dmarc|sender) )\\bauth(?:entication|enticate)?\\b(?:[^.;!?]|\\.(?=\\S)){0,20}?\\b(?:failed|failure|invalid|unsuccessful|rejected|incorrect)',
        '\\b(?:login|log-in|credentials|password)\\b(?:[^.;!?]|\\.(?=\\S)){0,20}?\\b(?:failed|invalid|incorrect|rejected|not accepted|wrong)',
        '\\b(?:application|app)[- ]specific password\\b|\\blog ?in with your (?:web )?browser\\b',
        '\\b(?:incorrect|invalid|wrong|bad)\\s+auth\\w*\\b|\\bauthentifi\\w*\\b(?:[^.;!?]|\\.(?=\\S)){0,20}?\\b(?:invalide|incorrect\\w*|.chou\\w*|refus\\w*)',
      ],
      codes: ['5.7.3', '5.7.8'],
    },
    // RFC 4954: "454 4.7.0 Temporary authentication failure" is the server's passing fault, not wrong credentials
    whenTemporary: 'transient.remote-error',
  },
  {
    id: 'submission.client-not-authenticated',
    title: 'Device or application sent without logging in',
    owner: 'tenant-admin',
    explanation:
      'A printer, scanner or application connected to a submission endpoint (smtp.office365.com or an authenticated receive connector) without logging in, so its mail was refused.',
    fix: [
      'Configure the device with a mailbox username and password (or OAuth), port 587 and STARTTLS with TLS 1.2.',
      'If it cannot authenticate: use direct send to <domain>.mail.protection.outlook.com (internal recipients only) or an inbound connector for SMTP relay by IP address or certificate.',
    ],
    references: [DEVICES_DOC, ndrPage('fix-error-code-5-7-57-in-exchange-online')],
    signals: {
      exact: ['client (was )?not authenticated', 'sender address rejected: not logged in'],
      phrases: [
        'turn on smtp authentication',
        'smtp authentication (is )?required',
        'must (be )?authenticate(d)? (first|before)',
        'authentication (is )?required',
        'requires? authentication',
        'local user only',

        'not logged in(to)?\\b.{0,60}\\b(pop|imap|smtp)',
        'smtp authentication turned on',
        'unauthenticated (senders?|users?|clients?) (are )?not (allowed|permitted|accepted)',
      ],
      keywords: [
        '\\b(?:smtp[- ]?)?auth(?:entication|enticate|orization)?\\b(?:[^.;!?]|\\.(?=\\S)){0,20}?\\b(?:required|first|needed|turned? on|must)',
        '\\b(?:not|never) logged (?:in|on)(?:to)?\\b|\\blog(?:ged)? ?in first\\b|\\bmust (?:be )?(?:logged|authenticated)',
        '\\b(?:turn(?:ed)? on|enable|switch on)\\b(?:[^.;!?]|\\.(?=\\S)){0,20}?\\b(?:smtp[- ]?)?auth\\w*|\\b(?:smtp[- ]?)?auth\\w*\\b(?:[^.;!?]|\\.(?=\\S)){0,20}?\\bturned on\\b',
      ],
      codes: ['5.7.57'],
    },
  },
  {
    id: 'submission.send-as-denied',
    title: 'Sender has no Send As right for the From address',
    owner: 'tenant-admin',
    explanation: 'The account that logged in tried to send with a From address it is not allowed to send as.',
    fix: [
      'Make the From address match the account that logs in, or',
      'grant Send As: Add-RecipientPermission -Identity <from mailbox> -Trustee <sending account> -AccessRights SendAs, or use a relay connector for applications that send as many addresses.',
    ],
    references: [
      'https://learn.microsoft.com/exchange/recipients-in-exchange-online/manage-permissions-for-recipients',
    ],
    signals: {
      exact: [
        'sendasdenied',
        'sendasdeniedexception',
        'mapiexceptionsendasdenied',
        'does not have permissions to send as',
        'sender address rejected: not owned by',
      ],
      phrases: [
        'not allowed to send as',
        'not authorized to send (on behalf|as)',
        'from address .{0,40}does not match (the )?(authenticated|login)',
      ],
      keywords: [
        '\\bnot owned by\\b|\\b(?:send|sending) (?:as|on behalf)\\b',
        'send ?as ?denied|\\bsend ?as\\b(?:[^.;!?]|\\.(?=\\S)){0,20}?\\b(?:denied|permission|not allowed)',
      ],
      codes: ['5.7.60', '5.2.252'],
    },
  },
  {
    id: 'sender.address-rejected',
    title: 'Receiving server refused the envelope sender',
    owner: 'sender',
    explanation:
      "The receiving server refused the sender address itself: its domain does not resolve, it is not fully qualified, the receiver's sender check failed, or the sender is on the receiver's deny list.",
    fix: [
      'Send from a routable address whose domain has working MX or A records (applications often use an internal or made-up domain).',
      'If the receiver blocks the address on purpose, contact them.',
      'In Exchange Online, 550 5.1.0 Sender denied can also come from a reply to an old saved message (legacyExchangeDN): send a new message instead.',
    ],
    references: [ndrPage('fix-error-code-550-5-1-0-in-exchange-online')],
    signals: {
      exact: ['sender denied'],
      phrases: [
        'domain of sender address .{0,80}does not (exist|resolve)',
        'sender domain (must exist|not found|does not exist)',
        'sender verify failed',
        'sender address (is )?(invalid|not valid|unknown)',
        'invalid sender',
        'unverified (address|sender)',
        'sender .{0,40}(is )?(on|in) (the|our) (deny|black|block) ?list',
        'from address .{0,20}(invalid|not (allowed|valid))',
        'mail from:? ?<[^>]*>.{0,40}(rejected|refused)',
        'return path .{0,40}(invalid|unroutable)',
        'sender (e-?mail )?(address )?is not in my domain',
        'sender is rejected',
        'verify mail ?from failed',

        'sender address rejected:? (domain|host) (name )?(not found|unknown|does not exist)',
        'sender (address|domain) has (a )?null mx',
        'callout verification failed',
      ],
      keywords: [
        '\\bsender\\b(?:[^.;!?]|\\.(?=\\S)){0,40}?\\b(?:verif\\w*|rejected|refused|denied|invalid|unknown|not (?:valid|allowed|acceptable|verified|exist\\w*|in my domain|found))',
        '\\bverif\\w*(?:[^.;!?]|\\.(?=\\S)){0,20}?\\b(?:sender|mail ?from|return[- ]path)\\b|\\b(?:sender|mail ?from|return[- ]path)\\b(?:[^.;!?]|\\.(?=\\S)){0,20}?\\bverif\\w*',
        '\\bverification failed\\b',
        '\\b(?:real domain name|fully[- ]qualified (?:domain )?(?:name|address))\\b(?:[^.;!?]|\\.(?=\\S)){0,20}?\\b(?:required|needed)\\b',
        '\\bsender(?: address)?\\b(?:[^.;!?]|\\.(?=\\S)){0,30}?\\b(?:needs?|requires?|required|must (?:be|contain|have|include))\\b(?:[^.;!?]|\\.(?=\\S)){0,10}?\\b(?:fully[- ]qualified|(?:real |valid )?domain)\\b',
        '\\bno valid senders?\\b',
      ],
      fallbacks: [
        'sender address rejected(?!.{0,30}spf)',
        'sender (address )?rejected',
        '\\b(?:mail ?from|return[- ]path|envelope sender)\\b(?:[^.;!?]|\\.(?=\\S)){0,20}?\\b(?:rejected|refused|denied|invalid|not (?:valid|allowed|accepted))',
      ],
      codes: ['5.1.8', '5.1.7', '4.1.8', '5.1.0', '5.7.27'],
    },
  },
];

export const tenantCauses: readonly Cause[] = [
  {
    id: 'relay.tenant-attribution',
    title: 'Relayed mail could not be matched to this tenant (inbound connector)',
    owner: 'tenant-admin',
    explanation:
      'Mail relayed through Exchange Online from an on-premises server or device could not be attributed to this tenant: the inbound connector no longer matches the sending IP address or certificate.',
    fix: [
      'Check the inbound connector of type OnPremises (Get-InboundConnector): SenderIPAddresses must list the current public IP, or TlsSenderCertificateName must match the certificate subject.',
      'Make sure the certificate subject is one of your accepted domains; rerun the Hybrid Configuration Wizard after certificate changes.',
    ],
    references: [ndrPage('fix-error-code-5-7-64-in-exchange-online'), ndrPage('tenantattribution-ndr')],
    signals: {
      exact: [
        'tenantattribution',
        'tenantinboundattribution',
        'relay access denied attr36',
        'wrong office 365 region',
        'attr3[56]\\b',
      ],
      codes: ['5.7.64', '4.4.62', '5.7.51'],
    },
  },
  {
    id: 'relay.denied',
    title: 'Relay refused: the sender is not allowed to relay',
    owner: 'tenant-admin',
    explanation:
      'A device, application or on-premises server tried to send to an outside domain through a server that does not recognize it as allowed to relay.',
    fix: [
      'Create or repair the inbound connector ("from your organization\'s email server") that identifies the sender by IP address or certificate.',
      'Or have the device authenticate (SMTP AUTH on port 587), or point it at the right smart host.',
    ],
    references: [ndrPage('fix-error-code-550-5-7-1-in-exchange-online'), DEVICES_DOC],
    signals: {
      exact: ['unable to relay(?! message back to mta)'],
      phrases: [
        'as a relay, but i have not been configured',
        'relaying (is )?not (allowed|permitted) for',
        'we do not relay',
        'relay not permitted from',
        'no relaying',

        'not permitted to relay through this server(?!.{0,120}(log(ged)? ?in|authenticat))',
        'credentials for relay',
      ],
      keywords: [
        '\\b(?:credentials|authenticat\\w*) for relay\\w*\\b|\\bnot (?:allowed|authori[sz]ed|permitted) to relay\\b(?![\\s\\S]{0,120}(?:log(?:ged)? ?in|authenticat))',
      ],
    },
  },
  {
    id: 'directory.bad-recipient-object',
    title: 'A recipient object in this tenant has a broken address',
    owner: 'tenant-admin',
    explanation:
      'A mail contact or mail user in this tenant has a missing or invalid primary or external address, so Exchange cannot route to it.',
    fix: [
      "Correct the object's ExternalEmailAddress or PrimarySmtpAddress (Set-MailContact / Set-MailUser), or fix it in on-premises Active Directory and let directory sync update it.",
    ],
    references: [ndrPage('badprimary-ndr')],
    signals: { exact: ['resolver\\.adr\\.badprimary', 'primary smtp address is missing or invalid'] },
  },
  {
    id: 'policy.transport-rule',
    title: 'Blocked by a mail flow (transport) rule',
    owner: 'tenant-admin',
    explanation:
      'A mail flow rule that rejects or deletes messages matched this message. If the NDR names another organization, the rule is theirs.',
    fix: [
      'Find the rule: the message trace detail names it; in the Exchange admin center go to Mail flow > Rules.',
      'Adjust its conditions or add an exception if the match was wrong; test changes in "Test without Policy Tips" mode first.',
    ],
    references: ['https://learn.microsoft.com/exchange/security-and-compliance/mail-flow-rules/mail-flow-rules'],
    signals: {
      exact: [
        'transport\\.rules\\.rejectmessage',
        'rejected by organization policy',
        'transport rules agent',
        'deleted by the transport rules',
        'mail flow rule created by an admin',
        '\\d\\.\\d{1,3}\\.\\d{1,3}_etr\\b',
        'message deleted by (the )?transport (rules )?agent',
      ],
      keywords: ['\\b(?:mail ?flow|transport)[ .]rules?\\b|\\btransport ?agent\\b'],
      codes: ['5.7.900-999'],
    },
  },
  {
    id: 'policy.tenant-block-list',
    title: "Blocked by this tenant's Tenant Allow/Block List",
    owner: 'tenant-admin',
    explanation:
      'This organization itself blocks mail to the recipient or domain in its Tenant Allow/Block List, so the whole message was stopped.',
    fix: [
      'In the Defender portal open Email & collaboration > Policies & rules > Threat policies > Tenant Allow/Block Lists, and remove or expire the block entry for the recipient or domain.',
    ],
    references: ['https://learn.microsoft.com/defender-office-365/tenant-allow-block-list-about'],
    signals: { exact: ['blocked by your organization using tenant allow block list'], codes: ['5.7.703'] },
  },
  {
    id: 'policy.moderation',
    title: 'Moderation is misconfigured',
    owner: 'tenant-admin',
    explanation: 'The moderation agent could not read its expiry policy, so moderated mail fails.',
    fix: [
      "Create the retention policy tag the moderation agent needs (IsDefaultModeratedRecipientsPolicyTag) as described in Microsoft's APPROVAL.InvalidExpiry article.",
    ],
    references: [ndrPage('550-5-6-0-approval-invalidexpiry-cannot-read-expiry-poilcy-error')],
    signals: {
      exact: ['approval\\.invalidexpiry', 'cannot read expiry policy'],
    },
  },
  {
    id: 'tenant.external-recipient-limit',
    title: 'Tenant reached its daily limit for external recipients',
    owner: 'tenant-admin',
    explanation:
      'The whole tenant sent to more external recipients in 24 hours than its licences allow (the tenant external recipient rate limit; trial tenants have a low one).',
    fix: [
      'Wait for the rolling 24-hour window.',
      'The limit grows with the number of licences; move bulk mail to a bulk-mail service.',
    ],
    references: [NDR_DOC],
    signals: {
      exact: [
        'exceeded its daily limit for sending email to external recipients',
        'tenant external recipient rate limit',
      ],
      codes: ['5.7.232', '5.7.233'],
    },
  },
  {
    id: 'tenant.outbound-blocked',
    title: 'Tenant blocked from sending',
    owner: 'tenant-admin',
    explanation:
      'Microsoft blocked outbound mail for the whole tenant, usually after spam from compromised accounts or an open relay connector, or because too much mail came from domains that are not accepted domains.',
    fix: [
      'Find and stop the source: compromised accounts, open or rogue inbound connectors.',
      'Add and verify every domain you send from as an accepted domain; relay through a certificate-based connector.',
      'Then open a Microsoft support request to get the tenant unblocked.',
    ],
    references: [NDR_DOC],
    signals: {
      exact: [
        'tenant has exceeded threshold',
        'traffic not accepted from this ip',
        'blocked from sending from unregistered domains',
        '5\\.7\\.800 .{0,30}banned sender',
      ],
      codes: ['5.7.705', '5.7.708', '5.7.750', '5.7.800'],
    },
  },
  {
    id: 'tenant.journaling-disabled',
    title: 'Journaling to Microsoft 365 is not enabled',
    owner: 'tenant-admin',
    explanation:
      'On-premises Exchange journals messages to Microsoft 365, but Journaling Archive is disabled for the tenant.',
    fix: ['Enable Journaling Archive for the tenant, or send the journal reports to another destination.'],
    references: [NDR_DOC],
    signals: {
      exact: ['journaling on-premises messages to (microsoft 365|office 365)', 'journaling archive is disabled'],
      codes: ['5.3.190'],
    },
  },
];
