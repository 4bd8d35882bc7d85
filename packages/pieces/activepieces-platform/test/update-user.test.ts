import { ApiError, InputError } from '@user-admin-pieces/common';
import { rejection, respond, Responder, runActionInProcess, useTestServer } from '@user-admin-pieces/common/testing';
import { updateUserAction } from '../src/lib/actions/update-user';
import { ActivepiecesPlatformAuthProps } from '../src/lib/common/client';
import {
  API_KEY,
  authProps,
  nginxBadGateway,
  pathOf,
  queryOf,
  SMART_QUOTED_KEY,
  UNSENDABLE_KEY_SENTENCE,
  user,
  userId,
} from './helpers';

const live = useTestServer();
const { server } = live;
const connection = (override: Partial<ActivepiecesPlatformAuthProps> = {}) => ({ ...authProps(`${live.url()}/api/v1`), ...override });

const ID = userId(7);
const update = (propsValue: Record<string, unknown>, conn = connection()) =>
  runActionInProcess(updateUserAction, conn, { userId: ID, ...propsValue });

describe('update_user refuses bad input before any request', () => {
  it.each([
    [{ userId: 'not-an-id' }, 'userId', 'userId must be an Activepieces user id of 21 letters and digits (got "not-an-id").'],
    [{ userId: `${ID}/x` }, 'userId', `userId must be an Activepieces user id of 21 letters and digits (got "${ID}/x").`],
    [{ userId: undefined, status: 'ACTIVE' }, 'userId', 'userId is required: pick a user, or map a user id from an earlier step.'],
    [{ status: 'SUSPENDED' }, 'status', 'status must be one of ACTIVE, INACTIVE (got "SUSPENDED").'],
    [{ platformRole: 'OWNER' }, 'platformRole', 'platformRole must be one of ADMIN, MEMBER, OPERATOR (got "OWNER").'],
    [{ status: null, platformRole: '', externalId: undefined }, 'status, platformRole, externalId', 'Nothing to update: set at least one of status, platformRole or externalId.'],
    // Mapped from a step as a number, a 21-digit id arrives as 123456789012345680000: 21 digits, another user.
    [
      { userId: Number('123456789012345678901'), status: 'INACTIVE' },
      'userId',
      'userId must be text, not a number: a 21-digit id loses digits as a number. Map the user id as text, e.g. the id Find User returns.',
    ],
    [{ userId: [ID], status: 'INACTIVE' }, 'userId', 'userId must be text, but the flow gave a list. Map a single text value.'],
    [{ status: ['INACTIVE'] }, 'status', 'status must be text, but the flow gave a list. Map a single text value.'],
    [{ platformRole: { value: 'ADMIN' } }, 'platformRole', 'platformRole must be text, but the flow gave an object. Map a single text value.'],
    [{ externalId: ['hr-1'] }, 'externalId', 'externalId got a list where one value belongs: a list or record was mapped from an earlier step. Map a single text value (one item or one field of it).'],
  ])('%p', async (props, field, sentence) => {
    const error = await rejection(update(props));
    expect(error).toBeInstanceOf(InputError);
    expect(error).toMatchObject({ field, summary: sentence });
    expect(server.requests).toHaveLength(0);
  });

  it.each([
    [{ apiKey: '' }, 'apiKey', 'The API key is empty. Paste a platform API key (it starts with sk-) into the connection.'],
    [{ apiKey: `${API_KEY}\nX-Evil: 1` }, 'apiKey', UNSENDABLE_KEY_SENTENCE],
    [{ apiKey: SMART_QUOTED_KEY }, 'apiKey', UNSENDABLE_KEY_SENTENCE],
    [{ baseApiUrl: 'ftp://example.com/api/v1' }, 'baseApiUrl', 'The base URL must use https:// (got ftp://).'],
    [
      { baseApiUrl: 'http://ap.example.com/api/v1' },
      'baseApiUrl',
      'The base URL must use https:// (got http://ap.example.com). Plain http is allowed only for localhost, 127.x.x.x, [::1] and host.docker.internal, where the token does not cross a network.',
    ],
    [{ baseApiUrl: 'https://example.com/v1' }, 'baseApiUrl', 'The base URL https://example.com/v1 should end with /api or /api/v1, e.g. https://cloud.activepieces.com/api/v1.'],
  ])('refuses a broken connection %p', async (override, field, sentence) => {
    const error = await rejection(update({ status: 'ACTIVE' }, connection(override)));
    expect(error).toBeInstanceOf(InputError);
    expect(error).toMatchObject({ field, summary: sentence });
    expect(server.requests).toHaveLength(0);
  });
});

describe('update_user sends exactly the fields that change', () => {
  const combinations: [Record<string, unknown>, Record<string, string>][] = [
    [{ status: 'INACTIVE' }, { status: 'INACTIVE' }],
    [{ platformRole: 'ADMIN' }, { platformRole: 'ADMIN' }],
    [{ externalId: 'hr-1' }, { externalId: 'hr-1' }],
    [{ status: 'ACTIVE', platformRole: 'OPERATOR' }, { status: 'ACTIVE', platformRole: 'OPERATOR' }],
    [{ status: 'INACTIVE', externalId: 'hr-2' }, { status: 'INACTIVE', externalId: 'hr-2' }],
    [{ platformRole: 'MEMBER', externalId: 'hr-3' }, { platformRole: 'MEMBER', externalId: 'hr-3' }],
    [{ status: 'inactive', platformRole: 'member', externalId: ' hr-4 ' }, { status: 'INACTIVE', platformRole: 'MEMBER', externalId: 'hr-4' }],
    [{ status: 'INACTIVE', platformRole: null, externalId: '' }, { status: 'INACTIVE' }],
  ];

  it.each(combinations)('%p -> %p', async (props, body) => {
    const answer = { ...user(7), ...body, somethingNew: 'kept as the API sent it' };
    server.reply(respond(200, answer));

    // The answer as the API sent it, plus the change report: the fields sent, without `from` (nothing was read).
    const output = (await update(props)) as Record<string, unknown>;
    expect(output).toStrictEqual({ ...answer, change: expect.any(Object) });
    expect(output['change']).toStrictEqual({
      applied: true,
      preview: false,
      fields: Object.entries(body).map(([field, to]) => ({ field, to })),
      summary: expect.stringMatching(/^Set /),
      audit: { at: expect.any(String), action: 'activepieces-platform/update_user', target: ID, requestIds: [], attempts: 1 },
    });

    expect(server.requests).toHaveLength(1);
    const [request] = server.requests;
    expect(request.method).toBe('POST');
    expect(pathOf(request)).toBe(`/api/v1/users/${ID}`);
    expect(queryOf(request)).toEqual({});
    expect(request.headers.authorization).toBe(`Bearer ${API_KEY}`);
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.body).toBe(JSON.stringify(body));
  });

  it.each(['', '/', '/api', '/api/', '/api/v1', '/api/v1/'])('reaches /api/v1/users/{id} from the base URL "origin%s"', async (suffix) => {
    server.reply(respond(200, user(7)));
    await update({ status: 'ACTIVE' }, connection({ baseApiUrl: `${live.url()}${suffix}` }));
    expect(pathOf(server.requests[0])).toBe(`/api/v1/users/${ID}`);
  });

  it('trims the key and the id mapped from an earlier step', async () => {
    server.reply(respond(200, user(7)));
    await runActionInProcess(updateUserAction, connection({ apiKey: ` ${API_KEY} ` }), { userId: ` ${ID}\n`, status: 'ACTIVE' });
    expect(pathOf(server.requests[0])).toBe(`/api/v1/users/${ID}`);
    expect(server.requests[0].headers.authorization).toBe(`Bearer ${API_KEY}`);
  });
});

describe('update_user takes only the requested user as the answer', () => {
  const mayHaveApplied = (what: string, status = 200) =>
    `Activepieces answered ${status} to the update of user ${ID} with ${what} instead of that user. The change may have been applied: check the user in Activepieces before running the step again.`;

  it.each<[string, Responder, string]>([
    ['another user', respond(200, user(8, { status: 'INACTIVE' })), mayHaveApplied(`another user (id "${userId(8)}")`)],
    ['the id in another case', respond(200, user(7, { id: ID.toUpperCase() })), mayHaveApplied(`another user (id "${ID.toUpperCase()}")`)],
    ['an error object', respond(200, { error: 'Internal error: user lock held' }), mayHaveApplied('an object that is not a user, saying "Internal error: user lock held"')],
    ['a message object', respond(200, { success: false, message: 'queued' }), mayHaveApplied('an object that is not a user, saying "queued"')],
    ['a user without an email', respond(200, { id: ID, status: 'INACTIVE' }), mayHaveApplied('an object that is not a user')],
    ['a user whose id is a number', respond(200, { ...user(7), id: 7 }), mayHaveApplied('an object that is not a user')],
    ['null', respond(200, null), mayHaveApplied('null')],
    ['a list', respond(200, [user(7)]), mayHaveApplied('a list')],
    ['a string', respond(200, 'ok'), mayHaveApplied('text')],
    ['true', respond(200, true), mayHaveApplied('a boolean')],
    [
      'an empty 204',
      (_request, response) => {
        response.writeHead(204);
        response.end();
      },
      mayHaveApplied('an empty body', 204),
    ],
  ])('%s: fails after one request, saying the change may have been applied', async (_name, responder, sentence) => {
    server.reply(responder);
    const error = await rejection(update({ status: 'INACTIVE' }));
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ kind: 'invalid_response', summary: sentence, retryable: false });
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0].body).toBe('{"status":"INACTIVE"}');
  });
});

describe('update_user retries like a PUT', () => {
  const rateLimited = (retryAfter: string) =>
    respond(429, { statusCode: 429, error: 'Too Many Requests', message: 'Rate limit exceeded, retry in 1 minute' }, { 'retry-after': retryAfter });

  it.each(['0', '1'])('retries a 429 with retry-after: %s once, then succeeds', async (retryAfter) => {
    server.reply(rateLimited(retryAfter), respond(200, user(7, { status: 'INACTIVE' })));
    await expect(update({ status: 'INACTIVE' })).resolves.toMatchObject({ id: ID, status: 'INACTIVE' });
    expect(server.requests).toHaveLength(2);
    expect(server.requests.map((r) => r.body)).toEqual(['{"status":"INACTIVE"}', '{"status":"INACTIVE"}']);
  });

  it('gives up after three 503s', async () => {
    server.always(respond(503, { statusCode: 503, error: 'Service Unavailable', message: 'down for maintenance' }));
    const error = await rejection(update({ status: 'INACTIVE' }));
    expect(error.summary).toBe('Activepieces had a server error (503): down for maintenance. Try again later.');
    expect(server.requests).toHaveLength(3);
  });

  it('gives up after three 502 pages from a proxy, quoting the page', async () => {
    server.always(nginxBadGateway);
    const error = await rejection(update({ status: 'INACTIVE' }));
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      status: 502,
      summary: 'Activepieces had a server error (502): "502 Bad Gateway 502 Bad Gateway nginx". Try again later.',
    });
    expect(server.requests).toHaveLength(3);
  });

  it('retries after the connection drops', async () => {
    server.reply((_request, response) => response.socket?.destroy(), respond(200, user(7)));
    await expect(update({ platformRole: 'ADMIN' })).resolves.toMatchObject({ id: ID });
    expect(server.requests).toHaveLength(2);
  });

  it('does not retry a 4xx', async () => {
    server.always(respond(404, { code: 'ENTITY_NOT_FOUND', params: { entityType: 'user', entityId: ID } }));
    await rejection(update({ status: 'INACTIVE' }));
    expect(server.requests).toHaveLength(1);
  });
});
