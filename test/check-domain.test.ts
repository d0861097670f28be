/**
 * `exotrace check-domain` over real DNS: a dns2 server on 127.0.0.1 (UDP and TCP) serves fixture
 * zones with every fault planted: SPF trees of exactly 10 and of 11 and 13 lookups, void lookups,
 * two records, syntax errors, a loop, an include without SPF, +all; DMARC missing, malformed,
 * doubled, with external report destinations authorized and not; DKIM keys of 2048 and 1024 bits,
 * revoked and missing; blocklist answers; reverse DNS confirmed and not; a zone that never answers
 * and one that fails. The counts are RFC 7208's.
 */
import { generateKeyPairSync } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import type { Report } from '../src/model/report.js';
import { withPage } from './helpers/browser.js';
import { tempDir } from './helpers/files.js';
import { expectValidReport } from './helpers/report-schema.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckDomainResult, DomainCheck } from '../src/model/dns-checks.js';
import { runCliAsync } from './helpers/cli.js';
import { startDnsServer, type DnsTestServer, type Zones } from './helpers/dns-server.js';

let dns: DnsTestServer;

function publicKey(bits: number): string {
  const { publicKey } = generateKeyPairSync('rsa', { modulusLength: bits });
  return publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
}

const spf = (record: string) => ({ TXT: [record] });
const ipOnly = (n: number) => spf(`v=spf1 ip4:192.0.2.${n} -all`);

function zones(): Zones {
  const z: Zones = {
    // 13 lookups: outlook 1, vendor 1+5, a 1, mx 1, crm 1+3
    'contoso.example': {
      TXT: [
        'v=spf1 include:spf.protection.outlook.example include:_spf.vendor.example a mx include:_spf.crm.example ' +
          'ip4:203.0.113.0/28 -all',
        'MS=ms12345678',
      ],
      A: ['203.0.113.10'],
      MX: [[10, 'mx1.contoso.example']],
    },
    'mx1.contoso.example': { A: ['203.0.113.25'] },
    'spf.protection.outlook.example': spf('v=spf1 ip4:40.92.0.0/15 ip6:2a01:111:f400::/48 -all'),
    '_spf.vendor.example': spf(
      'v=spf1 include:a.vendor.example include:b.vendor.example include:c.vendor.example include:d.vendor.example ' +
        'include:e.vendor.example ~all',
    ),
    '_spf.crm.example': spf('v=spf1 include:x.crm.example include:y.crm.example a:mail.crm.example -all'),
    'mail.crm.example': { A: ['198.51.100.80'] },
    '_dmarc.contoso.example': { TXT: ['v=DMARC1; p=reject; rua=mailto:dmarc@contoso.example'] },
    'selector1._domainkey.contoso.example': {
      CNAME: 'selector1-contoso-example._domainkey.contoso.onmicrosoft.example',
    },
    'selector1-contoso-example._domainkey.contoso.onmicrosoft.example': {
      TXT: [`v=DKIM1; k=rsa; p=${publicKey(2048)}`],
    },
    'selector2._domainkey.contoso.example': {
      CNAME: 'selector2-contoso-example._domainkey.contoso.onmicrosoft.example',
    },
    'selector2-contoso-example._domainkey.contoso.onmicrosoft.example': { TXT: ['v=DKIM1; k=rsa; p='] },
    'ten.example': spf(`v=spf1 ${Array.from({ length: 10 }, (_, i) => `include:t${i}.ten.example`).join(' ')} -all`),
    'eleven.example': spf(`v=spf1 ${Array.from({ length: 11 }, (_, i) => `include:t${i}.ten.example`).join(' ')} -all`),
    'void.example': spf('v=spf1 a:nx1.void.example a:nx2.void.example a:nx3.void.example -all'),
    'voidok.example': spf('v=spf1 a:nx1.void.example a:nx2.void.example -all'),
    'two.example': { TXT: ['v=spf1 -all', 'v=spf1 ip4:192.0.2.1 -all'] },
    'syntax.example': spf('v=spf1 ipv4:192.0.2.1 ip4:192.0.2.300 include -all'),
    'loop.example': spf('v=spf1 include:loop2.example -all'),
    'loop2.example': spf('v=spf1 include:loop.example -all'),
    'deep.example': spf('v=spf1 include:d1.deep.example -all'),
    'incmissing.example': spf('v=spf1 include:nospf.example -all'),
    'nospf.example': { TXT: ['google-site-verification=abc'] },
    'plusall.example': spf('v=spf1 +all'),
    'fabrikam.example': {
      ...spf('v=spf1 ip4:198.51.100.0/24 -all'),
      MX: [[0, 'fabrikam-example.mail.protection.outlook.example']],
    },
    'fabrikam-example.mail.protection.outlook.example': { A: ['192.0.2.99'] },
    '_dmarc.fabrikam.example': {
      TXT: ['v=DMARC1; p=quarantine; pct=50; rua=mailto:agg@reports.example; ruf=mailto:forensic@other.example'],
    },
    'fabrikam.example._report._dmarc.reports.example': { TXT: ['v=DMARC1'] },
    'selector1._domainkey.fabrikam.example': { TXT: [`v=DKIM1; k=rsa; p=${publicKey(1024)}`] },
    's2048._domainkey.fabrikam.example': { TXT: [`v=DKIM1; k=rsa; p=${publicKey(2048)}`] },
    'baddmarc.example': spf('v=spf1 -all'),
    '_dmarc.baddmarc.example': { TXT: ['v=DMARC1; p=block; pct=150'] },
    'multidmarc.example': spf('v=spf1 -all'),
    '_dmarc.multidmarc.example': { TXT: ['v=DMARC1; p=none', 'v=DMARC1; p=reject'] },
    'nodmarc.example': { ...spf('v=spf1 mx -all'), MX: [[10, 'mx.nodmarc.example']] },
    'mx.nodmarc.example': { A: ['192.0.2.77'] },
    'mail.contoso.example': { A: ['203.0.113.26'] },
    // more TXT than a UDP answer holds: truncated, then asked again over TCP
    'bigtxt.example': {
      TXT: [
        ...Array.from({ length: 40 }, (_, i) => `verification-${i}=${'x'.repeat(60)}`),
        'v=spf1 include:t1.ten.example -all',
      ],
    },
    // reverse DNS and blocklists
    '25.113.0.203.in-addr.arpa': { PTR: ['mx1.contoso.example'] },
    '7.100.51.198.in-addr.arpa': { PTR: ['host.isp.example'] },
    'host.isp.example': { A: ['198.51.100.8'] },
    '66.113.0.203.zen.spamhaus.org': { A: ['127.0.0.2', '127.0.0.4'] },
    '66.113.0.203.bl.spamcop.net': { A: ['127.0.0.2'] },
    '7.100.51.198.zen.spamhaus.org': { A: ['127.0.0.10'] },
  };
  for (const v of ['a', 'b', 'c', 'd', 'e']) z[`${v}.vendor.example`] = ipOnly(10);
  for (const v of ['x', 'y']) z[`${v}.crm.example`] = ipOnly(11);
  for (let i = 0; i < 11; i++) z[`t${i}.ten.example`] = ipOnly(i + 1);
  for (let i = 1; i <= 5; i++)
    z[`d${i}.deep.example`] = spf(i < 5 ? `v=spf1 include:d${i + 1}.deep.example -all` : 'v=spf1 -all');
  return z;
}

beforeAll(async () => {
  dns = await startDnsServer(zones());
});
afterAll(async () => {
  await dns?.close();
});

async function check(domains: string[], extra: string[] = []): Promise<CheckDomainResult> {
  const r = await runCliAsync(['check-domain', ...domains, '--dns-server', dns.address, '--format', 'json', ...extra]);
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as CheckDomainResult;
}
const codes = (d: DomainCheck) => d.problems.map((p) => p.code);

describe('check-domain: SPF', () => {
  it('counts lookups as RFC 7208 does, and names the include that costs most', async () => {
    const [contoso, ten, eleven, deep] = (
      await check(['contoso.example', 'ten.example', 'eleven.example', 'deep.example'])
    ).domains;
    expect(contoso!.spf).toMatchObject({ status: 'permerror', lookups: 13, voidLookups: 0 });
    expect(contoso!.spf.includes[0]).toEqual({ domain: '_spf.vendor.example', lookups: 6 });
    expect(contoso!.problems).toContainEqual({
      code: 'spf.too-many-lookups',
      message: "contoso.example's SPF needs 13 DNS lookups (limit 10): include:_spf.vendor.example costs 6",
    });
    expect(ten!.spf).toMatchObject({ status: 'pass', lookups: 10 });
    expect(codes(ten!)).not.toContain('spf.too-many-lookups');
    expect(eleven!.spf).toMatchObject({ status: 'permerror', lookups: 11 });
    expect(deep!.spf).toMatchObject({ status: 'pass', lookups: 5 });
  });

  it('finds void lookups, two records, syntax errors, a loop, an include without SPF, and +all', async () => {
    const r = await check([
      'void.example',
      'voidok.example',
      'two.example',
      'syntax.example',
      'loop.example',
      'incmissing.example',
      'plusall.example',
    ]);
    const [v, ok, two, syntax, loop, missing, plus] = r.domains;
    expect(v!.spf).toMatchObject({ status: 'permerror', voidLookups: 3 });
    expect(codes(v!)).toContain('spf.void-lookups');
    expect(ok!.spf).toMatchObject({ status: 'pass', voidLookups: 2 });
    expect(two!.spf.status).toBe('permerror');
    expect(codes(two!)).toContain('spf.multiple-records');
    expect(syntax!.spf.status).toBe('permerror');
    expect(syntax!.spf.problems.filter((p) => p.code === 'spf.syntax').map((p) => p.message)).toEqual([
      'syntax.example: "ipv4:192.0.2.1" is not a mechanism (ip4: or ip6:)',
      'syntax.example: "ip4:192.0.2.300" is not an IPv4 address',
      'syntax.example: "include" needs a domain (include:example.com)',
    ]);
    expect(codes(loop!)).toContain('spf.loop');
    expect(loop!.spf.status).toBe('permerror');
    expect(missing!.problems).toContainEqual({
      code: 'spf.include-missing',
      message: 'incmissing.example includes nospf.example, which has no SPF record',
    });
    expect(plus!.spf.status).toBe('pass');
    expect(codes(plus!)).toContain('spf.plus-all');
  });

  it('reads a TXT set too large for UDP over TCP', async () => {
    const [big] = (await check(['bigtxt.example'])).domains;
    expect(big!.spf).toMatchObject({ status: 'pass', lookups: 1, record: 'v=spf1 include:t1.ten.example -all' });
    expect(dns.askedOverTcp).toContain('TXT bigtxt.example');
  });

  it('says what the record says of a sending IP, evaluating terms in order until one matches', async () => {
    const ips = ['40.93.1.1', '192.0.2.10', '203.0.113.10', '203.0.113.5'];
    const r = await check(
      ['contoso.example'],
      ips.flatMap((ip) => ['--ip', ip]),
    );
    expect(r.domains[0]!.spf.ips).toEqual([
      // in the first include: 1 lookup
      { ip: '40.93.1.1', result: 'pass' },
      // in a.vendor.example, inside the second: 3 lookups
      { ip: '192.0.2.10', result: 'pass' },
      // the domain's own A record: the 8th lookup
      { ip: '203.0.113.10', result: 'pass' },
      // the record's own ip4 range, but after the crm include: the lookups run out first (13 > 10)
      { ip: '203.0.113.5', result: 'permerror' },
    ]);
    const f = await check(['fabrikam.example'], ['--ip', '192.0.2.1']);
    expect(f.domains[0]!.spf.ips).toEqual([{ ip: '192.0.2.1', result: 'fail' }]);
    expect(codes(f.domains[0]!)).toContain('spf.ip-not-authorized');
  });
});

describe('check-domain: DMARC, DKIM, MX, reverse DNS and blocklists', () => {
  it('reads DMARC policies, falls back to the organizational domain, and checks external report destinations', async () => {
    const r = await check([
      'fabrikam.example',
      'baddmarc.example',
      'multidmarc.example',
      'nodmarc.example',
      'mail.contoso.example',
    ]);
    const [fabrikam, bad, multi, none, sub] = r.domains;
    expect(fabrikam!.dmarc).toMatchObject({
      status: 'pass',
      policy: 'quarantine',
      pct: 50,
      rua: ['agg@reports.example'],
    });
    expect(codes(fabrikam!)).toEqual(expect.arrayContaining(['dmarc.pct', 'dmarc.external-unauthorized']));
    expect(fabrikam!.problems.filter((p) => p.code === 'dmarc.external-unauthorized')).toHaveLength(1);
    expect(fabrikam!.problems.find((p) => p.code === 'dmarc.external-unauthorized')!.message).toContain(
      'forensic@other.example',
    );
    expect(bad!.dmarc.status).toBe('permerror');
    expect(bad!.dmarc.problems.map((p) => p.message)).toEqual([
      '_dmarc.baddmarc.example: p=block is not none, quarantine or reject',
      '_dmarc.baddmarc.example: pct=150 is not 0 to 100',
    ]);
    expect(codes(multi!)).toContain('dmarc.multiple-records');
    expect(codes(none!)).toContain('dmarc.missing');
    expect(sub!.dmarc).toMatchObject({ status: 'pass', foundAt: 'contoso.example', policy: 'reject' });
  });

  it("checks Microsoft 365's DKIM selectors: key size, revoked, missing", async () => {
    const r = await check(['contoso.example', 'fabrikam.example', 'nodmarc.example']);
    const [contoso, fabrikam, none] = r.domains;
    expect(contoso!.dkim).toEqual([
      expect.objectContaining({ selector: 'selector1', status: 'pass', bits: 2048, keyType: 'rsa' }),
      expect.objectContaining({ selector: 'selector2', status: 'revoked' }),
    ]);
    expect(contoso!.dkim[0]!.target).toBe('selector1-contoso-example._domainkey.contoso.onmicrosoft.example');
    expect(codes(contoso!)).toContain('dkim.revoked');
    expect(fabrikam!.dkim[0]).toMatchObject({ status: 'pass', bits: 1024 });
    expect(codes(fabrikam!)).toContain('dkim.short-key');
    expect(codes(none!)).toContain('dkim.missing');
    expect(none!.mx).toEqual([{ exchange: 'mx.nodmarc.example', priority: 10, addresses: ['192.0.2.77'] }]);
  });

  it('decodes blocklist answers, and tells reverse DNS that leads back from one that does not', async () => {
    const r = await check(
      ['contoso.example'],
      ['--ip', '203.0.113.66', '--ip', '203.0.113.25', '--ip', '198.51.100.7'],
    );
    const [listed, clean, isp] = r.ips!;
    expect(listed!.listings).toEqual([
      {
        zone: 'zen.spamhaus.org',
        codes: ['127.0.0.2', '127.0.0.4'],
        meaning: 'SBL: a spam source or spam operation; XBL: a compromised or infected host',
        delisting: 'https://check.spamhaus.org/',
      },
      expect.objectContaining({ zone: 'bl.spamcop.net', codes: ['127.0.0.2'] }),
    ]);
    expect(listed!.problems.map((p) => p.code)).toEqual(['ip.no-ptr', 'ip.listed', 'ip.listed']);
    expect(clean).toMatchObject({ names: ['mx1.contoso.example'], forwardConfirmed: true, listings: [], problems: [] });
    expect(isp).toMatchObject({ names: ['host.isp.example'], forwardConfirmed: false });
    expect(isp!.listings[0]!.meaning).toBe('PBL: an end-user address that should not send mail directly (ISP)');
  });
});

describe('check-domain when DNS does not answer', () => {
  it('says temperror for a zone that times out or fails, and goes on with the others', async () => {
    const r = await check(['timeout.example', 'servfail.example', 'ten.example'], ['--dns-timeout', '0.3']);
    expect(r.domains[0]!.spf.status).toBe('temperror');
    expect(r.domains[1]!.spf.status).toBe('temperror');
    expect(r.domains[2]!.spf.status).toBe('pass');
    expect(r.notChecked).toBeUndefined();
  });

  it('offline: "not checked", said once, and exit 0', async () => {
    const silent = await startDnsServer({});
    const port = silent.address;
    await silent.close(); // nothing listens there any more
    const r = await runCliAsync(['check-domain', 'contoso.example', '--dns-server', port, '--dns-timeout', '0.2']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('not checked: no DNS server answered');
    expect(r.stdout.match(/not checked/g)).toHaveLength(1);
  });

  it('gives text a reader can act on', async () => {
    const r = await runCliAsync(['check-domain', 'contoso.example', '--dns-server', dns.address]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('  SPF    permerror: 13 DNS lookups (limit 10), 0 void (limit 2)');
    expect(r.stdout).toContain(
      "  ✗ spf.too-many-lookups: contoso.example's SPF needs 13 DNS lookups (limit 10): include:_spf.vendor.example costs 6",
    );
    const bad = await runCliAsync(['check-domain', 'not a domain']);
    expect(bad.status).toBe(64);
  });
});

describe('an SPF record read as RFC 7208 writes it', () => {
  it('takes every mechanism and modifier form, and names what is wrong', async () => {
    const { parseSpf } = await import('../src/dns/spf-record.js');
    const ok = parseSpf(
      'v=spf1 a a:mail.%{d} a/24 a:example.com/24//64 mx:example.com ptr ip4:192.0.2.0/24 ip6:2001:db8::/32 ' +
        'exists:%{ir}.%{v}._spf.%{d} -include:_spf.example.com ?all redirect=_spf.example.com exp=explain.%{d} ' +
        'unknown-mod=anything',
    );
    expect(ok.errors).toEqual([]);
    expect(ok.terms.map((t) => (t.kind === 'mechanism' ? `${t.qualifier}${t.name}` : `${t.name}=`))).toEqual([
      '+a',
      '+a',
      '+a',
      '+a',
      '+mx',
      '+ptr',
      '+ip4',
      '+ip6',
      '+exists',
      '-include',
      '?all',
      'redirect=',
      'exp=',
      'unknown-mod=',
    ]);
    expect(ok.terms[3]).toMatchObject({ value: 'example.com', cidr4: 24, cidr6: 64 });
    const bad = parseSpf(
      'v=spf1 a/33 ip6:2001:db8::/129 include:%{x}.example.com redirect=a.example redirect=b.example all/8',
    );
    expect(bad.errors).toEqual([
      '"a/33" has an IPv4 prefix length of 33 (at most 32)',
      '"ip6:2001:db8::/129" has a prefix length that is not 0 to 128',
      '"include:%{x}.example.com" names a domain that has a broken macro (%)',
      '"redirect=" appears twice',
      '"all/8" has something after "all"',
    ]);
  });
});

describe('analyze --verify-dns', () => {
  /** An Extended export of five failures whose causes name the fixture domains and IPs. */
  function trace(dir: string): string {
    const header =
      'date_time_utc,event_id,network_message_id,recipient_address,recipient_status,message_subject,sender_address,directionality';
    const rows = [
      [
        'news@contoso.example',
        'ap@woodgrove.example',
        'Originating',
        '550 5.7.509 Access denied, sending domain contoso.example does not pass DMARC verification and has a DMARC policy of reject.',
      ],
      ['crm@contoso.example', 'lee@adatum.example', 'Originating', '550 5.7.1 SPF permerror: too many DNS lookups'],
      [
        'sales@fabrikam.example',
        'kim@adatum.example',
        'Originating',
        '550 5.7.23 The message was rejected because of Sender Policy Framework violation: fabrikam.example does not designate 192.0.2.200 as permitted sender',
      ],
      [
        'billing@fabrikam.example',
        'pat@gmail.example',
        'Originating',
        '550 5.7.26 This mail has been blocked because the sender is unauthenticated. Gmail requires all senders to authenticate with either SPF or DKIM. dkim=fail header.d=fabrikam.example header.s=s2048',
      ],
      [
        'frontdesk@contoso.example',
        'guest@outlook.example',
        'Originating',
        "550 5.7.1 Unfortunately, messages from [203.0.113.66] weren't sent. Please contact your Internet service provider since part of their network is on our block list (S3150).",
      ],
      [
        'scanner@contoso.example',
        'x@outlook.example',
        'Originating',
        "550 5.7.1 Unfortunately, messages from [203.0.113.25] weren't sent. Please contact your Internet service provider since part of their network is on our block list (S3140).",
      ],
    ];
    const csv = [header];
    rows.forEach(([sender, recipient, direction, text], i) => {
      const id = `dddddddd-0000-4000-8000-00000000000${i}`;
      const at = `2026-11-1${i}T10:00:00.000Z`;
      const q = (s = '') => `"${s.replace(/"/g, '""')}"`;
      csv.push([at, 'RECEIVE', id, recipient, '', 'Hello', sender, direction].map(q).join(','));
      csv.push(
        [
          at.replace(':00.000Z', ':30.000Z'),
          'FAIL',
          id,
          recipient,
          `[{LED=${text}};{MSG=}]`,
          'Hello',
          sender,
          direction,
        ]
          .map(q)
          .join(','),
      );
    });
    const path = `${dir}/verify.csv`;
    writeFileSync(path, csv.join('\r\n') + '\r\n');
    return path;
  }

  it('confirms or refutes each cause at its source, in JSON, text and HTML', async () => {
    const dir = tempDir();
    const file = trace(dir.dir);
    const args = ['analyze', file, '--verify-dns', '--dns-server', dns.address];
    const json = JSON.parse((await runCliAsync([...args, '--format', 'json'])).stdout) as Report;
    expectValidReport(json);
    const byCause = (id: string) => json.dns!.findings.filter((f) => f.cause === id).map((f) => [f.verdict, f.message]);
    expect(byCause('auth.spf.permerror')).toEqual([
      ['confirmed', "contoso.example's SPF needs 13 DNS lookups (limit 10): include:_spf.vendor.example costs 6"],
    ]);
    expect(byCause('auth.spf.fail')).toEqual([
      ['confirmed', "fabrikam.example's SPF does not authorize 192.0.2.200 (fail)"],
    ]);
    expect(byCause('auth.dmarc.reject')).toEqual([
      [
        'confirmed',
        "contoso.example's DMARC policy is p=reject (at _dmarc.contoso.example); contoso.example's SPF needs 13 DNS lookups (limit 10): include:_spf.vendor.example costs 6",
      ],
    ]);
    expect(byCause('auth.unauthenticated')).toEqual([
      [
        'refuted',
        "fabrikam.example's DKIM key is published now (selector1, 1024 bits); the failures ended on 2026-11-13",
      ],
    ]);
    expect(byCause('reputation.consumer-blocklist')).toEqual([
      [
        'confirmed',
        '203.0.113.66 is on zen.spamhaus.org (SBL: a spam source or spam operation; XBL: a compromised or infected host); delisting: https://check.spamhaus.org/; 203.0.113.66 is on bl.spamcop.net (reported as a spam source); delisting: https://www.spamcop.net/bl.shtml',
      ],
      ['refuted', '203.0.113.25 is on none of the blocklists asked now; the failures ended on 2026-11-15'],
    ]);
    expect(json.dns!.domains.map((d) => d.domain).sort()).toEqual(['contoso.example', 'fabrikam.example']);
    // the selector the failure names is checked beside Microsoft 365's
    const fabrikam = json.dns!.domains.find((d) => d.domain === 'fabrikam.example')!;
    expect(fabrikam.dkim.map((k) => [k.selector, k.status, k.bits])).toEqual([
      ['selector1', 'pass', 1024],
      ['selector2', 'none', undefined],
      ['s2048', 'pass', 2048],
    ]);
    const text = (await runCliAsync(args)).stdout;
    expect(text).toContain(
      "   DNS, confirmed: contoso.example's SPF needs 13 DNS lookups (limit 10): include:_spf.vendor.example costs 6",
    );
    const html = (await runCliAsync([...args, '--format', 'html'])).stdout;
    await withPage(html, async ({ page }) => {
      const shown = await page.locator('#cause-auth\\.unauthenticated .dns').innerText();
      expect(shown).toBe(
        "Refuted over DNS: fabrikam.example's DKIM key is published now (selector1, 1024 bits); the failures ended on 2026-11-13",
      );
      expect(await page.locator('#dns-domains tbody tr').count()).toBe(2);
      expect(await page.locator('#dns-ips tbody tr').count()).toBe(2);
    });
    dir.cleanup();
  });

  it('offline: the analysis is whole, with one note that DNS was not checked', async () => {
    const silent = await startDnsServer({});
    const port = silent.address;
    await silent.close();
    const dir = tempDir();
    const r = await runCliAsync([
      'analyze',
      trace(dir.dir),
      '--verify-dns',
      '--dns-server',
      port,
      '--dns-timeout',
      '0.2',
      '--format',
      'json',
    ]);
    expect(r.status).toBe(0);
    const json = JSON.parse(r.stdout) as Report;
    expect(json.totals.failed).toBe(6);
    expect(json.dns).toMatchObject({ domains: [], ips: [], findings: [] });
    expect(json.notes.filter((n) => n.includes('not checked'))).toHaveLength(1);
    dir.cleanup();
  });
});

describe('scan --verify-dns', () => {
  it("after the scan, prints what DNS says of each tenant's failures", async () => {
    const { startGraphStandIn } = await import('../scripts/stand-in/graph-stand-in.mjs');
    const { makeCertificate } = await import('./helpers/certificates.js');
    const dir = tempDir();
    const server = makeCertificate(dir.dir, 'server', { cn: '127.0.0.1', ip: '127.0.0.1' });
    const tenantId = '00000000-0000-0000-0000-0000000000d1';
    const clientId = '11111111-0000-0000-0000-0000000000d1';
    const end = Date.now() - 60_000;
    const rows = [0, 1].map((i) => ({
      id: `v-${i}`,
      senderAddress: 'news@contoso.example',
      recipientAddress: `ap${i}@woodgrove.example`,
      receivedDateTime: new Date(end - 3_600_000 + i * 1000).toISOString(),
      toIP: '192.0.2.10',
      status: 'Failed',
    }));
    const reject =
      'Reason: [{LED=550 5.7.509 Access denied, sending domain contoso.example does not pass DMARC verification and has a DMARC policy of reject.};{MSG=}]';
    const details = Object.fromEntries(
      rows.map((r) => [
        `${r.id}|${r.recipientAddress}`,
        [{ id: r.id, dateTime: r.receivedDateTime, event: 'Fail', action: '', description: reject }],
      ]),
    );
    const graph = await startGraphStandIn({
      key: server.keyPem,
      cert: server.certPem,
      now: () => Date.now(),
      tenants: [{ tenantId, apps: [{ clientId, secret: 'pw' }], rows, details }],
    });
    try {
      const config = `${dir.dir}/scan.json`;
      writeFileSync(
        config,
        JSON.stringify({
          database: 'scan.db',
          graphBaseUrl: graph.url,
          authorityHost: graph.url,
          caFile: 'server.cert.pem',
          tenants: [{ name: 'contoso', tenantId, clientId, clientSecretEnv: 'SECRET' }],
        }),
      );
      const period = ['--from', new Date(end - 7_200_000).toISOString(), '--to', new Date(end + 1000).toISOString()];
      const r = await runCliAsync(
        ['scan', '--config', config, ...period, '--verify-dns', '--dns-server', dns.address],
        {
          env: { SECRET: 'pw' },
        },
      );
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect(r.stdout.split('\n').filter((l) => l.startsWith('contoso: DNS'))).toEqual([
        "contoso: DNS confirmed (auth.dmarc.reject): contoso.example's DMARC policy is p=reject (at _dmarc.contoso.example); " +
          "contoso.example's SPF needs 13 DNS lookups (limit 10): include:_spf.vendor.example costs 6",
      ]);
    } finally {
      await graph.close();
      dir.cleanup();
    }
  });
});
