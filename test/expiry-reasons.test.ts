/**
 * An expiry's real cause: the delivery's last deferral, or the expiry text itself ("Message
 * expired, connection refused"). When one cause accounts for most expiries, its fix leads the
 * entry, and its owner too unless the cause is temporary by nature.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Report } from '../src/model/report.js';
import { createCatalog } from '../src/catalog/index.js';
import { runCli } from './helpers/cli.js';
import { tempDir } from './helpers/files.js';

const tmp = tempDir();
const catalog = createCatalog();

/** An Extended export: each delivery deferred with `defer` (if any), then failed with `fail`. */
function trace(name: string, deliveries: Array<{ defer?: string; fail: string }>): string {
  const rows = ['date_time_utc,event_id,network_message_id,recipient_address,recipient_status,sender_address'];
  const q = (s: string) => `"${s.replace(/"/g, '""')}"`;
  deliveries.forEach((d, i) => {
    const id = `eeeeeeee-0000-4000-8000-${String(i).padStart(12, '0')}`;
    const to = `user${i}@fabrikam.example`;
    if (d.defer)
      rows.push(
        ['2026-11-16T08:00:00Z', 'DEFER', id, to, `[{LED=${d.defer}};{MSG=}]`, 'a@contoso.example'].map(q).join(','),
      );
    rows.push(
      ['2026-11-17T08:00:00Z', 'FAIL', id, to, `[{LED=${d.fail}};{MSG=}]`, 'a@contoso.example'].map(q).join(','),
    );
  });
  const path = join(tmp.dir, name);
  writeFileSync(path, rows.join('\r\n') + '\r\n');
  return path;
}

function expired(path: string) {
  const r = runCli(['analyze', path, '--format', 'json']);
  expect(r.status, r.stderr).toBe(0);
  return (JSON.parse(r.stdout) as Report).causes.find((c) => c.id === 'delivery.expired')!;
}

const QUEUE_EXPIRED = '550 4.4.7 QUEUE.Expired; message expired';
const TLS = '450 4.4.317 Cannot connect to remote server [Message=UntrustedRoot]';

describe('why deliveries expired', () => {
  it('takes the reason from the last deferral, and its fix and owner when it explains most', () => {
    const c = expired(
      trace('tls.csv', [
        { defer: TLS, fail: QUEUE_EXPIRED },
        { defer: TLS, fail: QUEUE_EXPIRED },
        { fail: QUEUE_EXPIRED },
      ]),
    );
    expect(c.becauseOf).toEqual([
      { id: 'tls.failed', title: catalog.byId('tls.failed').title, owner: 'recipient', count: 2 },
    ]);
    expect(c.owner).toBe('recipient');
    expect(c.fix.slice(0, catalog.byId('tls.failed').fix.length)).toEqual([...catalog.byId('tls.failed').fix]);
  });

  it('reads the reason an expiry text names itself (5.4.316 … connection refused), and keeps the owner of a final failure', () => {
    const c = expired(
      trace('refused.csv', [{ fail: '550 5.4.316 Message expired, connection refused(Socket error code 10061)' }]),
    );
    expect(c.becauseOf?.map((b) => [b.id, b.count])).toEqual([['network.remote-unreachable', 1]]);
    // the refused connection is "transient" while it is retried; expired, it is the destination's to fix
    expect(c.owner).toBe('recipient');
    expect(c.fix[0]).toBe(catalog.byId('network.remote-unreachable').fix[0]);
  });

  it('keeps the expiry its own when no reason explains most of them', () => {
    const c = expired(
      trace('mixed.csv', [{ defer: TLS, fail: QUEUE_EXPIRED }, { fail: QUEUE_EXPIRED }, { fail: QUEUE_EXPIRED }]),
    );
    expect(c.becauseOf?.map((b) => b.count)).toEqual([1]);
    expect(c.fix).toEqual([...catalog.byId('delivery.expired').fix]);
  });
});
