import { startSandbox } from '../src/sandbox';
import { AP_API_KEY, AP_MEMBER_ID, MERCHANT_DOCS_USER_ID, MERCHANT_TOKEN } from '../src/seed';
import { connect } from 'node:net';
import { adminCall, call, rawRequest } from './http';
import { adminOrigin, useFake } from './fixtures';

/** Bytes in, bytes out: for requests no HTTP client would send. */
function rawExchange(port: number, request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = connect(port, '127.0.0.1', () => socket.end(request));
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    socket.on('error', reject);
  });
}

describe('Sandbox admin routes', () => {
  const sandbox = useFake(() => startSandbox());
  const apOrigin = () => adminOrigin(sandbox.activepieces.baseUrl);

  it('POST /__sandbox/faults queues faults without auth, and GET /__sandbox/state shows them', async () => {
    const queued = await adminCall(`${apOrigin()}/__sandbox/faults`, { method: 'POST', body: [{ type: 'rate-limit', retryAfterSeconds: 5 }, { type: 'html', status: 503 }] });
    expect(queued.status).toBe(201);

    const state = await adminCall(`${apOrigin()}/__sandbox/state`);
    expect(state.status).toBe(200);
    expect(state.json).toMatchObject({
      requestCount: 0,
      requestLogLimit: 1000,
      pendingFaults: [
        { fault: { type: 'rate-limit', retryAfterSeconds: 5, count: 1 }, remaining: 1 },
        { fault: { type: 'html', status: 503, count: 1 }, remaining: 1 },
      ],
    });

    const limited = await call(`${sandbox.activepieces.baseUrl}/v1/users`, { token: sandbox.activepieces.apiKey });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('5');
    const html = await call(`${sandbox.activepieces.baseUrl}/v1/users`, { token: sandbox.activepieces.apiKey });
    expect(html.status).toBe(503);
    expect(html.text).toContain('503 Service Unavailable');
  });

  it('refuses a bad fault batch as a whole', async () => {
    const res = await adminCall(`${apOrigin()}/__sandbox/faults`, { method: 'POST', body: [{ type: 'slow', delayMs: 10 }, { type: 'nope' }] });
    expect(res.status).toBe(400);
    expect(sandbox.activepieces.pendingFaults()).toEqual([]);
  });

  it('DELETE /__sandbox/faults clears the queue', async () => {
    sandbox.merchant.injectFault({ type: 'server-error', count: 5 });
    const res = await adminCall(`${sandbox.merchant.baseUrl}/__sandbox/faults`, { method: 'DELETE' });
    expect(res.status).toBe(204);
    expect(sandbox.merchant.pendingFaults()).toEqual([]);
  });

  it('POST /__sandbox/reset restores the data and empties the request log; admin calls are not logged', async () => {
    const update = await call(`${sandbox.activepieces.baseUrl}/v1/users/${AP_MEMBER_ID}`, {
      method: 'POST',
      token: sandbox.activepieces.apiKey,
      body: { externalId: 'changed' },
    });
    expect(update.status).toBe(200);
    expect(sandbox.activepieces.requests).toHaveLength(1);
    expect(sandbox.activepieces.requests[0]).toMatchObject({ method: 'POST', path: `/api/v1/users/${AP_MEMBER_ID}`, body: { externalId: 'changed' }, status: 200 });

    const reset = await adminCall(`${apOrigin()}/__sandbox/reset`, { method: 'POST' });
    expect(reset.status).toBe(204);
    expect(sandbox.activepieces.user(AP_MEMBER_ID)?.externalId).toBe('hr-1002');
    expect(sandbox.activepieces.requests).toEqual([]);
  });

  it('answers unknown admin routes with the list of routes', async () => {
    const res = await adminCall(`${sandbox.merchant.baseUrl}/__sandbox/nope`);
    expect(res.status).toBe(404);
    expect(res.json).toEqual({
      sandboxError: 'no sandbox route GET /__sandbox/nope',
      routes: [
        'GET /__sandbox/state',
        'POST /__sandbox/faults',
        'DELETE /__sandbox/faults',
        'GET /__sandbox/settings',
        'POST /__sandbox/settings',
        'POST /__sandbox/reset',
      ],
    });
  });

  it('POST /__sandbox/settings changes only the settings given, and GET /__sandbox/settings and the state show them', async () => {
    const changed = await adminCall(`${sandbox.merchant.baseUrl}/__sandbox/settings`, { method: 'POST', body: { latencyMs: 20 } });
    expect(changed.status).toBe(200);
    expect(changed.json).toEqual({ latencyMs: 20, rateLimitPerSecond: 0 });
    const limited = await adminCall(`${sandbox.merchant.baseUrl}/__sandbox/settings`, { method: 'POST', body: { rateLimitPerSecond: 50 } });
    expect(limited.json).toEqual({ latencyMs: 20, rateLimitPerSecond: 50 });
    expect((await adminCall(`${sandbox.merchant.baseUrl}/__sandbox/settings`)).json).toEqual({ latencyMs: 20, rateLimitPerSecond: 50 });
    expect((await adminCall(`${sandbox.merchant.baseUrl}/__sandbox/state`)).json).toMatchObject({ settings: { latencyMs: 20, rateLimitPerSecond: 50 } });
    // Each fake has its own settings.
    expect((await adminCall(`${apOrigin()}/__sandbox/settings`)).json).toEqual({ latencyMs: 0, rateLimitPerSecond: 0 });
  });

  it.each([
    ['{"latencyMs": -1}', '"latencyMs" must be a whole number from 0 to 60000, got -1.'],
    ['{"latencyMs": "20"}', '"latencyMs" must be a whole number from 0 to 60000, got "20".'],
    ['{"rateLimitPerSecond": 0.5}', '"rateLimitPerSecond" must be a whole number from 0 to 1000000, got 0.5.'],
    ['{"latency": 20}', 'Unknown setting "latency"; the settings are latencyMs and rateLimitPerSecond.'],
    ['[20]', 'The settings must be a JSON object such as {"latencyMs": 20, "rateLimitPerSecond": 50}.'],
    ['', 'The body must be a JSON object such as {"latencyMs": 20, "rateLimitPerSecond": 50}.'],
  ])('refuses the settings %s with 400 and a sentence, changing nothing', async (rawBody, message) => {
    const res = await adminCall(`${sandbox.merchant.baseUrl}/__sandbox/settings`, { method: 'POST', rawBody, headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(400);
    expect(res.json).toEqual({ sandboxError: message });
    expect(sandbox.merchant.settings()).toEqual({ latencyMs: 0, rateLimitPerSecond: 0 });
  });

  it('listens on 127.0.0.1 only', () => {
    expect(sandbox.activepieces.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api$/);
    expect(sandbox.merchant.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });
});

// A web page can send a form POST (text/plain, urlencoded or multipart) anywhere without a preflight;
// it cannot send application/json without one, and the sandbox never grants one.
describe('Sandbox admin routes: writes must declare JSON (CSRF)', () => {
  const sandbox = useFake(() => startSandbox());

  const unsupported = (method: string, got: string) => ({
    sandboxError:
      `a ${method} to the /__sandbox/ routes must send Content-Type: application/json, even without a body (got ${got}). ` +
      'The rule keeps web pages from posting forms to them.',
  });

  it.each(['text/plain', 'text/plain;charset=UTF-8', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x'])(
    'refuses a cross-origin form POST of a fault as %s with 415 and queues nothing',
    async (contentType) => {
      const res = await call(`${sandbox.merchant.baseUrl}/__sandbox/faults`, {
        method: 'POST',
        rawBody: '{"type":"server-error","count":1000}',
        headers: { 'content-type': contentType, origin: 'https://evil.example' },
      });
      expect(res.status).toBe(415);
      expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
      expect(res.json).toEqual(unsupported('POST', JSON.stringify(contentType)));
      expect(sandbox.merchant.pendingFaults()).toEqual([]);
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
    },
  );

  it('refuses POST /__sandbox/reset without a content type, even though it has no body, and resets nothing', async () => {
    const put = await call(`${sandbox.merchant.baseUrl}/api/Users/${MERCHANT_DOCS_USER_ID}`, {
      method: 'PUT',
      token: MERCHANT_TOKEN,
      body: { firstName: 'Changed', lastName: 'Hopper', email: 'grace.hopper@example.com', role: 'Staff', isActive: true },
    });
    expect(put.status).toBe(200);

    const res = await call(`${sandbox.merchant.baseUrl}/__sandbox/reset`, { method: 'POST' });
    expect(res.status).toBe(415);
    expect(res.json).toEqual(unsupported('POST', 'none'));
    expect(sandbox.merchant.user(MERCHANT_DOCS_USER_ID)?.firstName).toBe('Changed');
    expect(sandbox.merchant.requests).toHaveLength(1);

    const declared = await call(`${sandbox.merchant.baseUrl}/__sandbox/reset`, { method: 'POST', headers: { 'content-type': 'application/json' } });
    expect(declared.status).toBe(204);
    expect(sandbox.merchant.user(MERCHANT_DOCS_USER_ID)?.firstName).toBe('Grace');
    expect(sandbox.merchant.requests).toHaveLength(0);
  });

  it('refuses DELETE /__sandbox/faults without JSON and keeps the queue', async () => {
    sandbox.activepieces.injectFault({ type: 'server-error', count: 2 });
    const res = await call(`${adminOrigin(sandbox.activepieces.baseUrl)}/__sandbox/faults`, { method: 'DELETE' });
    expect(res.status).toBe(415);
    expect(res.json).toEqual(unsupported('DELETE', 'none'));
    expect(sandbox.activepieces.pendingFaults()).toEqual([{ fault: { type: 'server-error', status: 503, count: 2 }, remaining: 2 }]);
  });

  it('refuses POST /__sandbox/settings as a form and keeps the settings', async () => {
    const res = await call(`${sandbox.merchant.baseUrl}/__sandbox/settings`, { method: 'POST', rawBody: '{"latencyMs":60000}', headers: { 'content-type': 'text/plain' } });
    expect(res.status).toBe(415);
    expect(res.json).toEqual(unsupported('POST', '"text/plain"'));
    expect(sandbox.merchant.settings()).toEqual({ latencyMs: 0, rateLimitPerSecond: 0 });
  });

  it('accepts JSON with parameters, and GET needs no content type', async () => {
    const res = await call(`${sandbox.merchant.baseUrl}/__sandbox/faults`, {
      method: 'POST',
      rawBody: '{"type":"rate-limit"}',
      headers: { 'content-type': 'Application/JSON; charset=utf-8' },
    });
    expect(res.status).toBe(201);
    expect(sandbox.merchant.pendingFaults()).toHaveLength(1);
    expect((await call(`${sandbox.merchant.baseUrl}/__sandbox/state`)).status).toBe(200);
  });

  it('leaves the in-process API as it was', () => {
    sandbox.merchant.injectFault({ type: 'rate-limit' });
    expect(sandbox.merchant.pendingFaults()).toHaveLength(1);
    sandbox.merchant.reset();
    expect(sandbox.merchant.pendingFaults()).toEqual([]);
  });
});

// DNS rebinding: a page on evil.example re-points its name at 127.0.0.1, and then reads the answers
// as same-origin. Its requests still say `Host: evil.example`.
describe('Sandbox admin routes: loopback Host only (DNS rebinding)', () => {
  const sandbox = useFake(() => startSandbox());
  let port: number;
  beforeAll(() => {
    port = sandbox.merchant.port;
  });

  const forbidden = (seen: string, allowed = '127.0.0.1, localhost, [::1]') => ({
    sandboxError:
      `the /__sandbox/ routes answer only requests addressed to ${allowed} (any port); this one had ${seen}. ` +
      'The rule keeps web pages out through DNS rebinding; call the sandbox by one of those names.',
  });

  it.each(['evil.example', 'evil.example:PORT', '127.0.0.1.evil.example:PORT', 'localhost.evil.example', 'host.docker.internal:PORT', '0.0.0.0:PORT', '[::1].evil:PORT'])(
    'refuses GET /__sandbox/state addressed to %s with 403',
    async (hostTemplate) => {
      const host = hostTemplate.replace('PORT', String(port));
      const res = await rawRequest(sandbox.merchant.baseUrl, '/__sandbox/state', { headers: { host } });
      expect(res.status).toBe(403);
      expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
      expect(res.json).toEqual(forbidden(`Host ${JSON.stringify(host)}`));
      expect(res.text).not.toContain('recentRequests');
    },
  );

  it('refuses an HTTP/1.0 request without a Host header (Node itself refuses HTTP/1.1 without one)', async () => {
    const answer = await rawExchange(port, 'GET /__sandbox/state HTTP/1.0\r\n\r\n');
    expect(answer).toMatch(/^HTTP\/1\.1 403 Forbidden\r\n/);
    expect(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4))).toEqual(forbidden('no Host header'));

    const http11 = await rawExchange(port, 'GET /__sandbox/state HTTP/1.1\r\nConnection: close\r\n\r\n');
    expect(http11).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
  });

  it('refuses writes from a foreign Host even with JSON, and changes nothing', async () => {
    const headers = { host: `evil.example:${port}`, 'content-type': 'application/json' };
    const faults = await rawRequest(sandbox.merchant.baseUrl, '/__sandbox/faults', { method: 'POST', headers, body: '{"type":"server-error"}' });
    expect(faults.status).toBe(403);
    expect(sandbox.merchant.pendingFaults()).toEqual([]);
    // The Host rule comes first: a form post from a rebound name learns nothing about the content-type rule.
    const form = await rawRequest(sandbox.merchant.baseUrl, '/__sandbox/faults', { method: 'POST', headers: { ...headers, 'content-type': 'text/plain' }, body: '{}' });
    expect(form.status).toBe(403);

    sandbox.merchant.injectFault({ type: 'rate-limit' });
    const cleared = await rawRequest(sandbox.merchant.baseUrl, '/__sandbox/faults', { method: 'DELETE', headers });
    expect(cleared.status).toBe(403);
    expect(sandbox.merchant.pendingFaults()).toHaveLength(1);

    const settings = await rawRequest(sandbox.merchant.baseUrl, '/__sandbox/settings', { method: 'POST', headers, body: '{"rateLimitPerSecond":1}' });
    expect(settings.status).toBe(403);
    expect(sandbox.merchant.settings()).toEqual({ latencyMs: 0, rateLimitPerSecond: 0 });
  });

  it.each(['127.0.0.1:PORT', '127.0.0.1', 'localhost:PORT', 'LocalHost', '[::1]:PORT', '[::1]'])('answers a request addressed to %s', async (hostTemplate) => {
    const host = hostTemplate.replace('PORT', String(port));
    const res = await rawRequest(sandbox.merchant.baseUrl, '/__sandbox/state', { headers: { host } });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ requestCount: 0, pendingFaults: [] });
  });

  it('leaves the API routes to any Host: a container calls them by name', async () => {
    const res = await rawRequest(sandbox.merchant.baseUrl, `/api/Users/${MERCHANT_DOCS_USER_ID}`, {
      headers: { host: `host.docker.internal:${port}`, authorization: `Bearer ${MERCHANT_TOKEN}` },
    });
    expect(res.status).toBe(200);
    const ap = await rawRequest(sandbox.activepieces.baseUrl, '/api/v1/users', { headers: { host: 'anything.example', authorization: `Bearer ${AP_API_KEY}` } });
    expect(ap.status).toBe(200);
  });
});

describe('Sandbox admin routes when listening beyond loopback (--host 0.0.0.0, for Docker)', () => {
  // The only test that listens on every interface, for as long as it takes to make four requests.
  const sandbox = useFake(() => startSandbox({ host: '0.0.0.0' }));

  it('also answers host.docker.internal and the configured host, and still refuses other names', async () => {
    const port = sandbox.merchant.port;
    const state = (host: string) => rawRequest(sandbox.merchant.baseUrl, '/__sandbox/state', { headers: { host } });
    expect((await state(`host.docker.internal:${port}`)).status).toBe(200);
    expect((await state(`0.0.0.0:${port}`)).status).toBe(200);
    expect((await state(`127.0.0.1:${port}`)).status).toBe(200);

    const refused = await state(`evil.example:${port}`);
    expect(refused.status).toBe(403);
    expect((refused.json as { sandboxError: string }).sandboxError).toContain(
      'answer only requests addressed to 127.0.0.1, localhost, [::1], host.docker.internal, 0.0.0.0 (any port)',
    );
  });
});
