import { ApiError, BulkItem, createHttpClient, ItemDone, runBulk, startBudget, withRequestScope } from '../src';
import { json, ReceivedRequest, rejection, respond, useTestServer } from '../testing';

// The shared pause and the request scope against a real server on 127.0.0.1: what the server saw, and when.

const TOKEN = 'sk-SecretToken0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOP';
const { server, url } = useTestServer();
const client = createHttpClient({ provider: 'Example', retry: { baseDelayMs: 10, maxDelayMs: 2_000, maxTotalMs: 10_000 } });

const put = (id: string) => client.request({ baseUrl: url(), token: TOKEN, method: 'PUT', path: '/users/{id}', pathParams: { id }, body: { status: 'INACTIVE' } });

describe('withRequestScope', () => {
  it.each([
    [429, { 'retry-after': '1.5' }, 1_500],
    [429, {}, undefined],
    [503, { 'retry-after': '2' }, 2_000],
  ])('leaves a %i to the caller: it fails at once, with the wait asked for', async (status, headers, retryAfterMs) => {
    server.reply(respond(status, { message: 'busy' }, headers));
    const told: ApiError[] = [];
    const error = await rejection(withRequestScope({ rateLimited: (limited) => void told.push(limited) }, () => put('a')), ApiError);
    expect(told).toEqual([error]);
    expect(error).toMatchObject({ status, attempts: 1 });
    expect(error.retryAfterMs).toBe(retryAfterMs);
    expect(server.requests).toHaveLength(1);
  });

  it('still retries a 503 without Retry-After, and a 500, itself', async () => {
    server.reply(respond(503, {}), respond(500, {}), respond(200, { id: 'a' }));
    const response = await withRequestScope({ rateLimited: () => undefined }, () => put('a'));
    expect(response.attempts).toBe(3);
    expect(server.requests).toHaveLength(3);
  });

  it('waits a 429 out itself outside a scope, and says the wait on the error it gives up with', async () => {
    server.reply(respond(429, {}, { 'retry-after': '0.2' }), respond(200, {}));
    expect((await put('a')).attempts).toBe(2);
    server.reply(respond(429, {}, { 'retry-after': '60' }));
    expect((await rejection(put('a'), ApiError)).retryAfterMs).toBe(60_000);
  });

  it('awaits the gate before every attempt, and a gate that throws sends nothing', async () => {
    server.reply(respond(500, {}), respond(200, {}));
    let gates = 0;
    await withRequestScope({ beforeAttempt: async () => void gates++ }, () => put('a'));
    expect(gates).toBe(2);
    server.reset();
    const stopped = new Error('stopped');
    await expect(withRequestScope({ beforeAttempt: () => Promise.reject(stopped) }, () => put('a'))).rejects.toBe(stopped);
    expect(server.requests).toHaveLength(0);
  });

  it('bounds every request in the scope by its deadline', async () => {
    const error = await rejection(withRequestScope({ deadline: Date.now() - 1 }, () => put('a')), ApiError);
    expect(error.message).toBe(`Example at ${new URL(url()).host} did not answer in the time this call has.`);
    expect(server.requests).toHaveLength(0);
  });
});

describe('the shared pause, at the server', () => {
  /** How long after the refusal a request may still arrive that was sent before the client read it. */
  const NEAR_MS = 100;

  /**
   * Every request's arrival time; the 6th is answered 429 with `retryAfter`, the others after 20 ms.
   * Requests arriving within 100 ms after the refusal (sent before the client could have read it)
   * are held until 150 ms after it, so their workers cannot send again until the client surely has
   * the refusal, however loaded the machine: any arrival later in the wait is a worker that did not pause.
   */
  function limitedServer(status: number, retryAfter: string) {
    const arrivals: { at: number; path: string }[] = [];
    let limitedAt = 0;
    server.always((request: ReceivedRequest, response) => {
      arrivals.push({ at: Date.now(), path: request.path });
      if (arrivals.length === 6) {
        limitedAt = Date.now();
        json(response, status, { message: 'Too many requests' }, { 'retry-after': retryAfter });
        return;
      }
      const now = Date.now();
      const held = limitedAt > 0 && now < limitedAt + NEAR_MS ? limitedAt + 150 - now : 20;
      setTimeout(() => json(response, 200, { id: request.path }), held);
    });
    return { arrivals, limitedAt: () => limitedAt };
  }

  async function run(count: number, reword = false) {
    const settings = { concurrency: 4, budgetMs: 60_000, onlyFailures: false };
    const items: BulkItem<string>[] = Array.from({ length: count }, (_, index) => ({ index, target: `u${index}`, id: `u${index}`, plan: `u${index}` }));
    return runBulk({
      action: 'test/update_users',
      list: items.map((item) => item.id),
      items,
      settled: [],
      preview: false,
      settings,
      budget: startBudget(settings),
      work: async (item, trail): Promise<ItemDone> => {
        // A piece may catch the client's error and throw its own sentence, without the wait.
        const response = await put(item.plan).catch((error: ApiError) => {
          throw reword ? new ApiError({ kind: 'http', status: error.status, message: 'Could not read the user, so nothing was written.', retryable: false }) : error;
        });
        trail.record(response);
        return { outcome: 'updated', fields: ['status'] };
      },
    });
  }

  it.each([
    [429, '0.6'],
    [503, '0.6'],
  ])('a %i stops every worker for the wait: no request reaches the server until it is over', async (status, retryAfter) => {
    const { arrivals, limitedAt } = limitedServer(status, retryAfter);
    const output = await run(16);
    expect(output.counts).toMatchObject({ updated: 16, failed: 0 });
    // 16 items, one of them sent twice.
    expect(arrivals).toHaveLength(17);
    // Requests already on their way when the 429 was sent may still arrive shortly after it; none later.
    const during = arrivals.filter((a) => a.at > limitedAt() + NEAR_MS && a.at < limitedAt() + 600);
    expect(during).toEqual([]);
    // At most one request of each of the three other workers was on its way when the answer left the server.
    expect(arrivals.filter((a) => a.at > limitedAt() && a.at <= limitedAt() + NEAR_MS).length).toBeLessThanOrEqual(3);
    const limitedPath = arrivals[5].path;
    expect(arrivals.filter((a) => a.path === limitedPath)).toHaveLength(2);
    expect(output.audit.attempts).toBe(17);
  });

  it('pauses for the wait asked even when the piece rewords the error', async () => {
    const { arrivals, limitedAt } = limitedServer(503, '0.4');
    const output = await run(8, true);
    expect(output.counts).toMatchObject({ updated: 8, failed: 0 });
    expect(arrivals.filter((a) => a.at > limitedAt() + NEAR_MS && a.at < limitedAt() + 400)).toEqual([]);
  });

  it('spaces requests to the rate the API accepted once it refused one: one burst of refusals, then none', async () => {
    // A fixed one-second window of 20 requests, answering 429 with Retry-After 1 beyond it (whole seconds, as servers send it).
    const arrivals: { at: number; refused: boolean }[] = [];
    let windowStart = -Infinity;
    let used = 0;
    server.always((request, response) => {
      const now = Date.now();
      if (now >= windowStart + 1_000) [windowStart, used] = [now, 0];
      const refused = used >= 20;
      arrivals.push({ at: now, refused });
      if (refused) return json(response, 429, { message: 'Too many requests' }, { 'retry-after': '1' });
      used++;
      setTimeout(() => json(response, 200, { id: request.path }), 10);
    });
    const began = Date.now();
    const output = await run(60);
    const seconds = (Date.now() - began) / 1_000;
    expect(output.counts).toMatchObject({ updated: 60, failed: 0 });
    const refusals = arrivals.filter((a) => a.refused);
    expect(refusals.length).toBeGreaterThan(0);
    expect(refusals.length).toBeLessThanOrEqual(4);
    // 60 requests at 20 a second: one pause of 1 s, then 19 a second.
    expect(60 / seconds).toBeGreaterThan(20 * 0.8);
  }, 10_000);
});
