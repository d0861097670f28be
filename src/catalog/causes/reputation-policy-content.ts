/** Causes in sender reputation, receive policies, and message content and size. */
import type { Cause } from '../types.js';
import { NDR_DOC, ndrPage } from './references.js';

export const reputationCauses: readonly Cause[] = [
  {
    id: 'reputation.consumer-blocklist',
    title: "Sending IP is on Outlook.com's block list",
    owner: 'sender',
    explanation:
      'Outlook.com (Hotmail, Live, MSN) blocks the sending IP address (S3140) or its whole network range (S3150).',
    fix: [
      'The sender, or its internet provider for S3150, asks for mitigation through the Outlook.com sender support form (https://sendersupport.olc.protection.outlook.com/pm/).',
      "Join SNDS and JMRP to watch the IP's reputation, or relay through a reputable provider (for Microsoft 365 tenants: send through Exchange Online instead of directly from on-premises).",
    ],
    references: ['https://sendersupport.olc.protection.outlook.com/pm/'],
    signals: {
      exact: [
        'part of their network is on our block list',
        '\\(a?s3150\\)',
        '\\(a?s3140\\)',
        'mail\\.live\\.com/mail/troubleshooting',
        'ou-00[1-9]',
      ],
      keywords: [
        '\\b(?:outlook\\.com|hotmail(?:\\.com)?|live\\.com|msn\\.com)\\b[\\s\\S]{0,80}?\\b(?:block|does not relay)',
        '(?<!some )\\bmessages from\\b(?:[^.;!?]|\\.(?=\\S)){0,20}?\\bweren.t sent\\b(?![\\s\\S]{0,40}\\btry again\\b)',
      ],
    },
  },
  {
    id: 'reputation.ip-banned',
    title: 'Sending IP is banned by Microsoft 365',
    owner: 'sender',
    explanation: 'Exchange Online Protection has banned the sending IP address because of spam sent from it.',
    fix: [
      'Clean up the source (compromised host, open relay, poor list hygiene), then request removal at https://sender.office.com; for 5.7.511, mail delist@microsoft.com with the NDR.',
    ],
    references: [
      'https://learn.microsoft.com/defender-office-365/external-senders-use-the-delist-portal-to-unblock-yourself',
    ],
    signals: {
      exact: [
        'banned sending ip',
        'as16012609',
        'delist@(messaging\\.)?microsoft\\.com',
        'blocked using blocklist 1',
        'sender\\.office\\.com',
      ],
      keywords: ['banned sender'],
      codes: ['5.7.511', '5.7.606-649'],
    },
  },
  {
    id: 'reputation.domain-blocklisted',
    title: 'Sender domain is on a domain block list',
    owner: 'sender',
    explanation:
      'The HELO or MAIL FROM domain (or a domain in the message) is listed on a domain block list such as the Spamhaus DBL or SURBL.',
    fix: [
      'Find out why the domain is listed (often a compromised website or links in the mail), fix it, and request delisting from that list.',
    ],
    references: ['https://www.spamhaus.org/dbl/'],
    signals: {
      exact: ['(helo|mail ?from) domain is listed', '\\(s800[12]\\)', 'spamhaus dbl', 'dbl\\.spamhaus'],
      phrases: ['domain (is )?(listed|blacklisted|blocklisted) (in|on|by)', 'surbl', 'uribl'],
      keywords: [
        '\\b(?:domain|url|uri|link|helo|mail ?from)\\b(?:[^.;!?]|\\.(?=\\S)){0,20}?\\b(?:listed|blacklisted|blocklisted|black ?list|block ?list)\\b',
        '\\b(?:dbl|surbl|uribl|multi\\.uribl|dbl\\.spamhaus)\\b',
      ],
    },
  },
  {
    id: 'reputation.ip-blocklisted',
    title: 'Sending IP is on a public block list',
    owner: 'sender',
    explanation:
      'The receiver checks a DNS block list (Spamhaus, Barracuda, SORBS, Spamcop…) and the sending IP address is listed.',
    fix: [
      'Look the IP up on the named list, fix what got it listed, and request delisting; consider relaying through a reputable service.',
    ],
    references: ['https://check.spamhaus.org/'],
    signals: {
      exact: ['as16012611', 'as3130\\b'],
      phrases: [
        'blocked using',
        'listed (in|on|at|by) .{0,40}(spamhaus|barracuda|sorbs|spamcop|cloudmark|dnsbl|rbl|blocklist|blacklist)',
        'spamhaus',
        'barracuda',
        'sorbs',
        'spamcop',
        'prs\\.proofpoint\\.com',
        'ipcheck\\.proofpoint\\.com',
        'dnsbl',
        '\\brbl\\b',
        'ip (address )?(is )?(block|black) ?listed',
        'comcast block for spam',
        '\\[bl21\\]',
        'on (our|a) (block|black) ?list',
        // (the classifier masks IP addresses before it reads: "IP 1.2.3.4 is listed" reads as "IP <ip> is listed")
        '\\bip\\b (\\S+ )?is (black ?)?listed (by|on|at|in) ',
        'black ?listed at',
        'access from ip address [^ ]+ blocked',
        '\\((rtr:)?bl\\)',
        'denyip',
        '\\b(dnsbl|rbl|sorbs|spamcop|barracudacentral|uceprotect|psbl)\\b',
        'real[- ]?time block ?list',
        'black ?list(ed|is)?\\b',
        'client host .{0,40}blocked (using|by|on|in)\\b',
      ],
      keywords: [
        '\\b(?:spam|block|black|deny|ban|dns|rbl|dnsbl|real[- ]?time)[\\s_-]*list(?:ed|ing|s)?\\b',
        '\\blist(?:ed|ing)\\b(?:[^.;!?]|\\.(?=\\S)){0,20}?\\b(?:at|by|in|on)\\b(?:[^.;!?]|\\.(?=\\S)){0,20}?\\b(?:spamhaus|sorbs|spamcop|barracuda|hostkarma|junkemailfilter|uceprotect|psbl|mailspike|abuseat|cbl|proofpoint|cloudmark|trend|mcafee|bl|rbl|dnsbl)\\b',
        '\\b(?:ip|client|host|address)\\b(?:[^.;!?]|\\.(?=\\S)){0,20}?\\b(?:blocked|banned|blacklisted|blocklisted)\\b',
        '\\b(?:denyip|blockip|blip)\\b|support_bl\\b|\\bdelist\\w*',
      ],
    },
  },
  {
    id: 'reputation.poor',
    title: 'Sender reputation too low',
    owner: 'sender',
    explanation:
      'The receiver refused the mail because of the sending IP or domain reputation, without naming a block list.',
    fix: [
      'Authenticate every stream (SPF, DKIM, DMARC), reduce complaints and bounces, warm up new IPs gradually, and watch Google Postmaster Tools / Microsoft SNDS.',
    ],
    references: ['https://support.google.com/mail/answer/81126'],
    signals: {
      phrases: [
        '(low|poor|bad) reputation',
        'reputation of the sending',
        'likely suspicious due to',
        'ip frequency limited',
        'connection frequency limited',
        'sender (ip )?reputation',
        '(poor|bad) reputation',

        'too many (invalid|unknown|bad|non-?existent) recipients',
        'identified as (a )?spammer',
        '\\b(ip|host|server)\\b.{0,60}?\\b(blocked|bloqu\\w*|gesperrt|bloccat\\w*|bloquead\\w*)\\b.{0,90}?\\bspam',
      ],
      keywords: [
        '\\b(?:bad|poor|low|negative|suspicious)\\b(?:[^.;!?]|\\.(?=\\S)){0,20}?\\b(?:ip|reputation|sender|score|history)\\b',
        '\\breputation\\b',
        '\\bspammer\\b',
        '\\b(?:ip|connection)\\b(?:[^.;!?]|\\.(?=\\S)){0,20}?\\bfrequency\\b(?:[^.;!?]|\\.(?=\\S)){0,20}?\\blimit',
      ],
      exact: [
        '\\b(?:ofr|lpn)\\d{0,3}_(?:102|103|999)\\b',
        'mail appeared to be spam or forged',
        'local ct ip reputation',
      ],
    },
  },
  {
    id: 'reputation.ip-throttled',
    title: 'Receiver is throttling the sending IP',
    owner: 'transient',
    explanation:
      'The receiver temporarily limits mail from this IP because of its reputation or a new sending pattern; it will accept it later.',
    fix: [
      'Nothing short-term: the sending server retries. If it persists, the sender builds reputation (authentication, volume, complaints); mail relayed into Exchange Online should come through a connector.',
    ],
    references: [ndrPage('fix-error-code-451-4-7-500-699-asxxx-in-exchange-online')],
    signals: {
      exact: [
        'access denied, please try again later',
        'server busy\\. please try again later from',
        'rate limited due to ip reputation',
        '\\(s3113\\)|\\(s3114\\)|\\(s843\\)|\\(s775\\)',
        'has exceeded permitted limits within',
        '\\bib504\\b|\\bib607\\b',
        'ip temporarily blacklisted',
        '\\bmessage threshold exceeded\\b',
      ],
      phrases: [
        'unusual rate of unsolicited',
        'temporarily deferred',
        '\\[tss0[0-9]\\]',
        'temporarily (rate )?limited',
        'too much mail from',
      ],
      keywords: [
        '\\b(?:deferred|throttled|limited)\\b(?:[^.;!?]|\\.(?=\\S)){0,40}?\\b(?:volume|complaints|reputation)\\b',
        '\\b(?:messages|mails?|e-?mails)\\b(?:[^.;!?]|\\.(?=\\S)){0,40}?\\b(?:per|this|an|each) (?:hour|day)\\b',
      ],
      codes: ['4.7.500-699', '4.7.850-899', '4.7.650-651', '4.7.28', '5.7.508'],
    },
  },
];

export const policyCauses: readonly Cause[] = [
  {
    id: 'policy.recipient-blocklist',
    title: "Recipient's organization blocks this sender",
    owner: 'recipient',
    explanation: "The recipient's organization deliberately blocks the sender's address, domain or IP address.",
    fix: [
      "Ask the recipient's admin to remove the block entry (their Tenant Allow/Block List, connection filter, or gateway block list).",
    ],
    references: [NDR_DOC],
    signals: {
      exact: ['customer block list', 'as16012607', 'rejected by recipient', '(black|block)listed by (the )?recipient'],
      phrases: [
        'blocked senders',
        'badmailfrom',
        'block-send-er',
        'ers-customized-block',
        'sender (is )?blocked by (the )?recipient',
        'recipient has blocked',
        'on the recipient.s block ?list',
        'client host rejected: access denied',
        'blocked by (the )?(recipient|user|policy of the recipient)',
        'rejected by (this|the) (user|recipient)',
        'user refused to receive',
        'recipient doesn.t want your mail',
        '\\bblock policy\\b',
        '\\benvelope blocked\\b',
        '\\bsender address blocked\\b',
        '\\b(e-?mail|mail|messages?) from (that|this|your) (domain|sender|address)\\b.{0,20}\\bnot accepted\\b',
      ],
      keywords: [
        '\\b(?:rejected|refused|blocked) by (?:this |the )?(?:user|recipient|addressee)\\b',
        '\\b(?:client host|connection|you are|your (?:ip|host|server))\\b(?:[^.;!?]|\\.(?=\\S)){0,20}?\\b(?:not allowed|rejected|refused|denied|blocked)\\b',

        '\\b(?:user|recipient|addressee|owner)\\b(?:[^.;!?]|\\.(?=\\S)){0,20}?\\b(?:refused|refuses|blocked|blocks|doesn.t want|does not want|does not accept mail from you)\\b',

        '\\b(?:manual(?:ly)?|personal|customer)\\b(?:[^.;!?]|\\.(?=\\S)){0,20}?\\bblock(?:ed)?\\b',
        '\\bnot accepting (?:e-?)?mail from\\b',
        '\\bbanned from (?:this|the) (?:list|group)\\b',
      ],
      codes: ['5.7.513', '5.7.507'],
    },
  },
  {
    id: 'policy.requires-ptr',
    title: 'Sending IP has no valid reverse DNS',
    owner: 'sender',
    explanation:
      'The receiver requires a reverse DNS (PTR) record for the sending IP address that matches its forward name.',
    fix: [
      "The sender's ISP or host sets a PTR record for the IP that resolves back to it (forward-confirmed), or the sender relays through a server that has one.",
    ],
    references: [NDR_DOC],
    signals: {
      exact: ['must have a reverse dns record', 'dns check failure - try again later'],
      phrases: [
        'reverse dns',
        '\\bptr\\b',
        'ip name lookup failed',
        'reverse (hostname|lookup)',
        'client host .{0,60}(not|no) (match|resolve)',
        'cannot find your hostname',
        'mismatches client ip',
        'ip name possibly forged',
        '\\brdns\\b',
      ],
      keywords: [
        '\\b(?:reverse|ptr|rdns|hostname)\\b(?:[^.;!?]|\\.(?=\\S)){0,20}?\\b(?:lookup|dns|record|match\\w*|fail\\w*|missing|resolve)\\b',
      ],
      codes: ['5.7.25'],
    },
  },
  {
    id: 'policy.bad-helo',
    title: 'Sending server introduced itself with a bad name (HELO)',
    owner: 'sender',
    explanation: "The sending server's HELO/EHLO name is invalid or pretends to be the receiving domain.",
    fix: ['Configure the sending server to use its own fully qualified name in HELO/EHLO.'],
    references: [NDR_DOC],
    signals: {
      exact: ['bad helo'],
      phrases: [
        '(helo|ehlo) (command|name|hostname)\\b.{0,30}\\b(invalid|rejected|not|fails?)\\b',
        'invalid (helo|ehlo)',
        'helo/ehlo',
        'helo should be a fqdn',
      ],
      keywords: [
        '\\b(?:helo|ehlo)\\b(?:[^.;!?]|\\.(?=\\S)){0,20}?\\b(?:invalid|rejected|not|bad|must|should|need|fqdn|fully|syntax|forged|dynamic|fails?)\\b|\\b(?:invalid|bad|forged|bogus)\\b(?:[^.;!?]|\\.(?=\\S)){0,20}?\\b(?:helo|ehlo)\\b',
      ],
      codes: ['5.7.506'],
    },
  },
  {
    id: 'policy.ipv6-not-accepted',
    title: 'Recipient does not accept mail over IPv6',
    owner: 'sender',
    explanation: 'The recipient domain accepts mail only over IPv4.',
    fix: [
      "Send over IPv4 (disable IPv6 on the sending server's outbound SMTP, or relay through a server that uses IPv4).",
    ],
    references: [NDR_DOC],
    signals: {
      exact: ['does not accept email over ipv6'],
      phrases: ['not accept(ing)? (mail|email|connections) over ipv6', 'ipv6 (is )?not (supported|accepted|allowed)'],
      codes: ['5.7.510'],
    },
  },
  {
    id: 'policy.remote-policy',
    title: "Refused by the receiver's policy",
    owner: 'recipient',
    explanation: 'The receiving organization refused the message for a policy reason it does not spell out.',
    fix: [
      "Ask the recipient's admin which policy refused it and why; content or sender reputation is often underneath.",
    ],
    references: [],
    signals: {
      phrases: [
        'local policy',
        'denied by policy',
        'violates our (security )?policy',
        'security polic(y|ies)',
        'does not meet our delivery requirements',
        'rejected due to (local )?policy',
        'policy (violation|rejection)',
        'not in (the )?whitelist',
        'message refused: message rejected by (the )?transport rule',
        '(list|group) address .{0,30}not found in .{0,30}header',
      ],
      keywords: [
        '\\b(?:white|allow)[ -]?list\\w*\\b',
        '\\bconfirm (?:this|your) (?:mail )?server\\b|\\brequires confirmation\\b',
        '\\bmail from\\b(?:[^.;!?]|\\.(?=\\S)){0,20}?\\bmismatch\\w*\\b(?:[^.;!?]|\\.(?=\\S)){0,20}?\\bheader\\b',
        '\\badministrative(?:ly)? prohibit\\w*',
        '\\bimplicit destination\\b',
        '\\b(?:no|missing|empty) subject\\b',
        '\\badministrivia\\b',
        '\\baccess rule\\b',
      ],
      fallbacks: ['policy', '\\bpolicy (?:reasons|restrictions)\\b', 'delivery not authorized'],
      exact: ['host network not allowed'],
    },
  },
];

export const contentCauses: readonly Cause[] = [
  {
    id: 'content.malware',
    title: 'Message contains malware',
    owner: 'sender',
    explanation: 'An attachment or link in the message was detected as malicious.',
    fix: ['The sender scans and cleans the file (its device may be infected), or shares it another way.'],
    references: [],
    signals: {
      phrases: ['virus', 'malware', 'infected', 'trojan', 'malicious (content|attachment|payload)', 'zipbomb'],
      keywords: ['\\b(?:virus|viruses|malware|infected|trojan|eicar|worm|ransomware)\\b'],
    },
  },
  {
    id: 'content.attachment-policy',
    title: 'Attachment type or structure not allowed',
    owner: 'sender',
    explanation:
      'The receiver refuses the attachment: a blocked file type, too many nested or embedded files, or an encrypted archive it cannot scan.',
    fix: ['Remove or re-zip the attachment, or share the file through a link.'],
    references: [ndrPage('fix-error-code-550-5-0-350-in-exchange-online')],
    signals: {
      exact: ['policy violation detected \\(as345\\)', '\\bid=\\S+ - banned\\b'],
      phrases: [
        '(illegal|blocked|prohibited|forbidden|unacceptable|banned) (attachment|file (type|name|extension))',
        'attachment (type )?(is )?(not allowed|blocked|prohibited)',
        'file type .{0,30}(blocked|not allowed)',
        'executable (files?|attachments?) (are )?not allowed',
        'encrypted (archive|attachment)',
      ],
      keywords: [
        '\\battach\\w*\\b(?:[^.;!?]|\\.(?=\\S)){0,40}?\\b(?:not allowed|blocked|prohibited|forbidden|denied|rejected|refused|banned)\\b',
        '\\b(?:file|extension|filename)\\w*(?:[^.;!?]|\\.(?=\\S)){0,20}?\\b(?:not allowed|blocked|forbidden|prohibited|banned)\\b|forbidden[_ ]file',
        '\\b(?:encrypted|password[- ]protected)\\b(?:[^.;!?]|\\.(?=\\S)){0,20}?\\b(?:archive|zip|attachment|file)s?\\b',
        '\\btoo many (?:mime )?(?:parts|attachments)\\b',
      ],
    },
  },
  {
    id: 'content.rich-text-tnef',
    title: 'Rich-text (TNEF) message with an attached message refused',
    owner: 'sender',
    explanation:
      'The message was sent in rich text (TNEF) with an attached message, whose x-dg-ref header is too long for the receiver.',
    fix: [
      "Send in HTML instead, or set the remote domain's TNEF setting to never (Set-RemoteDomain -TNEFEnabled $false).",
    ],
    references: [
      'https://learn.microsoft.com/exchange/troubleshoot/email-delivery/ndr/550-x-dg-ref-header-too-long-ndr',
    ],
    signals: {
      exact: ['x-dg-ref header is too long'],
      keywords: ['x-dg-ref|\\btnef\\b|winmail\\.dat|\\brich text\\b'],
    },
  },
  {
    id: 'content.bare-linefeed',
    title: 'Message has bare line feeds the destination cannot take',
    owner: 'recipient',
    explanation:
      'The message contains bare line feeds and the destination server does not support BDAT/CHUNKING, so it cannot be sent with DATA.',
    fix: [
      'The destination enables CHUNKING/BDAT (or stops rejecting bare line feeds); the sender fixes the application that writes bare LFs.',
    ],
    references: [
      ndrPage('fix-error-code-550-5-6-11-in-exchange-online'),
      'https://learn.microsoft.com/exchange/troubleshoot/antispam-and-protection/smtpsend-barelinefeedsareillegal-when-tracing-messages',
    ],
    signals: {
      exact: ['barelinefeedsareillegal', 'bare ?line ?feeds?'],
      keywords: ['\\bbare (?:<lf>|lf\\b|line ?feeds?\\b|new ?lines?\\b)'],
      codes: ['5.6.11'],
    },
  },
  {
    id: 'content.rfc-noncompliant',
    title: 'Message headers are not standard-compliant',
    owner: 'sender',
    explanation:
      'The receiver refused the message because of malformed headers: no valid From, several From addresses without a Sender, duplicate or oversized headers, or 8-bit data where it is not allowed.',
    fix: [
      'Fix the application or device that generates the message: one valid From address (or a Sender header), unique headers, properly encoded non-ASCII text.',
    ],
    references: [ndrPage('fix-error-code-550-5-1-20-multiple-from-addresses')],
    signals: {
      exact: ['rfc 5322 section 3\\.6\\.2', 'multiple from addresses are not allowed'],
      phrases: [
        'not rfc ?5322 compliant',
        'rfc ?(2822|5322|822) (violation|compliant|non-?compliant)',
        'multiple addresses in from',
        'duplicate header',
        'headers? (are )?not rfc compliant',
        'improper use of 8-bit data',
        'headers? too (large|long)',
        'header (size )?(exceeds|too)',
        'invalid message content',
        'malformed (header|message)',
        'missing (required )?(from|date|message-id) header',
        'message-id .{0,20}(missing|invalid)',
        'syntax error in (header|from)',
        'invalid data in message',
        'invalid (mime )?structure',
        '\\b(blank|empty|missing|invalid|no) from:',
        '(?<!mail )\\bfrom: ?(address|domain)',
      ],
      keywords: [
        '\\brfc ?(?:2822|5322|822)\\b',
        '\\b(?:header|mime|structure|syntax|field|message-id)\\b(?:[^.;!?]|\\.(?=\\S)){0,20}?\\b(?:invalid|malformed|missing|broken|illegal|not (?:valid|allowed|compliant|present)|given)\\b',
        '\\b(?:invalid|malformed|missing|broken|illegal|no)\\s+(?:[\\w-]+\\s+){0,2}(?:header|field|mime|structure|data)\\b',
        '\\b(?:non-?encoded|unencoded|raw) 8-?bit\\b|\\b8-?bit (?:characters?|data)\\b',
        '\\blines? (?:too long|longer than)\\b',
        '\\b(?:valid|invalid|missing|malformed|require[ds]?)\\b(?:[^.;!?]|\\.(?=\\S)){0,20}?\\b(?:date|message-id|from|subject) header\\b',
        '\\b(?:date|message-id|from|subject) header\\b(?:[^.;!?]|\\.(?=\\S)){0,30}?\\b(?:too far|too old|could not be parsed|invalid|missing|malformed)\\b',
        '\\bheaders? (?:are|is) missing\\b',
        '\\b(?:message|header)s? (?:has|have|with) defects?\\b',
        '\\bheaders?\\b(?:[^.;!?]|\\.(?=\\S)){0,20}?\\b(?:exceed\\w*|(?:too|overly|excessively|ridiculously) (?:long|large|big|many))',
        '\\btoo long (?:a )?lines?\\b',
        '\\b(?:provide|include|requires?|must have|needs?) an? valid from\\b',
      ],
      codes: ['5.1.20', '5.7.512', '5.6.0'],
    },
  },
  {
    id: 'size.exceeded',
    title: 'Message too large',
    owner: 'sender',
    explanation:
      'The message (with its attachments, about a third larger once encoded) is bigger than the receiver or the recipient accepts.',
    fix: [
      "Share the file as a link instead of an attachment; the recipient's admin may raise MaxReceiveSize if large files are expected.",
    ],
    references: [NDR_DOC],
    signals: {
      exact: ['recipsizelimit'],
      phrases: [
        'message (size|is too (large|big)|too (large|big)|exceeds)',
        'exceeds (the )?(maximum|fixed maximum|size)',
        'too large',
        'message length exceeds',
        'exceeded .{0,20}message size',
        'message (body )?is (too (big|large)|(larger|bigger) than)',
        '(?<!header )size (limit|exceeds)',
      ],
      keywords: [
        '\\b(?:too (?:big|large)|oversized?)\\b',
        '\\btaille\\b(?:[^.;!?]|\\.(?=\\S)){0,30}?\\b(?:limite|maximale|d.pass\\w*)',
        '\\b(?:message|e-?mail|mail|msg) size\\b(?:[^.;!?]|\\.(?=\\S)){0,20}?\\bexceed\\w*|\\bexceed\\w*\\b(?:[^.;!?]|\\.(?=\\S)){0,20}?\\b(?:message|e-?mail|mail|msg) size\\b',
        '\\btoo much (?:mail |message )?data\\b',
      ],
      codes: ['5.3.4', '5.2.3', '4.3.4'],
    },
  },
  {
    id: 'limits.too-many-recipients',
    title: 'Too many recipients in one message',
    owner: 'sender',
    explanation:
      'The message had more envelope recipients than the receiver accepts in one transaction (Exchange Online: 200 per domain per connection).',
    fix: ['Split the recipient list; the sending server should send in batches.'],
    references: [NDR_DOC],
    signals: {
      phrases: [
        '(too many|more than \\d+) recipients',
        'recipient (limit|count) exceeded',
        'maximum (number of )?recipients',
      ],
      keywords: ['\\b(?:separate|per) transaction\\b'],
      codes: ['4.5.3', '5.5.3'],
    },
  },
  {
    id: 'content.spam',
    title: 'Rejected as spam',
    owner: 'sender',
    explanation: "The receiver's filter judged the content of the message to be spam.",
    fix: [
      'Remove spam-like content and links (URL shorteners, link-only bodies), authenticate the mail (SPF, DKIM, DMARC), and check the quality of the mailing list.',
    ],
    references: [],
    signals: {
      exact: ['detected as spam', 'mcspamsignature', 'flagged as spam', '\\b(?:ofr|lpn|ouk)\\d{0,3}_506\\b'],
      phrases: [
        'unsolicited',
        '\\bube\\b',
        'message content rejected',
        'content (filter|rejected)',
        'bulk mail',
        'junk mail',
        'phish',
        'content reject',
        'mail data refused',
        'spamtrap',
      ],
      keywords: [
        '\\b(?:content|data)\\b(?:[^.;!?]|\\.(?=\\S)){0,20}?\\b(?:refused|rejected|filter\\w*)\\b',
        '\\bjunk\\b',
        '\\bspam\\s?trap\\b',
        '\\b(?:detected|identified|classified|flagged|marked|considered|seems?|looks?) (?:as|like) (?:a )?(?:spam|junk|bulk)',
        '垃圾邮件|垃圾郵件|迷惑メール|スパム|спам',
      ],
      fallbacks: ['\\bspam\\w*'],
    },
  },
];
