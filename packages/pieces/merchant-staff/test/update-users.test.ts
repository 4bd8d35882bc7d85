import { ApiError, BulkOutput, InputError } from '@user-admin-pieces/common';
import { json, rejection, runActionInProcess, useTestServer } from '@user-admin-pieces/common/testing';
import {
  generatedStaffUserId,
  MERCHANT_ADMIN_ID,
  MERCHANT_DOCS_USER_ID,
  MERCHANT_INACTIVE_ID,
  MERCHANT_OWNER_ID,
  MerchantSandbox,
  startMerchantSandbox,
} from '@user-admin-pieces/sandbox';
import { updateUsersAction } from '../src/lib/actions/update-users';
import { authProps, echoPut, staffUser, USER_ID, usePieceChild } from './helpers';

const run = (baseUrl: string, token: string, props: Record<string, unknown>) =>
  runActionInProcess(updateUsersAction, authProps(baseUrl, token), props) as Promise<BulkOutput>;

const GRACE = MERCHANT_DOCS_USER_ID.toLowerCase();

describe('update_users refuses an unusable list or setting before any request', () => {
  const live = useTestServer();

  it.each([
    [{}, 'items, userIds', 'Give exactly one of Users and changes (items) or User IDs (userIds).'],
    [{ items: '{"userId": "x"}' }, 'items', 'items must be a list (a JSON array, or a list mapped from an earlier step); it got an object.'],
    [{ userIds: [] }, 'items, userIds', 'Give exactly one of Users and changes (items) or User IDs (userIds).'],
    [{ userIds: [GRACE] }, 'firstName, lastName, email, role, status', 'Nothing to change: fill in at least one of First name, Last name, Email, Role or Status.'],
    [{ userIds: [GRACE], status: 'INACTIVE', concurrency: 0 }, 'concurrency', 'concurrency must be a whole number from 1 to 10.'],
  ])('%#: %j', async (props, field, sentence) => {
    const error = await rejection(run(live.url(), 'token', props), InputError);
    expect(error).toMatchObject({ field, message: sentence });
    expect(live.server.requests).toHaveLength(0);
  });
});

describe('update_users on a deployment that does not list its users', () => {
  const live = useTestServer();
  const OWNER = 'c0ffee00-0000-4000-8000-0000000000aa';

  it('falls back to the single update\'s own guard: the Owner is refused, the other user is written', async () => {
    live.server.always((request, response) => {
      const path = new URL(request.path, 'http://x').pathname;
      if (path === '/api/Users') return json(response, 404, {});
      if (request.method === 'GET' && path === `/api/Users/${OWNER}`) return json(response, 200, staffUser({ id: OWNER, role: 'Owner' }));
      if (request.method === 'GET') return json(response, 200, staffUser());
      return echoPut()(request, response);
    });
    const output = await run(live.url(), 'token', { userIds: [OWNER, USER_ID], status: 'INACTIVE' });
    expect(output.results[1]).toEqual({ index: 1, target: USER_ID, outcome: 'updated', fields: ['isActive'] });
    expect(output.results[0]).toEqual({
      index: 0,
      target: OWNER,
      outcome: 'failed',
      reason: expect.stringMatching(/^Jane Doe is an active Owner, and this deployment does not list its users \(GET \/api\/Users answered 404\), so the piece cannot check that another active Owner remains\. Nothing was written/),
    });
    expect(live.server.requests.filter((r) => r.method === 'PUT').map((r) => r.path)).toEqual([`/api/Users/${USER_ID}`]);
  });
});

describe('update_users against the sandbox merchant fake', () => {
  let sandbox: MerchantSandbox;
  beforeAll(async () => {
    sandbox = await startMerchantSandbox({ extraUsers: 120 });
  });
  afterEach(() => sandbox.reset());
  afterAll(() => sandbox.close());

  const bulk = (props: Record<string, unknown>) => run(sandbox.baseUrl, sandbox.token, props);
  const sent = () => sandbox.requests.map((r) => `${r.method} ${r.path}`);
  const writes = () => sandbox.requests.filter((r) => r.method !== 'GET');

  it('simple form: each user read, merged and written back; the owner guard reads the list once', async () => {
    const ids = [generatedStaffUserId(1), generatedStaffUserId(2), generatedStaffUserId(3)];
    const before = ids.map((id) => sandbox.user(id));
    const output = await bulk({ userIds: ids, status: 'INACTIVE' });
    expect(output).toMatchObject({ done: true, summary: 'All 3 items done: 3 updated.', remaining: [] });
    expect(output.results).toEqual(ids.map((id, index) => ({ index, target: id, outcome: 'updated', fields: ['isActive'] })));
    // 125 users: two list pages, then a GET and a PUT per user.
    expect(sent().slice(0, 2)).toEqual(['GET /api/Users', 'GET /api/Users']);
    expect(sent().slice(2).sort()).toEqual(ids.flatMap((id) => [`GET /api/Users/${id}`, `PUT /api/Users/${id}`]).sort());
    ids.forEach((id, i) => expect(sandbox.user(id)).toEqual({ ...before[i], isActive: false, updatedAt: expect.any(String) }));
    expect(output.audit).toMatchObject({ action: 'merchant-staff/update_users', target: '3 items', attempts: 8, requestIdsNotListed: 0 });
    expect(output.audit.requestIds).toHaveLength(8);
  });

  it('items by GUID or email: one list walk for every email, and every outcome', async () => {
    const items = [
      { userId: 'Grace.Hopper@example.com', role: 'Admin' },
      { userId: MERCHANT_INACTIVE_ID, status: 'INACTIVE' },
      { userId: 'nobody@example.com', status: 'INACTIVE' },
      { userId: 'not an id', firstName: 'X' },
      { id: MERCHANT_DOCS_USER_ID, role: 'Viewer' },
      { userId: '00000000-0000-4000-8000-999999999999', firstName: 'Ghost' },
      { userId: generatedStaffUserId(7), firstName: 'Seven', email: 'seven@example.com' },
      { userId: generatedStaffUserId(8) },
    ];
    const output = await bulk({ items });
    expect(output.results).toEqual([
      { index: 0, target: 'Grace.Hopper@example.com', id: GRACE, outcome: 'updated', fields: ['role'] },
      { index: 1, target: MERCHANT_INACTIVE_ID, outcome: 'unchanged' },
      { index: 2, target: 'nobody@example.com', outcome: 'invalid', reason: 'No staff user has email nobody@example.com.' },
      { index: 3, target: 'not an id', outcome: 'invalid', reason: expect.stringMatching(/^User "not an id" is neither a user id/) },
      // The same user as item 0 asking for another role: refused, not dropped as a duplicate.
      { index: 4, target: MERCHANT_DOCS_USER_ID, outcome: 'invalid', reason: 'Same user as item 0, which was processed instead, but with other changes: put them in one item.' },
      { index: 5, target: '00000000-0000-4000-8000-999999999999', outcome: 'failed', reason: expect.any(String) },
      { index: 6, target: generatedStaffUserId(7), outcome: 'updated', fields: ['firstName', 'email'] },
      { index: 7, target: generatedStaffUserId(8), outcome: 'invalid', reason: 'Nothing to change: fill in at least one of First name, Last name, Email, Role or Status.' },
    ]);
    expect(sent().filter((line) => line === 'GET /api/Users')).toHaveLength(2);
    expect(sandbox.user(GRACE)?.role).toBe('Admin');
    expect(sandbox.user(generatedStaffUserId(7))).toMatchObject({ firstName: 'Seven', email: 'seven@example.com', lastName: 'Staff 000007' });
    expect(writes().map((r) => r.path).sort()).toEqual([`/api/Users/${GRACE}`, `/api/Users/${generatedStaffUserId(7)}`].sort());
  });

  it('refuses, before any write, a list that would deactivate or demote every active Owner, and says which items', async () => {
    const before = sandbox.users();
    const error = await rejection(bulk({ items: [{ userId: GRACE, firstName: 'G' }, { userId: 'olivia.owens@example.com', role: 'Admin' }] }), InputError);
    expect(error.message).toBe(
      'This list would deactivate or demote every active Owner of the merchant (item 1 (olivia.owens@example.com)), which would lock the merchant out. Nothing was changed. Remove one of these items, or make another user an active Owner first.',
    );
    expect(writes()).toHaveLength(0);
    expect(sandbox.users()).toEqual(before);
  });

  it('lets one Owner go once another is active', async () => {
    await bulk({ userIds: [MERCHANT_ADMIN_ID], role: 'Owner' });
    const output = await bulk({ items: [{ userId: MERCHANT_OWNER_ID, status: 'INACTIVE' }] });
    expect(output.results).toEqual([{ index: 0, target: MERCHANT_OWNER_ID, outcome: 'updated', fields: ['isActive'] }]);
    expect(sandbox.user(MERCHANT_OWNER_ID)?.isActive).toBe(false);
  });

  it('preview: reads only, planned outcomes, and what the server stored is unchanged', async () => {
    const before = sandbox.users();
    const output = await bulk({ userIds: [GRACE, MERCHANT_INACTIVE_ID, generatedStaffUserId(9)], status: 'INACTIVE', previewOnly: true });
    expect(output.results.map((r) => r.outcome)).toEqual(['planned', 'unchanged', 'planned']);
    expect(output.summary).toBe('All 3 items done: 2 planned, 1 unchanged. Preview only: nothing was changed.');
    expect(writes()).toHaveLength(0);
    expect(sandbox.users()).toEqual(before);
  });

  it('fails at once with the API\'s sentence when the list read for the owner guard meets a 401', async () => {
    const error = await rejection(run(sandbox.baseUrl, 'wrong-token', { userIds: [GRACE], role: 'Staff' }), ApiError);
    expect(error.message).toBe('The API token was rejected (401). Check the token in the connection, or create a new one.');
    expect(sent()).toEqual(['GET /api/Users']);
  });

  it('stops at a 401 with one message and no further request', async () => {
    // A promotion takes no Owner away, so no list is read first: the first user's read meets the 401.
    const error = await rejection(run(sandbox.baseUrl, 'wrong-token', { userIds: [GRACE, generatedStaffUserId(1)], role: 'Owner', concurrency: 1, timeBudgetSeconds: 60 }), ApiError);
    expect(error.status).toBe(401);
    expect(error.message).toBe(
      'The API token was rejected (401). Check the token in the connection, or create a new one. The step stopped there: 0 of 2 items were done before it, and 0 were updated; the others were not changed. Run the step again once this is fixed: users already done come back unchanged.',
    );
    expect(sent()).toEqual([`GET /api/Users/${GRACE}`]);
    expect(sandbox.requests).toHaveLength(1);
  });

  it('keeps the output of 1,000 users under 200 bytes each', async () => {
    const big = await startMerchantSandbox({ extraUsers: 1_000 });
    try {
      const items = Array.from({ length: 1_000 }, (_, i) => ({ userId: generatedStaffUserId(i + 1), lastName: `Renamed ${i + 1}`, department: 'kept out of the output' }));
      const output = await run(big.baseUrl, big.token, { items, concurrency: 10 });
      expect(output.counts).toMatchObject({ updated: 1_000 });
      expect(JSON.stringify(output).length / 1_000).toBeLessThan(200);
      expect(output.audit.requestIds).toHaveLength(20);
      expect(output.audit.requestIdsNotListed).toBe(1_980);
      expect(big.user(generatedStaffUserId(500))?.lastName).toBe('Renamed 500');
    } finally {
      await big.close();
    }
  }, 30_000);
});

describe('update_users: the shared pause and the time budget', () => {
  let sandbox: MerchantSandbox;
  afterEach(() => sandbox.close());

  it('pauses every worker on a 503 with Retry-After: no request during the pause, and nothing fails', async () => {
    sandbox = await startMerchantSandbox({ extraUsers: 30, rateLimitPerSecond: 12 });
    const ids = Array.from({ length: 12 }, (_, i) => generatedStaffUserId(i + 1));
    const output = await run(sandbox.baseUrl, sandbox.token, { userIds: ids, role: 'Viewer' });
    expect(output.counts).toMatchObject({ updated: 12, failed: 0 });
    const limited = sandbox.requests.filter((r) => r.status === 503);
    expect(limited.length).toBeGreaterThan(0);
    for (const refused of limited) {
      const answeredAt = Date.parse(refused.answeredAt ?? '');
      // Requests sent before the client read the 503 may land a little later (the server shares this process); none during the pause.
      const during = sandbox.requests.filter((r) => Date.parse(r.receivedAt) > answeredAt + 100 && Date.parse(r.receivedAt) < answeredAt + 1_000);
      expect(during).toEqual([]);
    }
    for (const id of ids) expect(sandbox.user(id)?.role).toBe('Viewer');
  }, 20_000);

  it('returns the users not reached in remaining, in the shape of the list, when the budget is spent', async () => {
    // Two round trips of 200 ms per user, one at a time, a 1 s budget: users are started at 0, 400 and 800 ms.
    sandbox = await startMerchantSandbox({ extraUsers: 10, latencyMs: 200 });
    const list = Array.from({ length: 6 }, (_, i) => ({ userId: generatedStaffUserId(i + 1), firstName: `Renamed ${i + 1}`, note: 'kept' }));
    const output = await run(sandbox.baseUrl, sandbox.token, { items: list, concurrency: 1, timeBudgetSeconds: 1 });
    expect(output.done).toBe(false);
    expect(output.counts).toMatchObject({ updated: 3, not_reached: 3 });
    expect(output.remaining).toEqual(list.slice(3));
    expect(sandbox.requests.filter((r) => r.method === 'PUT')).toHaveLength(3);
  }, 10_000);
});

describe("update_users in the engine's child process: the list arrives as the engine passes it", () => {
  let sandbox: MerchantSandbox;
  beforeAll(async () => {
    sandbox = await startMerchantSandbox();
  });
  afterAll(() => sandbox.close());
  const runInChild = usePieceChild();
  const items = [{ userId: 'grace.hopper@example.com', status: 'INACTIVE' }, { userId: MERCHANT_INACTIVE_ID, status: 'INACTIVE' }];

  it.each([
    ['a mapped array', items],
    ['JSON text', JSON.stringify(items)],
  ])('takes the items as %s', async (_how, given) => {
    sandbox.reset();
    const outcome = await runInChild('update_users', { items: given, onlyFailures: 'false' }, authProps(sandbox.baseUrl, sandbox.token));
    if (!outcome.ok) throw outcome.error;
    expect(outcome.value).toMatchObject({
      done: true,
      results: [
        { index: 0, target: 'grace.hopper@example.com', id: GRACE, outcome: 'updated', fields: ['isActive'] },
        { index: 1, target: MERCHANT_INACTIVE_ID, outcome: 'unchanged' },
      ],
    });
    expect(sandbox.user(GRACE)?.isActive).toBe(false);
  });
});
