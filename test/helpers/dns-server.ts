/**
 * A real DNS server on 127.0.0.1, UDP and TCP on one port (as resolvers expect), serving zones
 * given as data: the names of a test's fixtures, NXDOMAIN for the rest, NODATA for a name without
 * the type asked, CNAMEs followed as a recursive resolver would, SERVFAIL for names under
 * `servfail.*`, and no answer at all for names under `timeout.*`. Built on dns2.
 */
import { createSocket } from 'node:dgram';
import { createServer as createTcpServer } from 'node:net';
import dns2 from 'dns2';

export interface ZoneName {
  /** each record one string, or its character-strings (RFC 1035 §3.3.14: 255 bytes each) */
  TXT?: Array<string | string[]>;
  MX?: Array<[number, string]>;
  A?: string[];
  AAAA?: string[];
  CNAME?: string;
  PTR?: string[];
}

export type Zones = Record<string, ZoneName>;

export interface DnsTestServer {
  /** `127.0.0.1:PORT`, as --dns-server takes it */
  address: string;
  /** every question asked, `TYPE name` */
  asked: string[];
  /** the questions asked over TCP (after a truncated UDP answer) */
  askedOverTcp: string[];
  close(): Promise<void>;
}

const { Packet } = dns2;
// (dns2's declarations leave out RCODE)
const RCODE = (Packet as unknown as { RCODE: { SERVFAIL: number; NXDOMAIN: number } }).RCODE;
const TYPE_NAMES = new Map<number, string>(Object.entries(Packet.TYPE).map(([k, v]) => [v as number, k]));

/** A long string as character-strings of at most 255 bytes. */
function chunks(value: string | string[]): string[] {
  if (Array.isArray(value)) return value;
  const out: string[] = [];
  for (let i = 0; i < value.length; i += 255) out.push(value.slice(i, i + 255));
  return out.length ? out : [''];
}

function resource(name: string, type: string, value: unknown): Record<string, unknown> {
  const base = { name, type: Packet.TYPE[type as keyof typeof Packet.TYPE], class: Packet.CLASS.IN, ttl: 300 };
  switch (type) {
    case 'TXT':
      return { ...base, data: chunks(value as string | string[]) };
    case 'MX':
      return { ...base, priority: (value as [number, string])[0], exchange: (value as [number, string])[1] };
    case 'A':
    case 'AAAA':
      return { ...base, address: value };
    default:
      return { ...base, domain: value };
  }
}

export async function startDnsServer(zones: Zones): Promise<DnsTestServer> {
  const byName = new Map(Object.entries(zones).map(([k, v]) => [k.toLowerCase(), v]));
  const asked: string[] = [];
  const askedOverTcp: string[] = [];
  const server = dns2.createServer({
    udp: true,
    tcp: true,
    handle: (request, send, client) => {
      const response = Packet.createResponseFromRequest(request);
      const header = response.header as unknown as { rcode: number; ra: number };
      const answers = response.answers as unknown[];
      const [question] = request.questions;
      if (!question) return void send(response);
      const qname = question.name.toLowerCase();
      const type = TYPE_NAMES.get(question.type) ?? String(question.type);
      asked.push(`${type} ${qname}`);
      // a TCP client is its socket; a UDP one, the datagram's rinfo
      if (typeof (client as { write?: unknown }).write === 'function') askedOverTcp.push(`${type} ${qname}`);
      header.ra = 1;
      if (/(^|\.)timeout\.[a-z]+$/.test(qname)) return; // never answered
      if (/(^|\.)servfail\.[a-z]+$/.test(qname)) {
        header.rcode = RCODE.SERVFAIL;
        return void send(response);
      }
      let name = qname;
      for (let hops = 0; hops < 8; hops++) {
        const entry = byName.get(name);
        if (!entry) {
          if (name === qname) header.rcode = RCODE.NXDOMAIN;
          break;
        }
        if (entry.CNAME && type !== 'CNAME') {
          answers.push(resource(name, 'CNAME', entry.CNAME));
          name = entry.CNAME.toLowerCase();
          continue;
        }
        const values = (entry as Record<string, unknown[] | string | undefined>)[type];
        for (const v of Array.isArray(values) ? values : values !== undefined ? [values] : [])
          answers.push(resource(name, type, v));
        break;
      }
      void send(response);
    },
  });
  const port = await freePort();
  await server.listen({ udp: { port, address: '127.0.0.1' }, tcp: { port, address: '127.0.0.1' } });
  return { address: `127.0.0.1:${port}`, asked, askedOverTcp, close: async () => void (await server.close()) };
}

/** A port free for both UDP and TCP on 127.0.0.1 (resolvers use one port for both). */
async function freePort(): Promise<number> {
  for (;;) {
    const udp = createSocket('udp4');
    const port = await new Promise<number>((resolve) => udp.bind(0, '127.0.0.1', () => resolve(udp.address().port)));
    const tcp = createTcpServer();
    const free = await new Promise<boolean>((resolve) => {
      tcp.once('error', () => resolve(false));
      tcp.listen(port, '127.0.0.1', () => resolve(true));
    });
    await new Promise((r) => udp.close(() => r(undefined)));
    if (free) {
      await new Promise((r) => tcp.close(() => r(undefined)));
      return port;
    }
  }
}
