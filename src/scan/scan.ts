/**
 * A scan: for each tenant (at once, each within its own quota), Graph's message trace rows for
 * the period, page by page into the history, then the details of failed deliveries never read
 * before. Every page and every detail is committed as it comes, so a run killed at any moment
 * resumes where it stopped: windows left open are read first, from their saved nextLink.
 *
 * The period: from the tenant's watermark less the settling window (rows arrive late, statuses
 * change) to now, or what --from/--to say; never older than Graph keeps (90 days), cut into
 * windows of at most 10 days (Graph's limit per query).
 */
import type { ScanConfig, TenantConfig } from '../graph/config.js';
import { readCredential } from '../graph/credentials.js';
import { detailPath, listPath } from '../graph/message-traces.js';
import { createGraphSession, type GraphSession } from '../graph/graph-client.js';
import type { HttpsSettings } from '../graph/https-request.js';
import { createQuota, type Clock } from '../graph/quota.js';
import { createTokenSource } from '../graph/sign-in.js';
import { ExotraceError, type ErrorCode } from '../model/errors.js';
import { normalizeAddress } from '../normalize/fields.js';
import { parseTraceTime } from '../normalize/timestamps.js';
import type { Classifier } from '../classify/classifier.js';
import { refreshDailyCounts } from './daily-counts.js';
import { pickForBudget } from './failure-groups.js';
import { silentLog, type ScanLog } from './scan-log.js';
import type { DetailEvent, HistoryStore, TraceRow } from '../store/history.js';

const DAY = 86_400_000;
const MAX_WINDOW_MS = 10 * DAY;
/** Graph keeps 90 days; a minute's margin so that a window's start is not refused as too old. */
const RETENTION_MS = 90 * DAY - 60_000;
const PAGE_SIZE = 5000;

export interface ScanOptions {
  clock: Clock;
  /** names the causes of the daily counts */
  classifier: Classifier;
  /** the classifier's catalog fingerprint (catalogFingerprint): stored classifications are reused with it only */
  catalog: string;
  env: NodeJS.ProcessEnv;
  https: HttpsSettings;
  from?: Date;
  to?: Date;
  /** re-read this much before the watermark every run (default: the config's settlingHours) */
  settlingMs?: number;
  /** the first run of a tenant reads this far back (default 2 days) */
  firstRunMs?: number;
  /** detail requests per tenant and run, at most (default: as many as there are failures) */
  maxDetailRequests?: number;
  onProgress?(tenant: string, what: string): void;
  /** the scan's log (--log-format json); silent by default */
  log?: ScanLog;
}

export interface TenantScan {
  tenant: string;
  status: 'complete' | 'incomplete' | 'failed';
  period?: { from: string; to: string };
  rowsRead: number;
  rowsAdded: number;
  rowsChanged: number;
  detailsRead: number;
  /** failed deliveries whose details are still unread */
  detailsPending: number;
  requests: number;
  problem?: { code: ErrorCode; message: string };
}

const iso = (ms: number) => new Date(ms).toISOString();

/** The period's windows of at most 10 days, in order. */
export function windowsOf(from: number, to: number): Array<{ from: string; to: string }> {
  const out: Array<{ from: string; to: string }> = [];
  for (let start = from; start < to; start += MAX_WINDOW_MS)
    out.push({ from: iso(start), to: iso(Math.min(to, start + MAX_WINDOW_MS)) });
  return out;
}

/** A Graph exchangeMessageTrace object as a history row; undefined when it names no message or recipient. */
export function traceRowOf(o: Record<string, unknown>): TraceRow | undefined {
  const text = (k: string) => (typeof o[k] === 'string' ? (o[k] as string).toWellFormed() : undefined);
  const traceId = text('id');
  // kept as Graph wrote it: the detail call names the recipient the same way
  const recipient = (text('recipientAddress') ?? '').trim();
  // a time without an offset is UTC, as Graph's are (never this machine's time zone)
  const received = parseTraceTime(text('receivedDateTime'));
  if (!traceId || !normalizeAddress(recipient) || received === undefined) return undefined;
  const row: TraceRow = { traceId, recipient, receivedAt: iso(received), status: text('status') ?? '' };
  const optional: Array<[keyof TraceRow, string | undefined]> = [
    ['messageId', text('messageId')],
    ['sender', text('senderAddress') && normalizeAddress(text('senderAddress')!)],
    ['subject', text('subject')],
    ['fromIp', text('fromIP')],
    ['toIp', text('toIP')],
  ];
  for (const [k, v] of optional) if (v) (row as unknown as Record<string, string>)[k] = v;
  if (typeof o['size'] === 'number') row.size = o['size'];
  return row;
}

function detailOf(o: Record<string, unknown>): DetailEvent {
  const text = (k: string) => (typeof o[k] === 'string' && o[k] !== '' ? (o[k] as string).toWellFormed() : undefined);
  const e: DetailEvent = { event: text('event') ?? '' };
  const at = text('dateTime');
  if (at) e.at = at;
  const action = text('action');
  if (action) e.action = action;
  const description = text('description');
  if (description) e.description = description;
  const messageId = text('messageId');
  if (messageId) e.messageId = messageId;
  return e;
}

interface Page {
  value?: Array<Record<string, unknown>>;
  '@odata.nextLink'?: string;
}

/** The details of failed deliveries never read, newest first, at most `budget`; each committed as it comes. */
async function readDetails(
  graph: GraphSession,
  store: HistoryStore,
  tenant: string,
  budget: number,
  options: ScanOptions,
  onRead: () => void,
): Promise<void> {
  let read = 0;
  const waiting = store.failuresWithoutDetails(tenant, Number.MAX_SAFE_INTEGER);
  for (const row of pickForBudget(waiting, budget)) {
    let url: string | undefined = detailPath(row.traceId, row.recipient);
    const events: DetailEvent[] = [];
    while (url) {
      const page = (await graph.get(url)) as Page;
      events.push(...(page.value ?? []).map(detailOf));
      url = page['@odata.nextLink'];
    }
    store.saveDetails(tenant, row, events, iso(options.clock.now()));
    onRead();
    options.onProgress?.(tenant, `${++read} details`);
  }
}

export async function scanTenant(
  config: ScanConfig,
  tenant: TenantConfig,
  store: HistoryStore,
  options: ScanOptions,
): Promise<TenantScan> {
  const { clock } = options;
  const result: TenantScan = {
    tenant: tenant.name,
    status: 'failed',
    rowsRead: 0,
    rowsAdded: 0,
    rowsChanged: 0,
    detailsRead: 0,
    detailsPending: 0,
    requests: 0,
  };
  let graph: GraphSession | undefined;
  let runId: number | undefined;
  try {
    const credential = await readCredential(tenant, options.env, new Date(clock.now()));
    const tokens = createTokenSource(config, tenant, credential, options.https);
    const quota = createQuota(config.quota.requests, config.quota.windowMs, clock);
    const log = options.log ?? silentLog;
    graph = createGraphSession({
      tenant,
      graphBaseUrl: config.graphBaseUrl,
      tokens,
      quota,
      clock,
      https: options.https,
      onRetry: (r) =>
        log.warn(
          { tenant: tenant.name, ...r },
          r.status === 429 ? 'throttled by Graph: waiting' : 'request failed: retrying',
        ),
    });

    const now = clock.now();
    const watermark = store.watermark(tenant.name);
    const to = Math.min(now, options.to?.getTime() ?? now);
    const from = Math.max(
      now - RETENTION_MS,
      options.from?.getTime() ??
        (watermark
          ? Date.parse(watermark) - (options.settlingMs ?? config.settlingMs)
          : now - (options.firstRunMs ?? 2 * DAY)),
    );
    result.period = { from: iso(from), to: iso(to) };
    log.info({ tenant: tenant.name, ...result.period }, 'scan started');
    runId = store.beginRun(tenant.name, result.period, iso(now));
    // windows a killed run left open come first (from their saved nextLink): they are older
    const windows = store.openWindows(tenant.name);
    const open = new Set(windows.map((w) => `${w.from}/${w.to}`));
    const fresh = windowsOf(from, to);
    store.addWindows(tenant.name, runId, fresh);
    windows.push(...fresh.filter((w) => !open.has(`${w.from}/${w.to}`)).map((w) => ({ ...w, complete: false })));

    for (const w of windows) {
      let url: string | undefined = w.nextLink ?? listPath(new Date(w.from), new Date(w.to), clock.now(), PAGE_SIZE);
      while (url) {
        const page = (await graph.get(url)) as Page;
        const rows = (page.value ?? []).map(traceRowOf).filter((r): r is TraceRow => r !== undefined);
        result.rowsRead += rows.length;
        const next = page['@odata.nextLink'];
        const saved = store.savePage(tenant.name, w, rows, next, iso(clock.now()));
        result.rowsAdded += saved.added;
        result.rowsChanged += saved.changed;
        options.onProgress?.(tenant.name, `${result.rowsRead} rows`);
        log.info(
          { tenant: tenant.name, window: w, rows: rows.length, ...saved, more: next !== undefined },
          'page saved',
        );
        url = next;
      }
    }
    if (!options.to) store.setWatermark(tenant.name, iso(to));

    const budget = options.maxDetailRequests ?? config.maxDetailRequests ?? Number.MAX_SAFE_INTEGER;
    await readDetails(graph, store, tenant.name, budget, options, () => result.detailsRead++);
    const at = iso(clock.now());
    refreshDailyCounts(store, tenant.name, new Date(from), new Date(to), options.classifier, options.catalog, at);
    result.detailsPending = store.failuresWithoutDetailsCount(tenant.name);
    result.status = result.detailsPending === 0 ? 'complete' : 'incomplete';
  } catch (e) {
    if (!(e instanceof ExotraceError)) throw e;
    result.problem = { code: e.code, message: e.message };
    result.status = runId === undefined ? 'failed' : 'incomplete';
  } finally {
    result.requests = graph?.stats.requests ?? 0;
    (options.log ?? silentLog).info({ ...result }, 'scan finished');
    if (runId !== undefined) {
      store.finishRun(
        runId,
        {
          status: result.status,
          requests: result.requests,
          rowsAdded: result.rowsAdded,
          rowsChanged: result.rowsChanged,
          detailsRead: result.detailsRead,
          ...(result.problem ? { problem: result.problem.message } : {}),
        },
        iso(clock.now()),
      );
    }
  }
  return result;
}

/** Every tenant (or the one named) at once. */
export async function runScan(
  config: ScanConfig,
  store: HistoryStore,
  options: ScanOptions & { tenant?: string },
): Promise<TenantScan[]> {
  const tenants = options.tenant
    ? config.tenants.filter((t) => t.name.toLowerCase() === options.tenant!.toLowerCase())
    : config.tenants;
  if (tenants.length === 0) {
    throw new ExotraceError(
      'EXO_CONFIG_INVALID',
      `no tenant is named ${options.tenant} in the config; its tenants are ${config.tenants.map((t) => t.name).join(', ')}.`,
      { source: config.file },
    );
  }
  const results = await Promise.all(tenants.map((t) => scanTenant(config, t, store, options)));
  store.purge(iso(options.clock.now() - config.retentionDays * DAY));
  return results;
}
