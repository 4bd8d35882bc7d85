import { startSandbox } from '../src/sandbox';
import type { RecordedRequest } from '../src/fake-server';
import { adminCall, call } from './http';
import { adminOrigin, useFake } from './fixtures';

const LATENCY_MS = 150;

/** How long the fake held the request, from its own log (millisecond timestamps, so allow 1 ms of rounding). */
const heldMs = (request: RecordedRequest) => Date.parse(request.answeredAt ?? '') - Date.parse(request.receivedAt);

describe('Sandbox latency (latencyMs)', () => {
  const sandbox = useFake(() => startSandbox({ latencyMs: LATENCY_MS }));
  const apList = () => call(`${sandbox.activepieces.baseUrl}/v1/users?limit=1`, { token: sandbox.activepieces.apiKey });
  const merchantList = () => call(`${sandbox.merchant.baseUrl}/api/Users?pageSize=1`, { token: sandbox.merchant.token });

  it('delays every API answer on both fakes by the latency', async () => {
    expect([(await apList()).status, (await merchantList()).status]).toEqual([200, 200]);
    for (const request of [...sandbox.activepieces.requests, ...sandbox.merchant.requests]) expect(heldMs(request)).toBeGreaterThanOrEqual(LATENCY_MS - 1);
  });

  it('delays requests side by side, not one after another', async () => {
    const started = performance.now();
    const answers = await Promise.all(Array.from({ length: 8 }, (_, index) => (index % 2 ? apList() : merchantList())));
    const wallMs = performance.now() - started;
    expect(answers.every((answer) => answer.status === 200)).toBe(true);
    // One after another would take 8 x latency; side by side about 1 x.
    expect(wallMs).toBeLessThan(4 * LATENCY_MS);
    // The log tells the same without a clock race: every request arrived before the first answer left.
    const requests = [...sandbox.activepieces.requests, ...sandbox.merchant.requests];
    const firstAnswer = Math.min(...requests.map((request) => Date.parse(request.answeredAt ?? '')));
    expect(requests.every((request) => Date.parse(request.receivedAt) <= firstAnswer)).toBe(true);
  });

  it('delays errors and rate-limit refusals too: the network does not know the status', async () => {
    const missing = await call(`${sandbox.merchant.baseUrl}/api/Users/not-a-guid`, { token: sandbox.merchant.token });
    expect(missing.status).toBe(400);
    sandbox.merchant.updateSettings({ rateLimitPerSecond: 1 });
    await merchantList();
    expect((await merchantList()).status).toBe(503);
    expect(sandbox.merchant.requests.map(heldMs).every((ms) => ms >= LATENCY_MS - 1)).toBe(true);
  });

  it('never delays the admin routes', async () => {
    await sandbox.updateSettings({ latencyMs: 5_000 });
    const started = performance.now();
    const state = await adminCall(`${sandbox.merchant.baseUrl}/__sandbox/state`);
    expect(state.status).toBe(200);
    expect(state.json).toMatchObject({ settings: { latencyMs: 5_000, rateLimitPerSecond: 0 } });
    expect(performance.now() - started).toBeLessThan(2_500);
  });

  it('can be changed while running, and reset() restores the configured latency', async () => {
    const origin = adminOrigin(sandbox.activepieces.baseUrl);
    const changed = await adminCall(`${origin}/__sandbox/settings`, { method: 'POST', body: { latencyMs: 0 } });
    expect(changed.json).toEqual({ latencyMs: 0, rateLimitPerSecond: 0 });
    await apList();
    expect(heldMs(sandbox.activepieces.requests[0])).toBeLessThan(LATENCY_MS);

    sandbox.activepieces.reset();
    expect((await adminCall(`${origin}/__sandbox/settings`)).json).toEqual({ latencyMs: LATENCY_MS, rateLimitPerSecond: 0 });
  });
});

describe('Sandbox latency when closing', () => {
  it('drops requests still waiting out the latency instead of holding close() for them', async () => {
    const sandbox = await startSandbox({ latencyMs: 30_000 });
    const pending = call(`${sandbox.merchant.baseUrl}/api/Users`, { token: sandbox.merchant.token });
    // Let the request reach the server before closing.
    while (sandbox.merchant.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    const started = performance.now();
    await sandbox.close();
    await expect(pending).rejects.toThrow();
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});

describe('Sandbox settings given at start', () => {
  it.each([
    [{ latencyMs: -1 }, 'The sandbox cannot start: "latencyMs" must be a whole number from 0 to 60000, got -1.'],
    [{ rateLimitPerSecond: 2.5 }, 'The sandbox cannot start: "rateLimitPerSecond" must be a whole number from 0 to 1000000, got 2.5.'],
  ])('refuses %j with a sentence', async (settings, message) => {
    await expect(startSandbox(settings)).rejects.toThrow(new Error(message));
  });
});
