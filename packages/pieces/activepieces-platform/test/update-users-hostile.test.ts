import { ApiError, BulkOutput } from '@user-admin-pieces/common';
import { htmlPage, json, rejection, respond, runActionInProcess, useTestServer } from '@user-admin-pieces/common/testing';
import { updateUsersAction } from '../src/lib/actions/update-users';
import { useEngineChild } from './engine-child';
import { API_KEY, authProps, pagedUsers, pathOf, user, userId } from './helpers';

// Update Users (bulk) against hostile input and broken servers on 127.0.0.1: what the server saw, and what the step said.

const live = useTestServer();
const base = () => `${live.url()}/api/v1`;
const run = (props: Record<string, unknown>, apiKey = API_KEY) => runActionInProcess(updateUsersAction, authProps(base(), apiKey), props) as Promise<BulkOutput>;
const posts = () => live.server.requests.filter((r) => r.method === 'POST');
/** When each POST arrived, in order. */
let postTimes: number[] = [];
beforeEach(() => {
  postTimes = [];
});
const OWNER = userId(99);

/** A platform of `count` users, the owner not among them; POSTs answered by `onPost` (default: the user with the body applied). */
function platform(count: number, onPost?: Parameters<typeof live.server.always>[0]) {
  const all = Array.from({ length: count }, (_, i) => user(i + 1));
  live.server.always((request, response) => {
    if (pathOf(request).startsWith('/api/v1/platforms/')) return json(response, 200, { id: 'plat0000000000000001x', ownerId: OWNER });
    if (request.method === 'GET') return pagedUsers(all)(request, response);
    postTimes.push(Date.now());
    if (onPost !== undefined) return onPost(request, response);
    return json(response, 200, user(Number(pathOf(request).slice(-2)), JSON.parse(request.body)));
  });
  return all;
}

describe('an item that names its user twice', () => {
  it('is invalid when the names disagree, and nothing is sent for it', async () => {
    platform(3);
    const output = await run({
      items: [
        { userId: userId(1), email: 'person2@example.com', status: 'INACTIVE' },
        { userId: userId(1), id: userId(3), status: 'INACTIVE' },
        { email: 'person3@example.com', currentExternalId: 'hr-404', status: 'INACTIVE' },
      ],
    });
    expect(output.results).toEqual([
      {
        index: 0,
        target: userId(1),
        outcome: 'invalid',
        reason: `The item names two different users: userId ${userId(1)} is person1@example.com, email person2@example.com is ${userId(2)}. Nothing is sent for it; correct the item.`,
      },
      { index: 1, target: userId(1), outcome: 'invalid', reason: `The item names two different users: userId ${userId(1)} and id ${userId(3)}. Nothing is sent for it; correct the item.` },
      {
        index: 2,
        target: 'person3@example.com',
        outcome: 'invalid',
        reason: 'The item\'s email and currentExternalId do not name the same user: No user with external id "hr-404" on this platform. Nothing is sent for it; correct the item.',
      },
    ]);
    expect(posts()).toHaveLength(0);
  });

  it('is worked on when they agree, as in a record mapped from List Users (id, email and externalId)', async () => {
    const all = platform(3);
    const listed = { ...all[1], externalId: null, status: 'INACTIVE' };
    const output = await run({ items: [{ ...listed, email: 'PERSON2@example.com' }] });
    expect(output.results).toEqual([{ index: 0, target: userId(2), outcome: 'updated', fields: ['status'] }]);
    // The body is what the item asks for, as the single Update User sends it; the role it already holds changes nothing.
    expect(posts().map((r) => [pathOf(r), JSON.parse(r.body)])).toEqual([[`/api/v1/users/${userId(2)}`, { status: 'INACTIVE', platformRole: 'MEMBER' }]]);
  });
});

describe('hostile input', () => {
  it('caps what an item puts in its result, however long its text', async () => {
    platform(2);
    const huge = 'x'.repeat(1_000_000);
    const items = [
      { email: `${huge}@example.com`, status: 'INACTIVE' },
      { userId: huge, status: 'INACTIVE' },
      { currentExternalId: huge, status: 'INACTIVE' },
      { userId: userId(1), status: 'INACTIVE', notes: huge },
      huge,
    ];
    const output = await run({ items });
    for (const result of output.results) {
      expect(result.target.length).toBeLessThanOrEqual(100);
      expect((result.reason ?? '').length).toBeLessThanOrEqual(200);
    }
    expect(JSON.stringify(output).length).toBeLessThan(3_000);
    expect(output.counts).toMatchObject({ updated: 1, invalid: 4 });
  });

  it('takes keys such as __proto__ and constructor as plain keys: no status is inherited, nothing is polluted', async () => {
    platform(2);
    const items = JSON.parse(`[{"userId": "${userId(1)}", "__proto__": {"status": "INACTIVE"}}, {"userId": "${userId(2)}", "constructor": {"prototype": {"status": "INACTIVE"}}, "platformRole": "ADMIN"}]`);
    const output = await run({ items });
    expect(output.results).toEqual([
      { index: 0, target: userId(1), outcome: 'invalid', reason: 'Nothing to update: set at least one of status, platformRole or externalId.' },
      { index: 1, target: userId(2), outcome: 'updated', fields: ['platformRole'] },
    ]);
    expect(posts().map((r) => JSON.parse(r.body))).toEqual([{ platformRole: 'ADMIN' }]);
    expect(({} as Record<string, unknown>)['status']).toBeUndefined();
  });

  it('takes the simple form with a whole list mapped into one entry, as the builder passes it', async () => {
    platform(3);
    const output = await run({ userIds: [[userId(1), userId(2)], userId(3)], platformRole: 'ADMIN' });
    expect(output.results.map((r) => [r.target, r.outcome])).toEqual([
      [userId(1), 'updated'],
      [userId(2), 'updated'],
      [userId(3), 'updated'],
    ]);
    expect(posts()).toHaveLength(3);
  });

  it('takes users mapped from List Users into User IDs, each named by its id and email, and gives them the one change', async () => {
    const all = platform(3);
    const listed = [all[0], { ...all[1], email: 'person3@example.com' }];
    const output = await run({ userIds: [listed], status: 'INACTIVE' });
    expect(output.results).toEqual([
      { index: 0, target: userId(1), outcome: 'updated', fields: ['status'] },
      {
        index: 1,
        target: userId(2),
        outcome: 'invalid',
        reason: `The item names two different users: id ${userId(2)} is person2@example.com, email person3@example.com is ${userId(3)}. Nothing is sent for it; correct the item.`,
      },
    ]);
    expect(posts().map((r) => [pathOf(r), JSON.parse(r.body)])).toEqual([[`/api/v1/users/${userId(1)}`, { status: 'INACTIVE' }]]);
  });

  it('refuses an email two users share without regard to case, naming both', async () => {
    live.server.always((request, response) => {
      if (request.method === 'GET') return pagedUsers([user(1), user(2, { email: 'PERSON1@example.com' })])(request, response);
      return json(response, 500, {});
    });
    const output = await run({ items: [{ email: 'Person1@Example.com', platformRole: 'ADMIN' }] });
    expect(output.results[0]).toEqual({
      index: 0,
      target: 'Person1@Example.com',
      outcome: 'invalid',
      reason: `2 users match email Person1@Example.com: ${userId(1)}, ${userId(2)}. Name the user by id instead.`,
    });
    expect(posts()).toHaveLength(0);
  });
});

describe('a broken or hostile server', () => {
  it('a write accepted with an answer that is not the user: failed, saying it may have been applied, never updated', async () => {
    platform(3, (request, response) => {
      if (pathOf(request).endsWith(userId(1))) return htmlPage(200, '<html>ok</html>')(request, response);
      return json(response, 200, { ok: true });
    });
    const output = await run({ userIds: [userId(1), userId(2)], platformRole: 'ADMIN', concurrency: 1 });
    expect(output.results.map((r) => r.outcome)).toEqual(['failed', 'failed']);
    for (const result of output.results) expect(result.reason).toMatch(/may have been applied/);
    expect(output.counts.updated).toBe(0);
  });

  it('never shows the key, wherever the server echoes it', async () => {
    platform(2, (request, response) =>
      json(response, 400, { statusCode: 400, message: `bad key ${API_KEY} (${API_KEY.slice(5, 20)})`, code: API_KEY }, { 'x-request-id': API_KEY }),
    );
    const output = await run({ userIds: [userId(1)], status: 'INACTIVE' });
    expect(output.counts.failed).toBe(1);
    const text = JSON.stringify(output);
    for (let at = 0; at + 8 <= API_KEY.length; at += 4) expect(text).not.toContain(API_KEY.slice(at, at + 8));
  });

  it('a storm of 429s with Retry-After: 0 is not hammered: the step backs off and ends within its budget with the rest remaining', async () => {
    platform(3, respond(429, { message: 'slow down' }, { 'retry-after': '0' }));
    const ids = Array.from({ length: 40 }, (_, i) => userId(i + 1));
    const began = Date.now();
    const output = await run({ userIds: ids, platformRole: 'ADMIN', timeBudgetSeconds: 2 });
    expect(Date.now() - began).toBeLessThan(4_000);
    expect(posts().length).toBeLessThanOrEqual(16);
    expect(output.done).toBe(false);
    expect(output.counts.updated).toBe(0);
    expect(output.remaining.length + output.counts.failed).toBe(40);
    expect(output.remaining.length).toBeGreaterThan(30);
  }, 10_000);

  it('a Retry-After given as an HTTP date is honoured', async () => {
    let refused = 0;
    let refusedAt = 0;
    platform(3, (request, response) => {
      if (refused++ === 0) {
        refusedAt = Date.now();
        return json(response, 429, {}, { 'retry-after': new Date(Date.now() + 2_000).toUTCString() });
      }
      return json(response, 200, user(Number(pathOf(request).slice(-2)), JSON.parse(request.body)));
    });
    const output = await run({ userIds: [userId(1), userId(2)], platformRole: 'ADMIN', concurrency: 1 });
    expect(output.counts.updated).toBe(2);
    const later = postTimes.slice(1);
    for (const at of later) expect(at).toBeGreaterThanOrEqual(refusedAt + 900);
  }, 10_000);

  it('a 503 without Retry-After pauses nobody: the client retries the item, then it fails and the others go on', async () => {
    platform(3, (request, response) => {
      if (pathOf(request).endsWith(userId(1))) return json(response, 503, { message: 'down' });
      return json(response, 200, user(Number(pathOf(request).slice(-2)), JSON.parse(request.body)));
    });
    const output = await run({ userIds: [userId(1), userId(2), userId(3)], platformRole: 'ADMIN', concurrency: 2 });
    expect(output.results.map((r) => r.outcome)).toEqual(['failed', 'updated', 'updated']);
    expect(posts().filter((r) => pathOf(r).endsWith(userId(1)))).toHaveLength(3);
  }, 10_000);

  it('a 503 with Retry-After for ever: the budget ends it, with the rest remaining', async () => {
    platform(3, respond(503, {}, { 'retry-after': '1' }));
    const ids = Array.from({ length: 10 }, (_, i) => userId(i + 1));
    const began = Date.now();
    const output = await run({ userIds: ids, platformRole: 'ADMIN', timeBudgetSeconds: 2 });
    expect(Date.now() - began).toBeLessThan(4_000);
    expect(output.done).toBe(false);
    expect(output.remaining).toEqual(ids.slice(ids.length - output.remaining.length));
    expect(output.summary).toMatch(/^Not finished: /);
  }, 10_000);

  it('a 401 in the middle with four workers: one message, the writes done counted, no request after the refusal', async () => {
    let answered = 0;
    let refusedAt = Infinity;
    platform(3, (request, response) => {
      const n = ++answered;
      setTimeout(() => {
        if (n > 10) {
          refusedAt = Math.min(refusedAt, Date.now());
          return json(response, 401, { statusCode: 401, message: 'invalid api key' });
        }
        json(response, 200, user(Number(pathOf(request).slice(-2)), JSON.parse(request.body)));
      }, 20);
    });
    const ids = Array.from({ length: 40 }, (_, i) => userId(i + 1));
    const error = await rejection(run({ userIds: ids, platformRole: 'ADMIN', concurrency: 4 }), ApiError);
    expect(error.message).toMatch(/^Activepieces rejected the API key\. .* The step stopped there: 10 of 40 items were done before it \(10 updated\), and 10 were updated; the others were not changed\./);
    expect(postTimes.filter((at) => at > refusedAt + 50)).toEqual([]);
    expect(posts().length).toBeLessThanOrEqual(14);
  });
});

describe("update_users in the engine's child process: names that disagree, as the engine passes them", () => {
  const runInChild = useEngineChild();

  it('refuses the item that names two users and writes the one that names one, with the settings given as text', async () => {
    platform(3);
    const items = JSON.stringify([
      { id: userId(1), email: 'person1@example.com', status: 'INACTIVE' },
      { id: userId(2), email: 'person3@example.com', status: 'INACTIVE' },
    ]);
    const outcome = await runInChild('update_users', live.url, { items, concurrency: '2', timeBudgetSeconds: '30', onlyFailures: 'true' });
    if (!outcome.ok) throw outcome.error;
    expect(outcome.value).toMatchObject({
      done: true,
      counts: { updated: 1, invalid: 1 },
      results: [
        {
          index: 1,
          target: userId(2),
          outcome: 'invalid',
          reason: `The item names two different users: id ${userId(2)} is person2@example.com, email person3@example.com is ${userId(3)}. Nothing is sent for it; correct the item.`,
        },
      ],
    });
    expect(posts().map((r) => pathOf(r))).toEqual([`/api/v1/users/${userId(1)}`]);
  });
});
