// Preview only: the action reads (the user list, and the platform for a deactivation), writes
// nothing, and reports exactly what a real run would change, with the same refusals.
import { ApiError, InputError } from '@user-admin-pieces/common';
import { json, ReceivedRequest, rejection, respond, runActionInProcess, useTestServer } from '@user-admin-pieces/common/testing';
import { updateUserAction } from '../src/lib/actions/update-user';
import { previewLookup } from '../src/lib/common/user-list';
import { PlatformUser } from '../src/lib/common/types';
import { authProps, pagedUsers, pathOf, user, userId, users } from './helpers';

const live = useTestServer();
const { server } = live;

const PLATFORM_ID = 'plat0000000000000001x';
const OWNER = userId(1);

/** The API as a preview sees it: the user list (newest first, 100 a page at most) and the platform, each answer with a request id. */
function api(all: PlatformUser[]) {
  const list = pagedUsers(all);
  let served = 0;
  server.always((request, response) => {
    served += 1;
    response.setHeader('x-request-id', `req-${served}`);
    if (request.method === 'GET' && pathOf(request) === '/api/v1/users') return list(request, response);
    if (request.method === 'GET' && pathOf(request) === `/api/v1/platforms/${PLATFORM_ID}`) return json(response, 200, { id: PLATFORM_ID, ownerId: OWNER, name: 'Acme' });
    json(response, 500, { message: `unexpected ${request.method} ${request.path}` });
  });
}

const preview = (propsValue: Record<string, unknown>) =>
  runActionInProcess(updateUserAction, authProps(`${live.url()}/api/v1`), { previewOnly: true, ...propsValue }) as Promise<Record<string, unknown>>;

const writes = () => server.requests.filter((request: ReceivedRequest) => request.method !== 'GET');
const audit = (target: string, requests: number) => ({
  at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
  action: 'activepieces-platform/update_user',
  target,
  requestIds: Array.from({ length: requests }, (_, i) => `req-${i + 1}`),
  attempts: requests,
});

afterEach(() => {
  previewLookup.budgetMs = 120_000;
});

describe('update_user with Preview only', () => {
  it('finds the user on a later page, reads the platform owner for a deactivation, writes nothing, and says what would change', async () => {
    const all = users(250);
    api(all);

    const output = await preview({ userId: userId(180), status: 'INACTIVE' });

    expect(output).toStrictEqual({
      ...all[179],
      change: {
        applied: false,
        preview: true,
        fields: [{ field: 'status', from: 'ACTIVE', to: 'INACTIVE' }],
        summary: 'Would change status ACTIVE → INACTIVE',
        audit: audit(userId(180), 3),
      },
    });
    expect(server.requests.map((request) => `${request.method} ${request.path}`)).toEqual([
      'GET /api/v1/users?limit=100',
      'GET /api/v1/users?limit=100&cursor=100',
      `GET /api/v1/platforms/${PLATFORM_ID}`,
    ]);
    expect(writes()).toHaveLength(0);
  });

  it('reports a no-op: nothing to change when the user already has the value', async () => {
    api([user(1), user(2, { status: 'INACTIVE' })]);
    const output = await preview({ userId: userId(2), status: 'inactive' });
    expect(output['change']).toStrictEqual({
      applied: false,
      preview: true,
      fields: [],
      summary: 'Nothing to change: status is already INACTIVE',
      audit: audit(userId(2), 2),
    });
    expect(writes()).toHaveLength(0);
  });

  it('lists every field that would change, and names those already set; a role or external id alone needs no platform read', async () => {
    api([user(1), user(2, { platformRole: 'ADMIN', externalId: null })]);

    const all = await preview({ userId: userId(2), platformRole: 'MEMBER', externalId: 'hr-9' });
    expect(all['change']).toMatchObject({
      fields: [
        { field: 'platformRole', from: 'ADMIN', to: 'MEMBER' },
        { field: 'externalId', from: null, to: 'hr-9' },
      ],
      summary: 'Would change platform role ADMIN → MEMBER, external id (none) → hr-9',
    });
    expect(server.requests).toHaveLength(1);

    server.requests.length = 0;
    const some = await preview({ userId: userId(2), status: 'ACTIVE', platformRole: 'ADMIN', externalId: 'hr-9' });
    expect(some['change']).toMatchObject({
      fields: [{ field: 'externalId', from: null, to: 'hr-9' }],
      summary: 'Would change external id (none) → hr-9; status is already ACTIVE, platform role is already ADMIN',
    });
    expect(writes()).toHaveLength(0);
  });

  it('refuses to deactivate the platform owner, as a real run is refused, and the sentence says why', async () => {
    // The owner is an ADMIN like user 2; only the platform's ownerId tells them apart.
    api([user(1, { platformRole: 'ADMIN' }), user(2, { platformRole: 'ADMIN' })]);

    const error = await rejection(preview({ userId: OWNER, status: 'INACTIVE', platformRole: 'MEMBER' }));
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toBe(
      'The platform owner cannot be deactivated. Activepieces would refuse the whole update, so a real run would change nothing (not the role or external id either). Pick another user, or leave Status empty to change only the role or external id.',
    );

    const other = await preview({ userId: userId(2), status: 'INACTIVE' });
    expect(other['change']).toMatchObject({ summary: 'Would change status ACTIVE → INACTIVE' });
    expect(writes()).toHaveLength(0);
  });

  it('refuses a user who is not on the platform with the words of a real run, after reading every page', async () => {
    api(users(150));
    const error = await rejection(preview({ userId: userId(999), status: 'INACTIVE' }));
    expect(error).toBeInstanceOf(InputError);
    expect(error).toMatchObject({ field: 'userId', message: `No user with id ${userId(999)} on this platform.` });
    expect(server.requests).toHaveLength(2);
    expect(writes()).toHaveLength(0);
  });

  it('refuses bad input before any request, as a real run does', async () => {
    const error = await rejection(preview({ userId: 'short', status: 'INACTIVE' }));
    expect(error).toBeInstanceOf(InputError);
    expect(server.requests).toHaveLength(0);
  });

  it('gives up within its time budget, saying how many users it read, and writes nothing', async () => {
    previewLookup.budgetMs = 400;
    // An endless list that answers slowly: the user is never reached.
    let page = 0;
    server.always((_request, response) => {
      page += 1;
      const data = users(100).map((candidate, i) => ({ ...candidate, id: `pg${String(page).padStart(4, '0')}${String(i).padStart(14, '0')}` }));
      setTimeout(() => json(response, 200, { data, next: String(page * 100), previous: null }), 150);
    });

    const started = Date.now();
    const error = await rejection(preview({ userId: userId(7), status: 'INACTIVE' }));

    expect(Date.now() - started).toBeLessThan(2000);
    expect(error).toBeInstanceOf(ApiError);
    expect(error.message).toMatch(
      new RegExp(
        `^Preview only: user ${userId(7)} was not found among the (100|200|300) newest users within 0\\.4 s\\. Activepieces cannot look a user up by id with an API key, so the preview reads the user list page by page, and Activepieces answered too slowly to reach this user\\. Nothing was changed\\. Run the preview again later, or run the step without Preview only\\.$`,
      ),
    );
    expect(writes()).toHaveLength(0);
  });

  it('records each request id and every attempt, a retried 429 included', async () => {
    let served = 0;
    server.always((request, response) => {
      served += 1;
      response.setHeader('x-request-id', `req-${served}`);
      if (served === 1) return json(response, 429, { message: 'slow down' }, { 'retry-after': '0' });
      pagedUsers([user(1), user(2)])(request, response);
    });
    const output = await preview({ userId: userId(2), platformRole: 'OPERATOR' });
    expect(output['change']).toMatchObject({ audit: { requestIds: ['req-1', 'req-2'], attempts: 2 } });
  });
});

describe('update_user without Preview only', () => {
  it('makes one request, reads nothing, and reports the fields sent without a from', async () => {
    server.reply(respond(200, user(7, { status: 'INACTIVE', platformRole: 'OPERATOR' }), { 'x-request-id': 'req-post' }));
    const output = (await runActionInProcess(updateUserAction, authProps(`${live.url()}/api/v1`), {
      userId: userId(7),
      status: 'INACTIVE',
      platformRole: 'OPERATOR',
      previewOnly: false,
    })) as Record<string, unknown>;
    expect(output['change']).toStrictEqual({
      applied: true,
      preview: false,
      fields: [
        { field: 'status', to: 'INACTIVE' },
        { field: 'platformRole', to: 'OPERATOR' },
      ],
      summary: 'Set status INACTIVE, platform role OPERATOR',
      audit: { at: expect.any(String), action: 'activepieces-platform/update_user', target: userId(7), requestIds: ['req-post'], attempts: 1 },
    });
    expect(server.requests.map((request) => request.method)).toEqual(['POST']);
  });

  it('counts the attempts of a retried 429 in the audit line', async () => {
    server.reply(
      respond(429, { message: 'slow down' }, { 'retry-after': '0', 'x-request-id': 'req-429' }),
      respond(200, user(7, { status: 'INACTIVE' }), { 'x-request-id': 'req-200' }),
    );
    const output = (await runActionInProcess(updateUserAction, authProps(`${live.url()}/api/v1`), { userId: userId(7), status: 'INACTIVE' })) as Record<
      string,
      unknown
    >;
    // Every attempt's request id, the 429's included: the one a support desk would look up.
    expect(output['change']).toMatchObject({ applied: true, audit: { requestIds: ['req-429', 'req-200'], attempts: 2 } });
    expect(server.requests).toHaveLength(2);
  });
});
