import { BulkItem, BulkOutput, chooseItemList, countOutcomes, createHttpClient, describeCounts, ItemDone, MAY_HAVE_BEEN_APPLIED, runBulk, startBudget } from '../src';
import { htmlPage, json, respond, useTestServer } from '../testing';

// The bulk engine against hostile input and a broken server on 127.0.0.1.

const TOKEN = 'sk-SecretToken0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOP';
const { server, url } = useTestServer();
const client = createHttpClient({ provider: 'Example', retry: { baseDelayMs: 10, maxDelayMs: 2_000, maxTotalMs: 10_000 } });

interface Plan {
  /** Read the user first (GET), as the merchant piece does. */
  read: boolean;
}

function bulk(list: unknown[], options: { budgetMs?: number; concurrency?: number; items?: BulkItem<Plan>[]; settled?: BulkOutput['results'] } = {}): Promise<BulkOutput> {
  const settings = { concurrency: options.concurrency ?? 4, budgetMs: options.budgetMs ?? 60_000, onlyFailures: false };
  const items = options.items ?? list.map((_, index) => ({ index, target: `u${index}`, id: `u${index}`, plan: { read: false } }));
  return runBulk<Plan>({
    action: 'test/update_users',
    list,
    items,
    settled: options.settled ?? [],
    preview: false,
    settings,
    budget: startBudget(settings),
    work: async (item, trail): Promise<ItemDone> => {
      if (item.plan.read) trail.record(await client.request({ baseUrl: url(), token: TOKEN, method: 'GET', path: '/users/{id}', pathParams: { id: item.id } }));
      trail.record(await client.request({ baseUrl: url(), token: TOKEN, method: 'PUT', path: '/users/{id}', pathParams: { id: item.id }, body: { status: 'INACTIVE' } }));
      if (item.id === 'bug') throw new TypeError('a bug of ours, after the answer came');
      return { outcome: 'updated', fields: ['status'] };
    },
  });
}

describe('a server that keeps answering 429 with Retry-After: 0', () => {
  it('gets the client\'s back-off between tries, not every item six times at once, and the step ends within its budget', async () => {
    server.always(respond(429, { message: 'slow down' }, { 'retry-after': '0' }));
    const list = Array.from({ length: 50 }, (_, i) => `u${i}`);
    const output = await bulk(list, { budgetMs: 1_500 });
    // Tries at about 0, 0.4 and 1.1 s for the four workers' items; the next wait goes past the budget.
    expect(server.requests.length).toBeLessThanOrEqual(16);
    expect(output.done).toBe(false);
    expect(output.counts.updated).toBe(0);
    expect(output.summary).toMatch(/^Not finished: the API kept refusing requests for its rate\. /);
    expect(output.remaining).toEqual(list.slice(50 - output.remaining.length));
  });
});

describe('a write that went out without a clear answer', () => {
  it('is failed with "may have been applied"; a read that failed is not', async () => {
    server.always((request, response) => {
      if (request.path.endsWith('/u0')) return htmlPage(200, '<p>saved</p>')(request, response);
      if (request.method === 'GET') return htmlPage(200, '<p>login</p>')(request, response);
      json(response, 200, {});
    });
    const items = [
      { index: 0, target: 'u0', id: 'u0', plan: { read: false } },
      { index: 1, target: 'u1', id: 'u1', plan: { read: true } },
    ];
    const output = await bulk(['u0', 'u1'], { items });
    expect(output.results).toEqual([
      { index: 0, target: 'u0', outcome: 'failed', reason: expect.stringMatching(new RegExp(`^${MAY_HAVE_BEEN_APPLIED}: Example answered 200 with a body that is not JSON`)) },
      { index: 1, target: 'u1', outcome: 'failed', reason: expect.stringMatching(/^Example answered 200 with a body that is not JSON/) },
    ]);
    expect(server.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['PUT /users/u0', 'GET /users/u1']);
  });

  it('a bug of ours after the write was answered says so too, without its details', async () => {
    server.always(respond(200, {}));
    const output = await bulk(['bug'], { items: [{ index: 0, target: 'bug', id: 'bug', plan: { read: false } }] });
    expect(output.results).toEqual([{ index: 0, target: 'bug', outcome: 'failed', reason: `${MAY_HAVE_BEEN_APPLIED}: unexpected error (TypeError)` }]);
  });

  it('is retried to the end when the budget runs out meanwhile, so it never comes back as "not reached"', async () => {
    // u0's first PUT gets a 500 (maybe applied) after 300 ms; meanwhile the other worker finds the budget spent.
    let first = true;
    server.always((request, response) => {
      if (request.path.endsWith('/u0') && first) {
        first = false;
        return setTimeout(() => json(response, 500, {}), 300);
      }
      setTimeout(() => json(response, 200, {}), request.path.endsWith('/u2') ? 250 : 0);
    });
    const output = await bulk(['u0', 'u1', 'u2', 'u3'], { budgetMs: 200, concurrency: 2 });
    expect(output.results.map((r) => r.outcome)).toEqual(['updated', 'updated', 'updated', 'not_reached']);
    expect(output.remaining).toEqual(['u3']);
    expect(server.requests.map((r) => r.path).sort()).toEqual(['/users/u0', '/users/u0', '/users/u1', '/users/u2']);
  });
});

describe('what the engine puts out', () => {
  it('keeps a settled result to a result line, whatever text the piece quoted', async () => {
    const huge = 'x'.repeat(1_000_000);
    server.always(respond(200, {}));
    const output = await bulk([huge, huge], {
      items: [{ index: 1, target: `${huge}@example.com`, id: 'y'.repeat(500), plan: { read: false } }],
      settled: [{ index: 0, target: huge, id: huge, outcome: 'invalid', reason: `No user with email ${huge}.` }],
    });
    expect(output.results.map((r) => [r.target.length, r.id?.length, r.reason?.length, r.outcome])).toEqual([
      [100, 100, 200, 'invalid'],
      [100, 100, undefined, 'updated'],
    ]);
    expect(JSON.stringify(output.results).length).toBeLessThan(1_000);
  });

  it('refuses a later item for the same user that asks for other changes, and keeps a true repeat a duplicate', async () => {
    server.always(respond(200, {}));
    const items = [
      { index: 0, target: 'a', id: 'u1', change: { platformRole: 'ADMIN' }, plan: { read: false } },
      { index: 1, target: 'b', id: 'u1', change: { status: 'INACTIVE' }, plan: { read: false } },
      { index: 2, target: 'c', id: 'u1', change: { platformRole: 'ADMIN' }, plan: { read: false } },
    ];
    const output = await bulk(['a', 'b', 'c'], { items });
    expect(output.results.slice(1)).toEqual([
      { index: 1, target: 'b', id: 'u1', outcome: 'invalid', reason: 'Same user as item 0, which was processed instead, but with other changes: put them in one item.' },
      { index: 2, target: 'c', id: 'u1', outcome: 'duplicate', reason: 'Same user as item 0, which was processed instead.' },
    ]);
    expect(server.requests).toHaveLength(1);
  });

  it('returns in remaining the very items of the list not reached, in order, with nothing added', async () => {
    server.always((request, response) => setTimeout(() => json(response, 200, {}), 150));
    const list = Array.from({ length: 6 }, (_, i) => ({ userId: `u${i}`, nested: { keep: [i] } }));
    const output = await bulk(list, { budgetMs: 200, concurrency: 1 });
    expect(output.remaining.length).toBeGreaterThan(0);
    const reached = list.length - output.remaining.length;
    output.remaining.forEach((item, i) => expect(item).toBe(list[reached + i]));
  });
});

describe('the count line', () => {
  it('writes thousands as a sentence does', () => {
    const results = Array.from({ length: 10_000 }, (_, index) => ({ index, target: 'x', outcome: index < 9_048 ? ('planned' as const) : ('invalid' as const) }));
    expect(describeCounts(countOutcomes(results))).toBe('9,048 planned, 952 invalid');
  });
});

describe('chooseItemList, the simple form', () => {
  it('takes a whole list mapped into one entry as its entries', () => {
    expect(chooseItemList(undefined, [['a', 'b'], 'c'])).toEqual({ list: ['a', 'b', 'c'], field: 'userIds' });
    expect(chooseItemList(undefined, '[["a"], "b"]')).toEqual({ list: ['a', 'b'], field: 'userIds' });
  });

  it('counts the entries of a mapped list against the maximum', () => {
    expect(() => chooseItemList(undefined, [new Array(10_001).fill('a')])).toThrow('userIds has 10,001 items, more than the 10,000 one step takes.');
  });
});
