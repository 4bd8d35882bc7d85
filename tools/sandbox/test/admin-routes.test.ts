import { startSandbox, type Sandbox } from '../src/sandbox';
import { AP_MEMBER_ID } from '../src/seed';
import { call } from './http';

describe('Sandbox admin routes', () => {
  let sandbox: Sandbox;
  let apOrigin: string;
  beforeAll(async () => {
    sandbox = await startSandbox();
    apOrigin = sandbox.activepieces.baseUrl.replace(/\/api$/, '');
  });
  afterAll(() => sandbox.close());
  afterEach(() => sandbox.reset());

  it('POST /__sandbox/faults queues faults without auth, and GET /__sandbox/state shows them', async () => {
    const queued = await call(`${apOrigin}/__sandbox/faults`, { method: 'POST', body: [{ type: 'rate-limit', retryAfterSeconds: 5 }, { type: 'html', status: 503 }] });
    expect(queued.status).toBe(201);

    const state = await call(`${apOrigin}/__sandbox/state`);
    expect(state.status).toBe(200);
    expect(state.json).toMatchObject({
      requestCount: 0,
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
    const res = await call(`${apOrigin}/__sandbox/faults`, { method: 'POST', body: [{ type: 'slow', delayMs: 10 }, { type: 'nope' }] });
    expect(res.status).toBe(400);
    expect(sandbox.activepieces.pendingFaults()).toEqual([]);
  });

  it('DELETE /__sandbox/faults clears the queue', async () => {
    sandbox.merchant.injectFault({ type: 'server-error', count: 5 });
    const res = await call(`${sandbox.merchant.baseUrl}/__sandbox/faults`, { method: 'DELETE' });
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

    const reset = await call(`${apOrigin}/__sandbox/reset`, { method: 'POST' });
    expect(reset.status).toBe(204);
    expect(sandbox.activepieces.user(AP_MEMBER_ID)?.externalId).toBe('hr-1002');
    expect(sandbox.activepieces.requests).toEqual([]);
  });

  it('answers unknown admin routes with the list of routes', async () => {
    const res = await call(`${sandbox.merchant.baseUrl}/__sandbox/nope`);
    expect(res.status).toBe(404);
    expect(res.json).toMatchObject({ sandboxError: 'no sandbox route GET /__sandbox/nope' });
  });

  it('listens on 127.0.0.1 only', () => {
    expect(sandbox.activepieces.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api$/);
    expect(sandbox.merchant.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });
});
