#!/usr/bin/env node
/**
 * What checking domains over DNS costs: `N` domains (default 300), each with an SPF tree of 10
 * lookups that shares Microsoft's include with the others (as real tenants do), DMARC and
 * Microsoft 365's two DKIM selectors, served by a dns2 server on 127.0.0.1. Prints the time, the
 * queries sent (the cache keeps the shared ones to one) and the time per domain. The network of a
 * real resolver adds its round trips; this measures exotrace's own work and its concurrency.
 *
 *   npm run bench:dns [-- --domains 1000]
 */
import { generateKeyPairSync } from 'node:crypto';
import dns2 from 'dns2';
import { checkDomains } from '../../dist/dns/check-domain.js';
import { createDnsResolver } from '../../dist/dns/resolver.js';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const n = Number(arg('domains', '300'));
const { Packet } = dns2;
const key = generateKeyPairSync('rsa', { modulusLength: 2048 })
  .publicKey.export({ type: 'spki', format: 'der' })
  .toString('base64');

const txt = new Map();
txt.set('spf.protection.outlook.example', ['v=spf1 ip4:40.92.0.0/15 ip6:2a01:111:f400::/48 -all']);
for (let v = 0; v < 8; v++) txt.set(`v${v}.vendor.example`, [`v=spf1 ip4:198.51.100.${v}/32 -all`]);
for (let i = 0; i < n; i++) {
  const d = `tenant${i}.example`;
  const vendors = Array.from({ length: 8 }, (_, v) => `include:v${(i + v) % 8}.vendor.example`).join(' ');
  txt.set(d, [`v=spf1 include:spf.protection.outlook.example ${vendors} a -all`]);
  txt.set(`_dmarc.${d}`, ['v=DMARC1; p=quarantine; rua=mailto:dmarc@' + d]);
  txt.set(`selector1._domainkey.${d}`, [`v=DKIM1; k=rsa; p=${key}`]);
}
const server = dns2.createServer({
  udp: true,
  tcp: true,
  handle: (request, send) => {
    const response = Packet.createResponseFromRequest(request);
    const [q] = request.questions;
    const name = q.name.toLowerCase();
    if (q.type === Packet.TYPE.TXT && txt.has(name))
      for (const data of txt.get(name))
        response.answers.push({ name, type: Packet.TYPE.TXT, class: 1, ttl: 300, data: data.match(/.{1,255}/g) }); // character-strings of 255 bytes at most
    else if (q.type === Packet.TYPE.A && /^tenant\d+\.example$/.test(name))
      response.answers.push({ name, type: Packet.TYPE.A, class: 1, ttl: 300, address: '192.0.2.1' });
    else if (!txt.has(name) && !/^tenant\d+\.example$/.test(name)) response.header.rcode = 3;
    send(response);
  },
});
const port = 20000 + Math.floor(Math.random() * 20000);
await server.listen({ udp: { port, address: '127.0.0.1' }, tcp: { port, address: '127.0.0.1' } });
const dns = createDnsResolver({ server: `127.0.0.1:${port}` });
const started = performance.now();
const result = await checkDomains(
  dns,
  Array.from({ length: n }, (_, i) => `tenant${i}.example`),
);
const ms = performance.now() - started;
await server.close();
const lookups = result.domains.reduce((s, d) => s + d.spf.lookups, 0);
console.log(
  `\ncheck-domain on ${n} domains (SPF trees of ${result.domains[0].spf.lookups} lookups, DMARC, 2 DKIM selectors, MX): ` +
    `${(ms / 1000).toFixed(2)} s, ${(ms / n).toFixed(1)} ms per domain; ${dns.queries} DNS queries sent for ` +
    `${lookups} SPF lookups counted (the cache answers the shared includes); peak RSS ` +
    `${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`,
);
