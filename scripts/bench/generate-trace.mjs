/**
 * Deterministic synthetic Extended message trace reports for the benchmark: the 27 columns, a
 * realistic mix of events per message (RECEIVE, AGENTINFO with custom_data, SEND/DELIVER, DEFER,
 * FAIL, EXPAND, DROP), multi-recipient rows, quoted subjects, and failure texts that carry
 * per-message addresses and times (as real ones do, so distinct texts grow with failures).
 * Rows are not in message order: a deferred message's final FAIL comes thousands of rows later.
 */
import { createWriteStream } from 'node:fs';

const COLUMNS =
  'date_time_utc,client_ip,client_hostname,server_ip,server_hostname,source_context,connector_id,source,event_id,internal_message_id,message_id,network_message_id,recipient_address,recipient_status,total_bytes,recipient_count,related_recipient_address,reference,message_subject,sender_address,return_path,message_info,directionality,tenant_id,original_client_ip,original_server_ip,custom_data'.split(
    ',',
  );

const FAILURES = [
  (r) => `550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient ${r} not found by SMTP address lookup`,
  () =>
    '554 5.2.2 mailbox full; STOREDRV.Deliver.Exception:QuotaExceededException.MapiExceptionShutoffQuotaExceeded; Failed to process message due to a permanent exception',
  (r, d) =>
    `550 5.7.509 Access denied, sending domain ${d} does not pass DMARC verification and has a DMARC policy of reject.`,
  () => '550 5.7.64 TenantAttribution; Relay Access Denied',
  () => '550 5.1.8 Access denied, bad outbound sender',
  () => '550 5.7.23 The message was rejected because of Sender Policy Framework violation',
  (r) => `550 5.1.1 <${r}>: Recipient address rejected: User unknown in virtual mailbox table`,
  (r, d, ip) =>
    `550 5.7.1 Unfortunately, messages from [${ip}] weren't sent. Please contact your Internet service provider since part of their network is on our block list (S3150).`,
  () => '550 5.7.1 TRANSPORT.RULES.RejectMessage; the message was rejected by organization policy',
  (r, d, ip) => `554 5.7.1 Service unavailable; Client host [${ip}] blocked using zen.spamhaus.org`,
  () => '552 5.3.4 Message size exceeds fixed maximum message size',
  (r, d, ip, n) => `554 5.7.0 Message refused, reference ${n.toString(36).toUpperCase()}`,
];
const DEFERS = [
  () => '450 4.4.316 Connection refused [Message=Socket error code 10061]',
  () => '451 4.7.1 Greylisted, please try again in 300 seconds',
  () => '450 4.4.317 Cannot connect to remote server [Message=UntrustedRoot]',
];
const SUBJECTS = [
  'Invoice',
  'Meeting notes',
  'Re: proposal, "final"',
  'Quarterly results 📈',
  'Résumé – Müller',
  'Weekly digest',
  'Your order has shipped',
  'Fwd: contract\nsigned copy',
];
const DOMAINS = [
  'fabrikam.com',
  'adatum.com',
  'northwindtraders.com',
  'woodgrovebank.com',
  'litwareinc.com',
  'example.net',
  'example.org',
  'tailspintoys.com',
];
const TENANT = '5b2c8e1d-4f3a-4c6e-9a1b-7d0e2f3a4b5c';

function rng(seed) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

function quoteAsNeeded(v) {
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** Every field quoted, as PowerShell's Export-Csv writes (and as exotrace's own samples are). */
function quoteAlways(v) {
  return `"${v.replace(/"/g, '""')}"`;
}

function lrt(t) {
  const d = new Date(t);
  const h = d.getUTCHours();
  return `${d.getUTCMonth() + 1}/${d.getUTCDate()}/${d.getUTCFullYear()} ${h % 12 || 12}:${String(d.getUTCMinutes()).padStart(2, '0')}:${String(d.getUTCSeconds()).padStart(2, '0')} ${h >= 12 ? 'PM' : 'AM'}`;
}

function led(text, host, ip, t) {
  return `[{LED=${text}};{MSG=};{FQDN=${host}};{IP=${ip}};{LRT=${lrt(t)}}]`;
}

/**
 * Authentication results in custom_data (`S:SPF=…;S:DKIM=…`), as some exports are said to carry
 * them (shared/research/formats.md): one sender domain fails DMARC, the others pass.
 */
function authEntries(domain) {
  return domain === 'adatum.com'
    ? 'S:SPF=fail;S:DKIM=none;S:DMARC=fail|action=oreject;S:CompAuth=fail|reason=000;'
    : 'S:SPF=pass;S:DKIM=pass;S:DMARC=pass|action=none;S:CompAuth=pass|reason=100;';
}

/**
 * Writes `rows` data rows; resolves with what was written (bytes, messages, deliveries).
 * `quoting`: 'minimal' (only fields that need it) or 'all'. `auth`: inbound messages carry
 * authentication results in custom_data (the same rows otherwise: no random draw depends on it).
 */
export function writeSyntheticTrace(path, rows, encoding, seed = 20261123, quoting = 'minimal', { auth = false } = {}) {
  const quote = quoting === 'all' ? quoteAlways : quoteAsNeeded;
  const random = rng(seed);
  const pick = (list) => list[Math.floor(random() * list.length)];
  const out = createWriteStream(path);
  const encode = (s) => (encoding === 'utf-16le' ? Buffer.from(s, 'utf16le') : Buffer.from(s, 'utf8'));
  let bytes = 0;
  let buffer = '';
  const flushAt = 1 << 20;
  const pendingLater = []; // [dueRowCount, rowText]
  let written = 0;
  let messages = 0;
  const deliveries = new Set();

  const emit = (values) => {
    buffer += COLUMNS.map((c) => quote(values[c] ?? '')).join(',') + '\r\n';
    written++;
  };
  const drain = async () => {
    if (!buffer) return;
    const chunk = encode(buffer);
    buffer = '';
    bytes += chunk.length;
    if (!out.write(chunk)) await new Promise((r) => out.once('drain', r));
  };

  return (async () => {
    const head = (encoding === 'utf-16le' ? '\uFEFF' : '') + COLUMNS.map(quote).join(',') + '\r\n';
    buffer = head;
    let t = Date.parse('2026-11-01T00:00:00Z');
    while (written < rows) {
      messages++;
      const n = messages;
      t += Math.floor(random() * 4000);
      const inbound = random() < 0.45;
      const domain = pick(DOMAINS);
      const sender = inbound ? `sender${n % 5000}@${domain}` : `user${n % 800}@contoso.com`;
      const recipientCount = random() < 0.12 ? 2 + Math.floor(random() * 3) : 1;
      const recipients = Array.from({ length: recipientCount }, (_, i) =>
        inbound ? `user${(n + i) % 800}@contoso.com` : `r${(n * 7 + i) % 90000}@${domain}`,
      );
      const nmid = `${((n * 2654435761) >>> 0).toString(16).padStart(8, '0')}-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
      const mid = `<m${n}@${sender.split('@')[1]}>`;
      const ip = `198.51.100.${n % 250}`;
      const base = {
        message_id: mid,
        network_message_id: nmid,
        internal_message_id: String(1000000 + n),
        message_subject: pick(SUBJECTS) + ' ' + (n % 97),
        sender_address: sender,
        return_path: sender,
        directionality: inbound ? 'Incoming' : 'Originating',
        tenant_id: TENANT,
        total_bytes: String(5000 + Math.floor(random() * 200000)),
        recipient_count: String(recipientCount),
        original_client_ip: inbound ? ip : '',
      };
      const at = (dt) => new Date(t + dt).toISOString();
      for (const r of recipients) deliveries.add(nmid + r);
      emit({
        ...base,
        date_time_utc: at(0),
        client_ip: inbound ? ip : '',
        source: inbound ? 'SMTP' : 'STOREDRIVER',
        event_id: 'RECEIVE',
        recipient_address: recipients.join(';'),
        recipient_status: recipients.map(() => 'To').join(';'),
      });
      emit({
        ...base,
        date_time_utc: at(300),
        source: 'AGENT',
        event_id: 'AGENTINFO',
        recipient_address: recipients.join(';'),
        custom_data: `${auth && inbound ? authEntries(domain) : ''}S:SFA=SUM|SFV=${random() < 0.1 ? 'SPM' : 'NSPM'}|IPV=NLI|SRV=|SFS=470454002|SCL=${Math.floor(random() * 6)}|SCORE=-1|LIST=0|DI=SN|CIP=${ip}|CTRY=US|LANG=en|LAT=${Math.floor(random() * 300)}|LAT=12;S:DeliveryPriority=Normal;S:AccountForest=EURPR04A001.prod.outlook.com`,
      });
      const fate = random();
      const finalEvent = inbound ? 'DELIVER' : 'SEND';
      if (fate < 0.08) {
        // an immediate failure for one recipient, the others delivered
        const [failed, ...rest] = recipients;
        const text = led(
          pick(FAILURES)(failed, sender.split('@')[1], ip, n),
          `${domain}.mail.protection.outlook.com`,
          '198.51.100.20',
          t + 600,
        );
        emit({
          ...base,
          date_time_utc: at(600),
          source: 'SMTP',
          event_id: 'FAIL',
          recipient_address: failed,
          recipient_status: text,
        });
        if (rest.length)
          emit({
            ...base,
            date_time_utc: at(650),
            source: 'SMTP',
            event_id: finalEvent,
            recipient_address: rest.join(';'),
            recipient_status: rest.map(() => '250 2.1.5 Recipient OK').join(';'),
          });
      } else if (fate < 0.13) {
        // deferred, then delivered or (later in the file, a day later) expired
        const text = led(pick(DEFERS)(), `mail.${domain}`, '203.0.113.140', t + 700);
        emit({
          ...base,
          date_time_utc: at(700),
          source: 'SMTP',
          event_id: 'DEFER',
          recipient_address: recipients.join(';'),
          recipient_status: recipients.map(() => text).join(';'),
        });
        if (random() < 0.6) {
          emit({
            ...base,
            date_time_utc: at(900_000),
            source: 'SMTP',
            event_id: finalEvent,
            recipient_address: recipients.join(';'),
            recipient_status: recipients.map(() => '250 2.0.0 OK').join(';'),
          });
        } else {
          const values = {
            ...base,
            date_time_utc: at(86_400_000),
            source: 'SMTP',
            event_id: 'FAIL',
            recipient_address: recipients.join(';'),
            recipient_status: recipients
              .map(() =>
                led('550 4.4.7 QUEUE.Expired; message expired', `mail.${domain}`, '203.0.113.140', t + 86_400_000),
              )
              .join(';'),
          };
          pendingLater.push([written + 2000 + Math.floor(random() * 3000), values]);
        }
      } else if (fate < 0.15) {
        emit({
          ...base,
          date_time_utc: at(500),
          source: 'AGENT',
          event_id: 'DROP',
          recipient_address: recipients.join(';'),
          recipient_status: led(
            '250 2.1.5 RESOLVER.OOF.IntToExt; handled internal OOF addressed to external recipient',
            '',
            '',
            t + 500,
          ),
        });
      } else {
        emit({
          ...base,
          date_time_utc: at(800),
          source: inbound ? 'STOREDRIVER' : 'SMTP',
          event_id: finalEvent,
          recipient_address: recipients.join(';'),
          recipient_status: recipients
            .map(() => (inbound ? '250 2.1.5 Recipient OK' : '250 2.6.0 Queued mail for delivery'))
            .join(';'),
        });
      }
      while (pendingLater.length && pendingLater[0][0] <= written) emit(pendingLater.shift()[1]);
      if (buffer.length >= flushAt) await drain();
    }
    while (pendingLater.length) emit(pendingLater.shift()[1]);
    await drain();
    await new Promise((resolve, reject) => out.end((e) => (e ? reject(e) : resolve())));
    return { rows: written, bytes, messages, deliveries: deliveries.size };
  })();
}
