import { startSandbox } from '../src/sandbox';
import { AP_MEMBER_ID, MERCHANT_DOCS_USER_ID } from '../src/seed';
import { call } from './http';
import { useFake } from './fixtures';

describe('Sandbox faults', () => {
  const sandbox = useFake(() => startSandbox());

  const apList = (headers: Record<string, string> = {}) => call(`${sandbox.activepieces.baseUrl}/v1/users`, { token: sandbox.activepieces.apiKey, headers });
  const merchantGet = (headers: Record<string, string> = {}) =>
    call(`${sandbox.merchant.baseUrl}/api/Users/${MERCHANT_DOCS_USER_ID}`, { token: sandbox.merchant.token, headers });

  it('rate-limit on Activepieces: Fastify’s 429 with Retry-After, then normal service', async () => {
    sandbox.activepieces.injectFault({ type: 'rate-limit' });
    const limited = await apList();
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('1');
    expect(limited.json).toEqual({ statusCode: 429, error: 'Too Many Requests', message: 'Rate limit exceeded, retry in 1 second' });

    expect((await apList()).status).toBe(200);
    expect(sandbox.activepieces.requests.map((request) => [request.fault, request.status])).toEqual([
      ['rate-limit', 429],
      [undefined, 200],
    ]);
  });

  it('rate-limit on the merchant: a ProblemDetails 429 with a configurable Retry-After', async () => {
    sandbox.merchant.injectFault({ type: 'rate-limit', retryAfterSeconds: 60 });
    const limited = await merchantGet();
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('60');
    expect(limited.json).toEqual({
      type: 'https://tools.ietf.org/html/rfc9110#section-15.5.29',
      title: 'Too Many Requests',
      status: 429,
      detail: 'Too many requests. Retry later.',
      traceId: limited.headers.get('x-request-id'),
    });
  });

  it('a server-error burst fails exactly `count` matching requests', async () => {
    sandbox.activepieces.injectFault({ type: 'server-error', status: 503, count: 2, method: 'GET' });
    const post = await call(`${sandbox.activepieces.baseUrl}/v1/users/${AP_MEMBER_ID}`, { method: 'POST', token: sandbox.activepieces.apiKey, body: {} });
    expect(post.status).toBe(200);

    const statuses = [];
    for (let attempt = 0; attempt < 3; attempt++) statuses.push((await apList()).status);
    expect(statuses).toEqual([503, 503, 200]);
  });

  it('server errors keep each API’s error shape', async () => {
    const ap = await apList({ 'x-sandbox-fault': '5xx' });
    expect(ap.json).toEqual({ statusCode: 503, error: 'Service Unavailable', message: 'Sandbox injected a server error' });

    sandbox.merchant.injectFault({ type: 'server-error', status: 500 });
    const merchant = await merchantGet();
    expect(merchant.status).toBe(500);
    expect(merchant.json).toMatchObject({ type: 'https://tools.ietf.org/html/rfc9110#section-15.6.1', status: 500 });
  });

  it('slow delays the answer and then serves it normally', async () => {
    sandbox.merchant.injectFault({ type: 'slow', delayMs: 150 });
    const started = Date.now();
    const res = await merchantGet();
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect(res.status).toBe(200);
  });

  it('html answers an nginx error page', async () => {
    const res = await apList({ 'x-sandbox-fault': 'html' });
    expect(res.status).toBe(502);
    expect(res.headers.get('content-type')).toBe('text/html');
    expect(res.text).toContain('<h1>502 Bad Gateway</h1>');
    expect(res.text).toContain('<center>nginx</center>');
  });

  it('the x-sandbox-fault header covers one request, in short or JSON form', async () => {
    const short = await merchantGet({ 'x-sandbox-fault': 'server-error; status=504' });
    expect(short.status).toBe(504);
    const json = await apList({ 'x-sandbox-fault': '{"type":"rate-limit","retryAfterSeconds":120}' });
    expect(json.status).toBe(429);
    expect((json.json as { message: string }).message).toBe('Rate limit exceeded, retry in 2 minutes');
    expect((await merchantGet()).status).toBe(200);
  });

  it('no-get makes GET /api/Users/{id} answer 405 Allow: PUT, and does not touch PUT', async () => {
    sandbox.merchant.injectFault({ type: 'no-get', count: 2 });
    const body = { firstName: 'A', lastName: 'B', email: 'a@b', role: 'Staff', isActive: true };
    const put = await call(`${sandbox.merchant.baseUrl}/api/Users/${MERCHANT_DOCS_USER_ID}`, { method: 'PUT', token: sandbox.merchant.token, body });
    expect(put.status).toBe(200);

    const get = await merchantGet();
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('PUT');
    const list = await call(`${sandbox.merchant.baseUrl}/api/Users`, { token: sandbox.merchant.token });
    expect(list.status).toBe(404);
    expect((await merchantGet()).status).toBe(200);
  });

  it('refuses malformed faults loudly', () => {
    expect(() => sandbox.activepieces.injectFault({ type: 'no-get' })).toThrow('unknown fault type "no-get"');
    expect(() => sandbox.merchant.injectFault({ type: 'server-error', status: 404 })).toThrow('a server-error status must be 5xx');
  });

  it('refuses a slow fault without a delay on the admin route', async () => {
    const res = await call(`${sandbox.merchant.baseUrl}/__sandbox/faults`, { method: 'POST', body: { type: 'slow' } });
    expect(res.status).toBe(400);
    expect(res.json).toEqual({ sandboxError: 'a slow fault needs "delayMs"' });
  });

  it('answers a malformed fault header with a sandbox error, not a provider one', async () => {
    const res = await apList({ 'x-sandbox-fault': 'explode' });
    expect(res.status).toBe(400);
    expect(res.json).toEqual({ sandboxError: 'unknown fault type "explode"; this server knows rate-limit, server-error, slow, html' });
  });

  it('faults given at start apply to the first requests, and again after reset', async () => {
    const configured = await startSandbox({ merchant: { faults: [{ type: 'server-error', status: 502 }] } });
    try {
      const url = `${configured.merchant.baseUrl}/api/Users`;
      expect((await call(url, { token: configured.merchant.token })).status).toBe(502);
      expect((await call(url, { token: configured.merchant.token })).status).toBe(200);
      configured.reset();
      expect((await call(url, { token: configured.merchant.token })).status).toBe(502);
    } finally {
      await configured.close();
    }
  });
});
