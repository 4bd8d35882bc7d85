import { ApiError, BulkOutput, InputError, MAY_HAVE_BEEN_APPLIED } from '@user-admin-pieces/common';
import { htmlPage, json, rejection, runActionInProcess, useTestServer } from '@user-admin-pieces/common/testing';
import { generatedStaffUserId, MERCHANT_ADMIN_ID, MERCHANT_OWNER_ID, MerchantSandbox, startMerchantSandbox } from '@user-admin-pieces/sandbox';
import { updateUsersAction } from '../src/lib/actions/update-users';
import { authProps, echoPut, staffUser, TOKEN, USER_ID, usePieceChild } from './helpers';

// Update Users (bulk) against hostile input and broken servers on 127.0.0.1: what the server saw, and what the step said.

const run = (baseUrl: string, token: string, props: Record<string, unknown>) =>
  runActionInProcess(updateUsersAction, authProps(baseUrl, token), props) as Promise<BulkOutput>;

const OTHER_ID = '3f2504e0-4f89-41d3-9a0c-0305e82c3302';

describe('an item that names its user twice, differently', () => {
  const live = useTestServer();

  it('is invalid, and nothing is sent for it; the same user in another case is one user', async () => {
    live.server.always((request, response) => (request.method === 'GET' ? json(response, 200, staffUser()) : echoPut()(request, response)));
    const output = await run(live.url(), TOKEN, {
      items: [
        { userId: OTHER_ID, id: USER_ID, firstName: 'Wrong' },
        { userId: USER_ID, id: USER_ID.toUpperCase(), firstName: 'Right' },
      ],
    });
    expect(output.results).toEqual([
      {
        index: 0,
        target: OTHER_ID,
        outcome: 'invalid',
        reason: `The item names two different users: userId ${OTHER_ID} and id ${USER_ID}. Nothing is sent for it; correct the item.`,
      },
      { index: 1, target: USER_ID, outcome: 'updated', fields: ['firstName'] },
    ]);
    expect(live.server.requests.map((r) => `${r.method} ${r.path}`)).toEqual([`GET /api/Users/${USER_ID}`, `PUT /api/Users/${USER_ID}`]);
  });
});

describe('the simple form with users mapped from Find User', () => {
  const live = useTestServer();

  it('names each user by its id and gives them the one change; its own role is what the user holds now', async () => {
    live.server.always((request, response) => (request.method === 'GET' ? json(response, 200, staffUser({ role: 'Admin' })) : echoPut()(request, response)));
    const output = await run(live.url(), TOKEN, { userIds: [[staffUser({ role: 'Admin' })]], status: 'INACTIVE' });
    expect(output.results).toEqual([{ index: 0, target: USER_ID, outcome: 'updated', fields: ['isActive'] }]);
    // The list read first is the owner guard's (a deactivation); this server does not list, so the user's own guard runs.
    expect(live.server.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /api/Users?page=1&pageSize=100', `GET /api/Users/${USER_ID}`, `PUT /api/Users/${USER_ID}`]);
    expect(JSON.parse(live.server.requests[2].body)).toMatchObject({ id: USER_ID, role: 'Admin', isActive: false });
  });
});

describe('a broken or hostile server', () => {
  const live = useTestServer();

  it('a write accepted with an answer that is not JSON: failed, saying it may have been applied, never updated', async () => {
    live.server.always((request, response) => (request.method === 'GET' ? json(response, 200, staffUser()) : htmlPage(200, '<html>saved</html>')(request, response)));
    const output = await run(live.url(), TOKEN, { items: [{ userId: USER_ID, firstName: 'Janet' }] });
    expect(output.results).toEqual([
      { index: 0, target: USER_ID, outcome: 'failed', reason: expect.stringMatching(new RegExp(`^${MAY_HAVE_BEEN_APPLIED}: Merchant`)) },
    ]);
    expect(output.counts.updated).toBe(0);
  });

  it('a read that fails says nothing of a write: none was sent', async () => {
    live.server.always(htmlPage(200, '<html>login</html>'));
    const output = await run(live.url(), TOKEN, { items: [{ userId: USER_ID, firstName: 'Janet' }] });
    expect(output.results[0].reason).not.toContain(MAY_HAVE_BEEN_APPLIED);
    expect(live.server.requests.map((r) => r.method)).toEqual(['GET']);
  });

  it('a 401 in the middle with four workers: one message, the writes done counted, no request after the refusal', async () => {
    let puts = 0;
    let refusedAt = Infinity;
    const arrivals: number[] = [];
    live.server.always((request, response) => {
      arrivals.push(Date.now());
      setTimeout(() => {
        if (request.method === 'GET') return json(response, 200, staffUser({ id: request.path.split('/').pop() }));
        if (++puts > 6) {
          refusedAt = Math.min(refusedAt, Date.now());
          return json(response, 401, {});
        }
        echoPut()(request, response);
      }, 15);
    });
    const ids = Array.from({ length: 30 }, (_, i) => `3f2504e0-4f89-41d3-9a0c-${String(i + 1).padStart(12, '0')}`);
    const error = await rejection(run(live.url(), TOKEN, { items: ids.map((userId) => ({ userId, firstName: 'Janet' })), concurrency: 4 }), ApiError);
    expect(error.message).toMatch(/^The API token was rejected \(401\)\. .* The step stopped there: 6 of 30 items were done before it \(6 updated\), and 6 were updated; the others were not changed\./);
    expect(arrivals.filter((at) => at > refusedAt + 50)).toEqual([]);
  });
});

describe('the owner guard over the whole list', () => {
  let sandbox: MerchantSandbox;
  beforeAll(async () => {
    sandbox = await startMerchantSandbox({ extraUsers: 5 });
  });
  beforeEach(async () => {
    sandbox.reset();
    // Two active Owners: the seeded one and the admin, promoted.
    await run(sandbox.baseUrl, sandbox.token, { userIds: [MERCHANT_ADMIN_ID], role: 'Owner' });
    sandbox.requests.length = 0;
  });
  afterAll(() => sandbox.close());

  const writes = () => sandbox.requests.filter((r) => r.method !== 'GET');

  it.each([false, true])('refuses one Owner demoted by email and the other deactivated by GUID in another case (preview %p), before any write', async (previewOnly) => {
    const before = sandbox.users();
    const adminEmail = String(sandbox.user(MERCHANT_ADMIN_ID)?.['email']).toUpperCase();
    const items = [
      { userId: generatedStaffUserId(1), firstName: 'Fine' },
      { userId: adminEmail, role: 'Staff' },
      { userId: MERCHANT_OWNER_ID.toLowerCase(), status: 'INACTIVE' },
      { userId: MERCHANT_OWNER_ID.toUpperCase(), status: 'INACTIVE' },
    ];
    const error = await rejection(run(sandbox.baseUrl, sandbox.token, { items, previewOnly }), InputError);
    expect(error).toMatchObject({
      field: 'items',
      message: `This list would deactivate or demote every active Owner of the merchant (item 1 (${adminEmail}), item 2 (${MERCHANT_OWNER_ID.toLowerCase()})), which would lock the merchant out. Nothing was changed. Remove one of these items, or make another user an active Owner first.`,
    });
    expect(writes()).toHaveLength(0);
    expect(sandbox.users()).toEqual(before);
  });

  it('a later item for the same user with other changes is refused, not dropped as a duplicate, and the guard counts the item worked on', async () => {
    const items = [
      { userId: MERCHANT_ADMIN_ID, role: 'Staff' },
      { userId: MERCHANT_OWNER_ID, firstName: 'Olive' },
      { userId: MERCHANT_OWNER_ID.toLowerCase(), status: 'INACTIVE' },
      { userId: MERCHANT_OWNER_ID.toLowerCase(), firstName: 'Olive' },
    ];
    const output = await run(sandbox.baseUrl, sandbox.token, { items, onlyFailures: true });
    expect(output.results).toEqual([
      {
        index: 2,
        target: MERCHANT_OWNER_ID.toLowerCase(),
        outcome: 'invalid',
        reason: 'Same user as item 1, which was processed instead, but with other changes: put them in one item.',
      },
    ]);
    expect(output.counts).toMatchObject({ updated: 2, invalid: 1, duplicate: 1 });
    expect(sandbox.user(MERCHANT_OWNER_ID)).toMatchObject({ firstName: 'Olive', role: 'Owner', isActive: true });
    expect(sandbox.user(MERCHANT_ADMIN_ID)?.role).toBe('Staff');
  });

  it('lets the list through when one active Owner stays, and writes only the others', async () => {
    const output = await run(sandbox.baseUrl, sandbox.token, { items: [{ userId: MERCHANT_OWNER_ID, status: 'INACTIVE' }, { userId: MERCHANT_ADMIN_ID, firstName: 'Still Owner' }] });
    expect(output.counts).toMatchObject({ updated: 2 });
    expect(sandbox.user(MERCHANT_ADMIN_ID)).toMatchObject({ role: 'Owner', isActive: true });
  });
});

describe('the time budget against a server that is always busy', () => {
  let sandbox: MerchantSandbox;
  afterEach(() => sandbox.close());

  it('ends the step within the budget with the rest remaining, exactly as given', async () => {
    sandbox = await startMerchantSandbox({ extraUsers: 20, rateLimitPerSecond: 1 });
    const list = Array.from({ length: 20 }, (_, i) => ({ userId: generatedStaffUserId(i + 1), lastName: `L${i}`, extra: { kept: [i] } }));
    const began = Date.now();
    const output = await run(sandbox.baseUrl, sandbox.token, { items: list, timeBudgetSeconds: 2 });
    expect(Date.now() - began).toBeLessThan(5_000);
    expect(output.done).toBe(false);
    expect(output.remaining.length).toBeGreaterThan(10);
    const reached = list.length - output.remaining.length;
    expect(output.remaining).toEqual(list.slice(reached));
    output.remaining.forEach((item, i) => expect(item).toBe(list[reached + i]));
  }, 10_000);
});

describe("update_users in the engine's child process: hostile input as the engine passes it", () => {
  let sandbox: MerchantSandbox;
  beforeAll(async () => {
    sandbox = await startMerchantSandbox({ extraUsers: 3 });
  });
  afterAll(() => sandbox.close());
  const runInChild = usePieceChild();

  it('a whole list mapped into one entry of User IDs, with Users at once given as text', async () => {
    const ids = [generatedStaffUserId(1), generatedStaffUserId(2)];
    const outcome = await runInChild('update_users', { userIds: [ids, generatedStaffUserId(3)], role: 'Viewer', concurrency: '3' }, authProps(sandbox.baseUrl, sandbox.token));
    if (!outcome.ok) throw outcome.error;
    expect(outcome.value).toMatchObject({ done: true, counts: { updated: 3 } });
    for (const id of [...ids, generatedStaffUserId(3)]) expect(sandbox.user(id)?.role).toBe('Viewer');
  });

  it('Users at once that is not a number is refused by the engine before any request', async () => {
    sandbox.requests.length = 0;
    const outcome = await runInChild('update_users', { userIds: [generatedStaffUserId(1)], role: 'Staff', concurrency: 'four' }, authProps(sandbox.baseUrl, sandbox.token));
    if (outcome.ok) throw new Error('expected the engine to refuse the input');
    expect(outcome.error.message).toContain('Expected number, received: four');
    expect(sandbox.requests).toHaveLength(0);
  });
});

describe('an item found by email whose user changed email before the read', () => {
  const live = useTestServer();

  it('is refused and not written, as in Update User', async () => {
    live.server.always((request, response) => {
      if (request.method === 'GET' && request.path.startsWith('/api/Users?')) return json(response, 200, { items: [staffUser()], totalCount: 1 });
      if (request.method === 'GET') return json(response, 200, staffUser({ email: 'jane.new@shop.example' }));
      return echoPut()(request, response);
    });
    const output = await run(live.url(), TOKEN, { items: [{ userId: 'jane@shop.example', status: 'INACTIVE' }] });
    expect(output.results).toEqual([
      {
        index: 0,
        target: 'jane@shop.example',
        id: USER_ID,
        outcome: 'invalid',
        reason: `User ${USER_ID} was found by email jane@shop.example, but read just now their email is jane.new@shop.example: the user changed after the user list was read. Nothing was writ…`,
      },
    ]);
    expect(live.server.requests.map((r) => r.method)).toEqual(['GET', 'GET']);
  });
});
