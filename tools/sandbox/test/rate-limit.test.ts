import { setTimeout as sleep } from 'node:timers/promises';
import { startSandbox } from '../src/sandbox';
import { MERCHANT_DOCS_USER_ID } from '../src/seed';
import { FixedWindowLimiter } from '../src/settings';
import { adminCall, call } from './http';
import { adminOrigin, useFake } from './fixtures';

const FASTIFY_429 = { statusCode: 429, error: 'Too Many Requests', message: 'Rate limit exceeded, retry in 1 second' };

describe('FixedWindowLimiter', () => {
  it('admits the limit per one-second window and says honestly how long until the next one opens', () => {
    const limiter = new FixedWindowLimiter(2);
    expect([limiter.refuse(0), limiter.refuse(10)]).toEqual([undefined, undefined]);
    expect(limiter.refuse(20)).toBe(1);
    // 0.5 s left rounds up to a whole second, never down to 0.
    expect(limiter.refuse(999.5)).toBe(1);
    expect(limiter.refuse(1000)).toBeUndefined();
    expect(limiter.refuse(1001)).toBeUndefined();
    expect(limiter.refuse(1999)).toBe(1);
  });

  it('opens a new window at the first request after the last one closed, not on a fixed grid', () => {
    const limiter = new FixedWindowLimiter(1);
    expect(limiter.refuse(0)).toBeUndefined();
    expect(limiter.refuse(5000)).toBeUndefined();
    expect(limiter.refuse(5999)).toBe(1);
    expect(limiter.refuse(6000)).toBeUndefined();
  });
});

describe('Sandbox rate limit (rateLimitPerSecond)', () => {
  const sandbox = useFake(() => startSandbox({ rateLimitPerSecond: 2 }));
  const apList = () => call(`${sandbox.activepieces.baseUrl}/v1/users?limit=1`, { token: sandbox.activepieces.apiKey });
  const merchantGet = () => call(`${sandbox.merchant.baseUrl}/api/Users/${MERCHANT_DOCS_USER_ID}`, { token: sandbox.merchant.token });

  it('Activepieces: the third request in a second gets @fastify/rate-limit’s 429 with Retry-After, and the log shows it', async () => {
    const answers = [await apList(), await apList(), await apList()];
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 429]);
    const limited = answers[2];
    expect(limited.headers.get('retry-after')).toBe('1');
    expect(limited.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(limited.json).toEqual(FASTIFY_429);
    expect(sandbox.activepieces.requests.map(({ path, status, rateLimited, fault }) => ({ path, status, rateLimited, fault }))).toEqual([
      { path: '/api/v1/users', status: 200, rateLimited: undefined, fault: undefined },
      { path: '/api/v1/users', status: 200, rateLimited: undefined, fault: undefined },
      { path: '/api/v1/users', status: 429, rateLimited: true, fault: undefined },
    ]);
  });

  it('merchant: 503 as ASP.NET Core’s rate limiter refuses, as ProblemDetails, with Retry-After', async () => {
    const answers = [await merchantGet(), await merchantGet(), await merchantGet()];
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 503]);
    const limited = answers[2];
    expect(limited.headers.get('retry-after')).toBe('1');
    expect(limited.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
    expect(limited.json).toEqual({
      type: 'https://tools.ietf.org/html/rfc9110#section-15.6.4',
      title: 'Service Unavailable',
      status: 503,
      traceId: limited.headers.get('x-request-id'),
    });
    expect(sandbox.merchant.requests.map(({ status, rateLimited }) => [status, rateLimited])).toEqual([
      [200, undefined],
      [200, undefined],
      [503, true],
    ]);
    // Refused before the handler: the user was not read, nothing changed.
    expect(sandbox.merchant.user(MERCHANT_DOCS_USER_ID)?.firstName).toBe('Grace');
  });

  it('accepts requests again once Retry-After has passed', async () => {
    await apList();
    await apList();
    const limited = await apList();
    expect(limited.status).toBe(429);
    await sleep(Number(limited.headers.get('retry-after')) * 1000);
    expect((await apList()).status).toBe(200);
  });

  it('counts each fake’s requests separately', async () => {
    await apList();
    await apList();
    expect((await apList()).status).toBe(429);
    expect([(await merchantGet()).status, (await merchantGet()).status]).toEqual([200, 200]);
  });

  it('never limits the admin routes, and they do not use up the API’s allowance', async () => {
    const origin = adminOrigin(sandbox.activepieces.baseUrl);
    const admin = await Promise.all(Array.from({ length: 5 }, () => adminCall(`${origin}/__sandbox/state`)));
    expect(admin.map((answer) => answer.status)).toEqual([200, 200, 200, 200, 200]);
    expect([(await apList()).status, (await apList()).status]).toEqual([200, 200]);
  });

  it('refuses before an injected fault is used, so the fault is still queued for an admitted request', async () => {
    await merchantGet();
    await merchantGet();
    sandbox.merchant.injectFault({ type: 'server-error', status: 500 });
    expect((await merchantGet()).status).toBe(503);
    expect(sandbox.merchant.pendingFaults()).toHaveLength(1);
  });

  it('can be changed while running through POST /__sandbox/settings, and reset() restores the configured limit', async () => {
    const origin = adminOrigin(sandbox.activepieces.baseUrl);
    const changed = await adminCall(`${origin}/__sandbox/settings`, { method: 'POST', body: { rateLimitPerSecond: 0 } });
    expect(changed.status).toBe(200);
    expect(changed.json).toEqual({ latencyMs: 0, rateLimitPerSecond: 0 });
    const statuses = [];
    for (let index = 0; index < 4; index++) statuses.push((await apList()).status);
    expect(statuses).toEqual([200, 200, 200, 200]);

    sandbox.activepieces.reset();
    expect((await adminCall(`${origin}/__sandbox/settings`)).json).toEqual({ latencyMs: 0, rateLimitPerSecond: 2 });
    expect([(await apList()).status, (await apList()).status, (await apList()).status]).toEqual([200, 200, 429]);
  });

  it('can be changed in process on the merchant fake and on both through the sandbox', async () => {
    expect(sandbox.merchant.updateSettings({ rateLimitPerSecond: 1 })).toEqual({ latencyMs: 0, rateLimitPerSecond: 1 });
    expect([(await merchantGet()).status, (await merchantGet()).status]).toEqual([200, 503]);

    await sandbox.updateSettings({ rateLimitPerSecond: 1 });
    expect([(await apList()).status, (await apList()).status]).toEqual([200, 429]);
    expect(sandbox.merchant.settings()).toEqual({ latencyMs: 0, rateLimitPerSecond: 1 });
  });
});

describe('Sandbox rate limit under a burst', () => {
  const sandbox = useFake(() => startSandbox({ merchant: { rateLimitPerSecond: 5 } }));

  it('admits exactly the limit out of a parallel burst and refuses the rest with Retry-After 1', async () => {
    const answers = await Promise.all(
      Array.from({ length: 12 }, () => call(`${sandbox.merchant.baseUrl}/api/Users?pageSize=1`, { token: sandbox.merchant.token })),
    );
    expect(answers.filter((answer) => answer.status === 200)).toHaveLength(5);
    const refused = answers.filter((answer) => answer.status === 503);
    expect(refused).toHaveLength(7);
    expect(new Set(refused.map((answer) => answer.headers.get('retry-after')))).toEqual(new Set(['1']));
    expect(sandbox.merchant.requests.filter((request) => request.rateLimited)).toHaveLength(7);
  });

  it('applies a fake’s own setting only to that fake', async () => {
    const apAnswers = await Promise.all(
      Array.from({ length: 12 }, () => call(`${sandbox.activepieces.baseUrl}/v1/users?limit=1`, { token: sandbox.activepieces.apiKey })),
    );
    expect(apAnswers.every((answer) => answer.status === 200)).toBe(true);
  });
});
