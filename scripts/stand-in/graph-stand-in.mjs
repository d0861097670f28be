/**
 * A stand-in for Microsoft's sign-in endpoints and Graph's message trace API: a real HTTPS server
 * on 127.0.0.1 with a certificate made by the test, so that exotrace's real HTTP stack (MSAL, the
 * Graph client, node:https) is what is tested. It plays:
 * - the OpenID metadata and the token endpoint (client secret, or a client assertion signed with a
 *   certificate, checked against the certificate registered for the app);
 * - GET /v1.0/admin/exchange/tracing/messageTraces: the filter with both bounds and the 10-day rule
 *   (400), $top and server-driven paging by https nextLinks;
 * - getDetailsByRecipient;
 * - the quota (100 requests in 5 minutes per tenant, on the test's clock; 429 with Retry-After);
 * - faults queued by the test: a status, a dropped connection, truncated JSON;
 * - the 401 of a tenant without the Transport Data Platform service principal, the 403 of an app
 *   without permission, the 401 of a wrong secret;
 * - POST /v1.0/users/{mailbox}/sendMail: 202 and the message kept in `mail`; 403 without Mail.Send,
 *   404 for a mailbox the tenant does not have, 400 for a body that is not a message, 413 past 4 MB.
 */
import { createPublicKey, randomUUID, verify, X509Certificate } from 'node:crypto';
import { createServer } from 'node:https';
const TRANSPORT_APP = '8bd644d1-64a1-4d4b-ae52-2e0cbf64e373';
function json(res, status, body, headers = {}) {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
  return status;
}
function aadError(res, status, error, code, description) {
  return json(res, status, {
    error,
    error_description: `AADSTS${code}: ${description}`,
    error_codes: [code],
    timestamp: new Date().toISOString(),
  });
}
async function bodyOf(req) {
  const chunks = [];
  for await (const c of req) chunks.push(c);
  return Buffer.concat(chunks).toString('utf8');
}
/** Checks a client assertion (a JWT signed with the app's certificate key). */
function assertionValid(assertion, certificatePem, audience) {
  const [h, p, s] = assertion.split('.');
  if (!h || !p || !s) return false;
  const header = JSON.parse(Buffer.from(h, 'base64url').toString('utf8'));
  const payload = JSON.parse(Buffer.from(p, 'base64url').toString('utf8'));
  const cert = new X509Certificate(certificatePem);
  const key = createPublicKey(cert.publicKey.export({ type: 'spki', format: 'pem' }));
  const data = Buffer.from(`${h}.${p}`);
  const signature = Buffer.from(s, 'base64url');
  const ok =
    header.alg === 'PS256'
      ? verify('sha256', data, { key, padding: 6, saltLength: 32 }, signature)
      : verify('sha256', data, key, signature);
  return ok && payload.aud === audience;
}
export async function startGraphStandIn(options) {
  const tenants = new Map(options.tenants.map((t) => [t.tenantId, t]));
  const tokens = new Map();
  const quota = options.quota ?? { requests: 100, windowMs: 300_000 };
  const sent = new Map();
  const faults = [];
  const log = [];
  const mail = [];
  let base = '';
  async function signIn(req, res, tenantId, rest) {
    const tenant = tenants.get(tenantId);
    if (rest === 'v2.0/.well-known/openid-configuration' && req.method === 'GET') {
      if (!tenant) return aadError(res, 400, 'invalid_tenant', 90002, `Tenant '${tenantId}' not found.`);
      return json(res, 200, {
        token_endpoint: `${base}/${tenantId}/oauth2/v2.0/token`,
        issuer: `${base}/${tenantId}/v2.0`,
        authorization_endpoint: `${base}/${tenantId}/oauth2/v2.0/authorize`,
        end_session_endpoint: `${base}/${tenantId}/oauth2/v2.0/logout`,
        jwks_uri: `${base}/${tenantId}/discovery/v2.0/keys`,
        response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
        scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
      });
    }
    if (rest === 'oauth2/v2.0/token' && req.method === 'POST') {
      const form = new URLSearchParams(await bodyOf(req));
      if (!tenant) return aadError(res, 400, 'invalid_tenant', 90002, `Tenant '${tenantId}' not found.`);
      const app = tenant.apps.find((a) => a.clientId === form.get('client_id'));
      if (!app)
        return aadError(
          res,
          400,
          'unauthorized_client',
          700016,
          `Application with identifier '${form.get('client_id')}' was not found in the directory.`,
        );
      const secret = form.get('client_secret');
      const assertion = form.get('client_assertion');
      if (secret !== null) {
        if (secret !== app.secret)
          return aadError(
            res,
            401,
            'invalid_client',
            7000215,
            'Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID.',
          );
      } else if (assertion !== null) {
        if (
          !app.certificatePem ||
          !assertionValid(assertion, app.certificatePem, `${base}/${tenantId}/oauth2/v2.0/token`)
        ) {
          return aadError(res, 401, 'invalid_client', 700027, 'Client assertion failed signature validation.');
        }
      } else
        return aadError(
          res,
          400,
          'invalid_request',
          900144,
          "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
        );
      const token = randomUUID();
      tokens.set(token, { tenant, app });
      return json(res, 200, { token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: token });
    }
    return json(res, 404, { error: 'not_found' });
  }
  function overQuota(tenantId) {
    const now = options.now();
    const times = (sent.get(tenantId) ?? []).filter((t) => t > now - quota.windowMs);
    times.push(now);
    sent.set(tenantId, times);
    if (times.length <= quota.requests) return undefined;
    return Math.ceil((times[times.length - quota.requests - 1] + quota.windowMs - now) / 1000);
  }
  function graph(req, res, url, who) {
    const tenant = who.tenant;
    if (tenant.servicePrincipal === false) {
      return json(res, 401, {
        error: {
          code: 'Unauthorized',
          message: `Service principal-less Authentication failed: the service principal for App ID ${TRANSPORT_APP} was not found. Please create a service principal for this app in your tenant. Provisioning may take several hours to complete.`,
        },
      });
    }
    if (who.app.permitted === false) {
      return json(res, 403, {
        error: {
          code: 'Forbidden',
          message: 'Missing role permissions on the request. API requires one of ExchangeMessageTrace.Read.All.',
        },
      });
    }
    const retryAfter = overQuota(tenant.tenantId);
    if (retryAfter !== undefined) {
      return json(
        res,
        429,
        { error: { code: 'TooManyRequests', message: 'Too many requests.' } },
        { 'retry-after': String(retryAfter) },
      );
    }
    const fault = faults.shift();
    if (fault === 'drop') {
      req.socket.destroy();
      return 0;
    }
    if (fault && typeof fault === 'object') {
      return json(
        res,
        fault.status,
        { error: { code: 'ServiceUnavailable', message: 'The service is unavailable.' } },
        fault.retryAfter ? { 'retry-after': fault.retryAfter } : {},
      );
    }
    const detail =
      /^\/v1\.0\/admin\/exchange\/tracing\/messageTraces\/([^/]+)\/getDetailsByRecipient\(recipientAddress='([^']*)'\)$/.exec(
        url.pathname,
      );
    if (detail) {
      const events = tenant.details?.[`${decodeURIComponent(detail[1])}|${decodeURIComponent(detail[2])}`] ?? [];
      return send(res, fault, {
        '@odata.context': `${base}/v1.0/$metadata#Collection(microsoft.graph.exchangeMessageTraceDetail)`,
        value: events,
      });
    }
    if (url.pathname !== '/v1.0/admin/exchange/tracing/messageTraces')
      return json(res, 404, { error: { code: 'ResourceNotFound', message: 'Resource not found.' } });
    const filter = url.searchParams.get('$filter') ?? '';
    const m = /receivedDateTime ge (\S+) and receivedDateTime le (\S+)/.exec(filter);
    if (!m)
      return json(res, 400, {
        error: { code: 'BadRequest', message: 'The filter must give receivedDateTime ge and le.' },
      });
    const from = Date.parse(m[1]);
    const to = Date.parse(m[2]);
    if (!(to - from <= 10 * 86_400_000) || to < from)
      return json(res, 400, { error: { code: 'BadRequest', message: 'The date range must be 10 days or less.' } });
    const top = Math.min(5000, Number(url.searchParams.get('$top') ?? 1000));
    const skip = Number(url.searchParams.get('$skiptoken') ?? 0);
    const rows = (tenant.rows ?? []).filter((r) => {
      const t = Date.parse(String(r['receivedDateTime']));
      return t >= from && t <= to;
    });
    const page = rows.slice(skip, skip + top);
    const body = {
      '@odata.context': `${base}/v1.0/$metadata#admin/exchange/tracing/messageTraces`,
      value: page,
    };
    if (skip + top < rows.length) {
      const next = new URL(url.pathname, base);
      next.searchParams.set('$filter', filter);
      next.searchParams.set('$top', String(top));
      next.searchParams.set('$skiptoken', String(skip + top));
      body['@odata.nextLink'] = next.toString();
    }
    return send(res, fault, body);
  }
  async function sendMail(req, res, who, mailbox) {
    if (req.method !== 'POST')
      return json(res, 405, { error: { code: 'ErrorInvalidRequest', message: 'The OData request is not supported.' } });
    if (!who.app.mailSend)
      return json(res, 403, {
        error: { code: 'ErrorAccessDenied', message: 'Access is denied. Check credentials and try again.' },
      });
    const fault = faults.shift();
    if (fault === 'drop') {
      req.socket.destroy();
      return 0;
    }
    if (fault && typeof fault === 'object')
      return json(
        res,
        fault.status,
        { error: { code: 'ServiceUnavailable', message: 'The service is unavailable.' } },
        fault.retryAfter ? { 'retry-after': fault.retryAfter } : {},
      );
    if (!(who.tenant.mailboxes ?? []).some((m) => m.toLowerCase() === mailbox.toLowerCase()))
      return json(res, 404, {
        error: { code: 'ErrorInvalidUser', message: `The requested user '${mailbox}' is invalid.` },
      });
    const text = await bodyOf(req);
    if (Buffer.byteLength(text) > 4 * 1024 * 1024)
      return json(res, 413, { error: { code: 'RequestEntityTooLarge', message: 'The request is too large.' } });
    let body;
    try {
      body = JSON.parse(text);
    } catch {
      return json(res, 400, { error: { code: 'ErrorInvalidRequest', message: 'Cannot read the request body.' } });
    }
    const m = body?.message;
    if (!m || typeof m.subject !== 'string' || !Array.isArray(m.toRecipients) || m.toRecipients.length === 0)
      return json(res, 400, {
        error: { code: 'ErrorInvalidRecipients', message: 'At least one recipient is not valid.' },
      });
    mail.push({ tenant: who.tenant.tenantId, from: mailbox, message: m, saveToSentItems: body.saveToSentItems });
    res.writeHead(202, { 'content-length': '0' });
    res.end();
    return 202;
  }
  function send(res, fault, body) {
    if (fault === 'truncate') {
      const text = JSON.stringify(body);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(text.slice(0, Math.max(1, Math.floor(text.length / 2))));
      return 200;
    }
    return json(res, 200, body);
  }
  const server = createServer({ key: options.key, cert: options.cert }, (req, res) => {
    const url = new URL(req.url ?? '/', base);
    const done = (status, tenant) =>
      log.push({ method: req.method ?? '', path: url.pathname + url.search, ...(tenant ? { tenant } : {}), status });
    (async () => {
      if (url.pathname.startsWith('/v1.0/')) {
        const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
        const who = token ? tokens.get(token) : undefined;
        if (!who)
          return done(
            json(res, 401, {
              error: { code: 'InvalidAuthenticationToken', message: 'Access token is empty or invalid.' },
            }),
          );
        const sendMailPath = /^\/v1\.0\/users\/([^/]+)\/sendMail$/.exec(url.pathname);
        if (sendMailPath)
          return done(await sendMail(req, res, who, decodeURIComponent(sendMailPath[1])), who.tenant.tenantId);
        return done(graph(req, res, url, who), who.tenant.tenantId);
      }
      const [, tenantId, ...rest] = url.pathname.split('/');
      return done(await signIn(req, res, tenantId ?? '', rest.join('/')));
    })().catch((e) => done(json(res, 500, { error: { code: 'StandInError', message: e.message } })));
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  base = `https://127.0.0.1:${server.address().port}`;
  return {
    url: base,
    faults,
    log,
    mail,
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
