import { ApiError, BulkOutput, InputError } from '@user-admin-pieces/common';
import { closedUrl, rejection, respond, runActionInProcess, useTestServer } from '@user-admin-pieces/common/testing';
import {
  ActivepiecesSandbox,
  AP_ADMIN_ID,
  AP_INACTIVE_ID,
  AP_MEMBER_ID,
  AP_OPERATOR_ID,
  AP_OWNER_ID,
  AP_PLATFORM_ID,
  AP_UNLINKED_MEMBER_ID,
  generatedUserId,
  startActivepiecesSandbox,
} from '@user-admin-pieces/sandbox';
import { OWNER_REFUSED, updateUsersAction } from '../src/lib/actions/update-users';
import { useEngineChild } from './engine-child';
import { authProps, pagedUsers, pathOf, queryOf, user, userId } from './helpers';

const run = (baseApiUrl: string, apiKey: string, props: Record<string, unknown>) =>
  runActionInProcess(updateUsersAction, authProps(baseApiUrl, apiKey), props) as Promise<BulkOutput>;

describe('update_users refuses an unusable list or setting before any request', () => {
  const live = useTestServer();
  const bulk = (props: Record<string, unknown>) => run(`${live.url()}/api/v1`, authProps('').apiKey, props);

  it.each([
    [{}, 'items, userIds', 'Give exactly one of Users and changes (items) or User IDs (userIds).'],
    [{ items: [{ userId: userId(1), status: 'INACTIVE' }], userIds: [userId(2)] }, 'items, userIds', 'Give exactly one of Users and changes (items) or User IDs (userIds).'],
    [{ items: { userId: userId(1), status: 'INACTIVE' } }, 'items', 'items must be a list (a JSON array, or a list mapped from an earlier step); it got an object.'],
    [{ items: 'grace@example.com' }, 'items', 'items is text that is not a JSON list: map a list from an earlier step, or write a JSON array such as ["id1", "id2"].'],
    [{ items: '[]' }, 'items', 'items is an empty list: there is nothing to update.'],
    [{ userIds: new Array(10_001).fill(userId(1)), status: 'INACTIVE' }, 'userIds', 'userIds has 10,001 items, more than the 10,000 one step takes. Split the list, e.g. with a Loop over chunks.'],
    [{ userIds: [userId(1), userId(2)] }, 'status, platformRole, externalId', 'Nothing to update: set at least one of status, platformRole or externalId.'],
    [{ userIds: [userId(1)], status: 'INACTIVE', concurrency: 11 }, 'concurrency', 'concurrency must be a whole number from 1 to 10.'],
    [{ userIds: [userId(1)], status: 'INACTIVE', timeBudgetSeconds: 600 }, 'timeBudgetSeconds', 'timeBudgetSeconds must be a whole number from 1 to 480.'],
  ])('%#: %s', async (props, field, sentence) => {
    const error = await rejection(bulk(props), InputError);
    expect(error).toMatchObject({ field, message: sentence });
    expect(live.server.requests).toHaveLength(0);
  });
});

describe('update_users against the sandbox', () => {
  let sandbox: ActivepiecesSandbox;
  beforeAll(async () => {
    sandbox = await startActivepiecesSandbox({ extraUsers: 250 });
  });
  afterEach(() => sandbox.reset());
  afterAll(() => sandbox.close());

  const bulk = (props: Record<string, unknown>) => run(sandbox.baseUrl, sandbox.apiKey, props);
  const sent = () => sandbox.requests.map((r) => `${r.method} ${r.path}${Object.keys(r.query).length > 0 ? `?${new URLSearchParams(r.query)}` : ''}`);
  const stored = (id: string) => sandbox.user(id);

  it('simple form: one change for every id, one POST each, and the owner read once for the guard', async () => {
    const ids = [generatedUserId(1), generatedUserId(2), generatedUserId(3)];
    const output = await bulk({ userIds: ids, status: 'INACTIVE' });
    expect(output).toMatchObject({
      done: true,
      preview: false,
      summary: 'All 3 items done: 3 updated.',
      counts: { updated: 3, unchanged: 0, planned: 0, invalid: 0, duplicate: 0, failed: 0, not_reached: 0 },
      remaining: [],
    });
    expect(output.results).toEqual(ids.map((id, index) => ({ index, target: id, outcome: 'updated', fields: ['status'] })));
    expect(sent().slice(0, 2)).toEqual(['GET /api/v1/users?limit=1', `GET /api/v1/platforms/${AP_PLATFORM_ID}`]);
    expect(sent().slice(2).sort()).toEqual(ids.map((id) => `POST /api/v1/users/${id}`).sort());
    expect(sandbox.requests.slice(2).map((r) => r.body)).toEqual([{ status: 'INACTIVE' }, { status: 'INACTIVE' }, { status: 'INACTIVE' }]);
    for (const id of ids) expect(stored(id)?.status).toBe('INACTIVE');
    expect(output.audit).toMatchObject({ action: 'activepieces-platform/update_users', target: '3 items', attempts: 5, requestIdsNotListed: 0 });
  });

  it('items by id, email and current external id: one walk of the list for all of them, and every outcome', async () => {
    const items = [
      { email: 'Grace.Hopper@example.com', status: 'INACTIVE' },
      { currentExternalId: 'gen-200', platformRole: 'OPERATOR', externalId: 'hr-9200' },
      { userId: AP_OPERATOR_ID, platformRole: 'OPERATOR' },
      { email: 'linus.pauling@example.com', status: 'INACTIVE' },
      { email: 'nobody@example.com', status: 'INACTIVE' },
      { userId: 'short', status: 'INACTIVE' },
      { id: AP_MEMBER_ID, status: 'INACTIVE' },
      { email: 'ada.lovelace@example.com', status: 'INACTIVE' },
      { email: 'ada.lovelace@example.com', platformRole: 'MEMBER' },
      'not a record',
    ];
    const before = stored(AP_OWNER_ID);
    const output = await bulk({ items });
    expect(output.results).toEqual([
      { index: 0, target: 'Grace.Hopper@example.com', id: AP_MEMBER_ID, outcome: 'updated', fields: ['status'] },
      { index: 1, target: 'gen-200', id: generatedUserId(200), outcome: 'updated', fields: ['platformRole', 'externalId'] },
      { index: 2, target: AP_OPERATOR_ID, outcome: 'unchanged' },
      { index: 3, target: 'linus.pauling@example.com', id: AP_INACTIVE_ID, outcome: 'unchanged' },
      { index: 4, target: 'nobody@example.com', outcome: 'invalid', reason: 'No user with email nobody@example.com on this platform.' },
      { index: 5, target: 'short', outcome: 'invalid', reason: 'userId must be an Activepieces user id of 21 letters and digits (got "short").' },
      { index: 6, target: AP_MEMBER_ID, outcome: 'duplicate', reason: 'Same user as item 0, which was processed instead.' },
      {
        index: 7,
        target: 'ada.lovelace@example.com',
        id: AP_OWNER_ID,
        outcome: 'invalid',
        reason: OWNER_REFUSED,
      },
      { index: 8, target: 'ada.lovelace@example.com', id: AP_OWNER_ID, outcome: 'updated', fields: ['platformRole'] },
      { index: 9, target: 'not a record', outcome: 'invalid', reason: 'An item must be a record with the user and the fields to set; this one is a string.' },
    ]);
    // 256 users: three pages, read once for every email and external id; then the platform for the owner.
    expect(sent().slice(0, 4)).toEqual([
      'GET /api/v1/users?limit=100',
      'GET /api/v1/users?limit=100&cursor=' + sandbox.requests[1].query['cursor'],
      'GET /api/v1/users?limit=100&cursor=' + sandbox.requests[2].query['cursor'],
      `GET /api/v1/platforms/${AP_PLATFORM_ID}`,
    ]);
    expect(sent().slice(4).sort()).toEqual([`POST /api/v1/users/${AP_MEMBER_ID}`, `POST /api/v1/users/${AP_OWNER_ID}`, `POST /api/v1/users/${generatedUserId(200)}`].sort());
    expect(stored(generatedUserId(200))).toMatchObject({ platformRole: 'OPERATOR', externalId: 'hr-9200' });
    expect(stored(AP_OWNER_ID)).toEqual({ ...before, platformRole: 'MEMBER', updated: expect.any(String) });
    expect(output.counts).toEqual({ updated: 3, planned: 0, unchanged: 2, invalid: 4, duplicate: 1, failed: 0, not_reached: 0 });
  });

  it('a few external ids: the API\'s filter, one request each, and no walk of the list', async () => {
    const output = await bulk({ items: [{ currentExternalId: 'hr-1002', platformRole: 'OPERATOR' }, { currentExternalId: 'gen-3', platformRole: 'OPERATOR' }] });
    expect(output.counts).toMatchObject({ updated: 2 });
    expect(sent().slice(0, 2)).toEqual(['GET /api/v1/users?limit=100&externalId=hr-1002', 'GET /api/v1/users?limit=100&externalId=gen-3']);
    expect(sent()).toHaveLength(4);
  });

  it('many external ids: one walk, which stops once every one turned up', async () => {
    const refs = Array.from({ length: 11 }, (_, i) => ({ currentExternalId: `gen-${250 - i}`, platformRole: 'ADMIN' }));
    const output = await bulk({ items: refs });
    expect(output.counts).toMatchObject({ updated: 11 });
    // The generated users follow the six named ones, newest first: gen-250 to gen-240 are all on the first page.
    expect(sent().filter((line) => line.startsWith('GET'))).toEqual(['GET /api/v1/users?limit=100']);
  });

  it('preview: reads only, planned outcomes, and what the server stored is unchanged', async () => {
    const before = sandbox.users();
    const output = await bulk({
      items: [{ userId: AP_ADMIN_ID, status: 'INACTIVE' }, { email: 'alan.turing@example.com', platformRole: 'OPERATOR' }, { userId: AP_OWNER_ID, status: 'INACTIVE' }, { userId: userId(9), status: 'INACTIVE' }],
      previewOnly: true,
    });
    expect(output.results).toEqual([
      { index: 0, target: AP_ADMIN_ID, outcome: 'planned', fields: ['status'] },
      { index: 1, target: 'alan.turing@example.com', id: AP_OPERATOR_ID, outcome: 'unchanged' },
      { index: 2, target: AP_OWNER_ID, outcome: 'invalid', reason: OWNER_REFUSED },
      { index: 3, target: userId(9), outcome: 'invalid', reason: `No user with id ${userId(9)} on this platform.` },
    ]);
    expect(output.summary).toBe('All 4 items done: 1 planned, 1 unchanged, 2 invalid. Preview only: nothing was changed.');
    expect(sandbox.requests.every((r) => r.method === 'GET')).toBe(true);
    expect(sandbox.users()).toEqual(before);
  });

  it('"Only failures and counts" lists only what went wrong', async () => {
    const output = await bulk({ userIds: [AP_UNLINKED_MEMBER_ID, 'bad', generatedUserId(5), userId(9)], platformRole: 'OPERATOR', onlyFailures: true });
    expect(output.results).toEqual([
      { index: 1, target: 'bad', outcome: 'invalid', reason: 'userId must be an Activepieces user id of 21 letters and digits (got "bad").' },
      { index: 3, target: userId(9), outcome: 'failed', reason: expect.stringMatching(/^No user with id usr0+9 on this platform/) },
    ]);
    expect(output.counts).toMatchObject({ updated: 2, invalid: 1, failed: 1 });
  });

  it('keeps the output of 1,000 users under 200 bytes each', async () => {
    const ids = Array.from({ length: 250 }, (_, i) => generatedUserId(i + 1));
    const list = [...ids, ...ids, ...ids, ...ids].map((id, i) => (i < 250 ? { userId: id, platformRole: 'OPERATOR' } : { email: `generated.user${(i % 250) + 1}@example.com`, status: 'INACTIVE' }));
    const output = await bulk({ items: list, concurrency: 10 });
    // Each user's later items ask for another change than the first: refused, not dropped as duplicates.
    expect(output.counts).toMatchObject({ updated: 250, invalid: 750 });
    expect(JSON.stringify(output).length / 1_000).toBeLessThan(200);
    expect(output.audit.requestIds.length).toBeLessThanOrEqual(20);
  });
});

describe('update_users: the shared pause, the stop and the time budget', () => {
  let sandbox: ActivepiecesSandbox;
  afterEach(() => sandbox.close());

  it('pauses every worker on a 429 for its Retry-After: no request reaches the server during the pause, and nothing fails', async () => {
    sandbox = await startActivepiecesSandbox({ extraUsers: 40, rateLimitPerSecond: 10 });
    const ids = Array.from({ length: 25 }, (_, i) => generatedUserId(i + 1));
    const output = await run(sandbox.baseUrl, sandbox.apiKey, { userIds: ids, platformRole: 'OPERATOR' });
    expect(output.counts).toMatchObject({ updated: 25, failed: 0 });
    const limited = sandbox.requests.filter((r) => r.status === 429);
    expect(limited.length).toBeGreaterThan(0);
    for (const refused of limited) {
      const answeredAt = Date.parse(refused.answeredAt ?? '');
      // Requests sent before the client read the 429 may land a little later (the server shares this process); none during the pause.
      const during = sandbox.requests.filter((r) => Date.parse(r.receivedAt) > answeredAt + 100 && Date.parse(r.receivedAt) < answeredAt + 1_000);
      expect(during).toEqual([]);
    }
    for (const id of ids) expect(sandbox.user(id)?.platformRole).toBe('OPERATOR');
  }, 20_000);

  it('stops at a 401 with one message, after the first answers', async () => {
    sandbox = await startActivepiecesSandbox({ extraUsers: 10 });
    const error = await rejection(run(sandbox.baseUrl, `sk-${'x'.repeat(61)}`, { userIds: [generatedUserId(1), generatedUserId(2)], platformRole: 'OPERATOR', concurrency: 1 }), ApiError);
    expect(error.message).toBe(
      'Activepieces rejected the API key. Check the key in the connection: it is a platform API key that starts with sk-. The step stopped there: 0 of 2 items were done before it, and 0 were updated; the others were not changed. Run the step again once this is fixed: users already done come back unchanged.',
    );
    expect(error.status).toBe(401);
    expect(sandbox.requests).toHaveLength(1);
  });
});

describe('update_users: an unreachable server', () => {
  it('stops the step with one message instead of failing every user', async () => {
    const url = await closedUrl();
    const error = await rejection(run(`${url}/api/v1`, authProps('').apiKey, { userIds: [userId(1), userId(2), userId(3)], platformRole: 'ADMIN', concurrency: 1 }), ApiError);
    expect(error.message).toMatch(/^Could not connect to 127\.0\.0\.1:\d+: the connection was refused\. Check the base URL and that the server is running \(3 attempts over [\d.]+ s\)\. The step stopped there: 0 of 3 items were done before it, and 0 were updated; the others were not changed\./);
    expect(error.kind).toBe('network');
  }, 15_000);
});

describe('update_users: a key revoked halfway and a spent budget', () => {
  const live = useTestServer();
  const url = () => `${live.url()}/api/v1`;

  it('a 401 halfway: the message says how many were written, and no request follows', async () => {
    const ids = Array.from({ length: 8 }, (_, i) => userId(i + 1));
    let posts = 0;
    live.server.always((request, response) => {
      posts++;
      if (posts > 3) return respond(401, { statusCode: 401, error: 'Unauthorized', message: 'invalid api key' })(request, response);
      return respond(200, user(Number(pathOf(request).slice(-2)), { platformRole: 'OPERATOR' }))(request, response);
    });
    const error = await rejection(run(url(), authProps('').apiKey, { userIds: ids, platformRole: 'OPERATOR', concurrency: 1 }), ApiError);
    expect(error.message).toBe(
      'Activepieces rejected the API key. Check the key in the connection: it is a platform API key that starts with sk-. The step stopped there: 3 of 8 items were done before it (3 updated), and 3 were updated; the others were not changed. Run the step again once this is fixed: users already done come back unchanged.',
    );
    expect(live.server.requests).toHaveLength(4);
  });

  it('returns the users not reached in remaining, in the shape of the list, when the budget is spent', async () => {
    const all = Array.from({ length: 30 }, (_, i) => user(i + 1));
    live.server.always((request, response) => {
      if (pathOf(request).startsWith('/api/v1/platforms/')) return respond(200, { id: 'plat0000000000000001x', ownerId: userId(99) })(request, response);
      if (request.method === 'GET') return pagedUsers(all)(request, response);
      // Each write takes 400 ms: with one at a time and a 1 s budget, three are started.
      setTimeout(() => respond(200, user(Number(pathOf(request).slice(-2)), { status: 'INACTIVE' }))(request, response), 400);
    });
    const items = all.slice(0, 6).map((u) => ({ email: u.email, status: 'INACTIVE', note: 'kept as given' }));
    const output = await run(url(), authProps('').apiKey, { items, concurrency: 1, timeBudgetSeconds: 1 });
    expect(output.done).toBe(false);
    expect(output.remaining).toEqual(items.slice(3));
    expect(output.counts).toMatchObject({ updated: 3, not_reached: 3 });
    expect(output.summary).toBe(
      "Not finished: the time budget was spent. 3 of 6 items done (3 updated, 3 not reached); the 3 not reached are in remaining, in the list's own shape: run the step again with them.",
    );
    expect(live.server.requests.filter((r) => r.method === 'POST')).toHaveLength(3);
    expect(queryOf(live.server.requests[0])).toEqual({ limit: '100' });
  });
});

describe('update_users in the engine\'s child process: the list arrives as the engine passes it', () => {
  const live = useTestServer();
  const runInChild = useEngineChild();
  const items = [{ userId: userId(1), status: 'INACTIVE' }, { email: 'person2@example.com', platformRole: 'ADMIN' }];

  beforeEach(() =>
    live.server.always((request, response) => {
      if (pathOf(request).startsWith('/api/v1/platforms/')) return respond(200, { id: 'plat0000000000000001x', ownerId: userId(99) })(request, response);
      if (request.method === 'GET') return pagedUsers([user(1), user(2)])(request, response);
      const n = Number(pathOf(request).slice(-2));
      return respond(200, user(n, JSON.parse(request.body)))(request, response);
    }),
  );

  it.each([
    ['a mapped array', items],
    ['JSON text', JSON.stringify(items)],
  ])('takes the items as %s', async (_how, given) => {
    const outcome = await runInChild('update_users', live.url, { items: given, concurrency: '2', onlyFailures: 'false' });
    if (!outcome.ok) throw outcome.error;
    expect(outcome.value).toMatchObject({
      done: true,
      counts: { updated: 2 },
      results: [
        { index: 0, target: userId(1), outcome: 'updated', fields: ['status'] },
        { index: 1, target: 'person2@example.com', id: userId(2), outcome: 'updated', fields: ['platformRole'] },
      ],
    });
    const posts = live.server.requests.filter((r) => r.method === 'POST');
    expect(posts.map((r) => [pathOf(r), r.body]).sort()).toEqual([
      [`/api/v1/users/${userId(1)}`, '{"status":"INACTIVE"}'],
      [`/api/v1/users/${userId(2)}`, '{"platformRole":"ADMIN"}'],
    ]);
  });

  it('takes the simple form: a mapped list of ids with one status', async () => {
    const outcome = await runInChild('update_users', live.url, { userIds: [userId(1), userId(2)], status: 'INACTIVE' });
    if (!outcome.ok) throw outcome.error;
    expect(outcome.value).toMatchObject({ done: true, counts: { updated: 2 }, remaining: [] });
  });

  it('fails the step with one sentence the builder shows when the key is refused', async () => {
    live.server.always(respond(401, { statusCode: 401, error: 'Unauthorized', message: 'invalid api key' }));
    const outcome = await runInChild('update_users', live.url, { userIds: [userId(1), userId(2)], platformRole: 'ADMIN' });
    if (outcome.ok) throw new Error('expected the step to fail');
    expect(outcome.error.message).toBe(
      'Activepieces rejected the API key. Check the key in the connection: it is a platform API key that starts with sk-. The step stopped there: 0 of 2 items were done before it, and 0 were updated; the others were not changed. Run the step again once this is fixed: users already done come back unchanged.',
    );
    expect(outcome.error).toMatchObject({ name: 'ApiError', status: 401 });
  });
});
