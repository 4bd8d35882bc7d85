// update_user's read-merge-write (every update, all five fields given or not: GET, merge, PUT)
// against providers that answer with the wrong user, unknown fields, an unknown shape, or a write
// applied but answered with a 5xx; and against the sandbox merchant fake, whose PUT replaces the
// whole stored profile.
import { ApiError, InputError } from '@user-admin-pieces/common';
import { htmlPage, json, rejection, ReceivedRequest, respond, Responder, runActionInProcess, useTestServer } from '@user-admin-pieces/common/testing';
import { MerchantSandbox } from '@user-admin-pieces/sandbox';
import { updateUserAction } from '../src/lib/actions/update-user';
import { CONFIRMED_AFTER_412 } from '../src/lib/common/update-one-user';
import { authProps, bodyOf, DOCS_USER_ID, echoPut, requestLines, sandboxAuth, staffUser, TOKEN, USER_ID, useMerchantSandbox } from './helpers';

const { server, url: baseUrl } = useTestServer();

const OTHER_ID = '9e107d9d-372b-4b7a-9e2c-5f1d0c8e6a10';
const FULL = { firstName: 'Janet', lastName: 'Smith', email: 'janet@shop.example', role: 'Admin', status: 'INACTIVE' };
const MAY_HAVE_APPLIED =
  'If this write was sent more than once (after a server error or a dropped connection), the first attempt may have been applied; check the user, then run the step again to apply the changes to the latest version.';

function update(propsValue: Record<string, unknown>, base = baseUrl()) {
  return runActionInProcess(updateUserAction, authProps(base), { userId: USER_ID, ...propsValue });
}

const requested = () => server.requests.map((r) => `${r.method} ${r.path}`);

describe('the GET must answer with the requested user', () => {
  const mismatch = (which: string) =>
    `Asked for user ${USER_ID}, the API returned ${which}. Nothing was written. Check that the connection's base URL points at the staff-user API itself, not at a cache or proxy that answers for other users.`;

  it.each<[string, Record<string, unknown>, string]>([
    ['another user', staffUser({ id: OTHER_ID }), `another user (id "${OTHER_ID}")`],
    ['a user without an id', staffUser({ id: undefined }), 'a user without an id'],
    ['a user whose id is null', staffUser({ id: null }), 'a user without an id'],
    ['a number for an id', staffUser({ id: 42 }), 'another user (id 42)'],
    ['the id in braces', staffUser({ id: `{${USER_ID}}` }), `another user (id "{${USER_ID}}")`],
  ])('%s: fails, and writes nothing', async (_name, answer, which) => {
    server.reply(respond(200, answer, { etag: '"v1"' }));
    const error = await rejection(update({ status: 'INACTIVE' }));
    expect(error).toBeInstanceOf(ApiError);
    expect(error.summary).toBe(mismatch(which));
    expect(error).toMatchObject({ kind: 'invalid_response', status: 200, code: 'USER_MISMATCH' });
    expect(requested()).toEqual([`GET /api/Users/${USER_ID}`]);
  });

  it.each<[string, Record<string, unknown>]>([
    ['as the id', staffUser({ id: `echo-${TOKEN}` })],
    ['as a key of a record in a shape it does not know', { [TOKEN]: 1 }],
  ])('quotes no piece of the token the server put in the answer %s', async (_name, answer) => {
    server.reply(respond(200, answer));
    const error = await rejection(update({ status: 'INACTIVE' }));
    const shown = `${error.message} ${JSON.stringify({ ...error })}`.toLowerCase();
    for (let i = 0; i + 8 <= TOKEN.length; i++) expect(shown).not.toContain(TOKEN.slice(i, i + 8).toLowerCase());
    expect(error.message).toContain('[redacted]');
    expect(requested()).toEqual([`GET /api/Users/${USER_ID}`]);
  });

  it('shows no piece of the token the server put in a field it reports, or in a refusal quoting the stored role', async () => {
    const noPiece = (text: string) => {
      for (let i = 0; i + 8 <= TOKEN.length; i++) expect(text.toLowerCase()).not.toContain(TOKEN.slice(i, i + 8).toLowerCase());
    };
    server.reply(respond(200, staffUser({ firstName: `x${TOKEN}` })));
    const output = await update({ firstName: 'Jane', previewOnly: true });
    noPiece(JSON.stringify(output));
    expect(output).toMatchObject({ change: { fields: [{ field: 'firstName', from: 'x[redacted]', to: 'Jane' }] } });

    server.reply(respond(200, staffUser({ role: `R${TOKEN.slice(0, 20)}` })));
    const error = await rejection(update({ status: 'INACTIVE' }));
    noPiece(`${error.message} ${JSON.stringify({ ...error })}`);
    expect(requested().filter((request) => request.startsWith('PUT'))).toEqual([]);
  });

  it('takes the same GUID in another case as the same user, and writes the id as requested', async () => {
    server.reply(respond(200, staffUser({ id: DOCS_USER_ID.toLowerCase() }), { etag: '"v1"' }), echoPut());
    await update({ userId: DOCS_USER_ID, status: 'INACTIVE' });
    expect(requested()).toEqual([`GET /api/Users/${DOCS_USER_ID}`, `PUT /api/Users/${DOCS_USER_ID}`]);
    expect(bodyOf(server.requests[1])).toMatchObject({ id: DOCS_USER_ID, isActive: false });
  });
});

describe('the PUT carries every field the GET returned', () => {
  it('sends fields this piece does not know back unchanged, without the read-only ones; the changes win', async () => {
    // Fields of this deployment the piece does not know: text, list, record, null, 0 and false.
    const theirs = {
      phone: '+44 20 7946 0000',
      permissions: ['refunds', 'reports'],
      preferences: { locale: 'de-CH', digest: { weekly: true, day: null } },
      notes: null,
      pin: 0,
      twoFactor: false,
    };
    server.reply(respond(200, staffUser(theirs), { etag: '"v7"' }), echoPut());

    await update({ firstName: 'Janet', status: 'INACTIVE' });

    expect(requested()).toEqual([`GET /api/Users/${USER_ID}`, `PUT /api/Users/${USER_ID}`]);
    const put = server.requests[1];
    expect(put.headers['if-match']).toBe('"v7"');
    // merchantId, fullName, lastLoginAt, createdAt and updatedAt are the API's own: never sent.
    expect(put.body).toBe(
      JSON.stringify({
        id: USER_ID,
        firstName: 'Janet',
        lastName: 'Doe',
        email: 'jane@shop.example',
        role: 'Staff',
        isActive: false,
        ...theirs,
      }),
    );
  });

  it('writes back a value the client would redact in an output (it holds a piece of the token) exactly as read', async () => {
    const notes = `Old token was ${TOKEN.slice(0, 12)}, rotated.`;
    server.reply(respond(200, staffUser({ notes }), { etag: '"v7"' }), echoPut());
    const result = await update({ status: 'INACTIVE' });
    expect(bodyOf(server.requests[1])).toMatchObject({ notes });
    // The step's output is the PUT's answer, redacted as usual.
    expect(result).toMatchObject({ notes: 'Old token was [redacted], rotated.' });
  });

  it('a full update reads too, and carries every field it read', async () => {
    server.reply(respond(200, staffUser({ phone: '+1 202 555 0143', notes: null, permissions: ['orders:refund'] })), echoPut());
    await update(FULL);
    expect(requested()).toEqual([`GET /api/Users/${USER_ID}`, `PUT /api/Users/${USER_ID}`]);
    expect(server.requests[1].body).toBe(
      JSON.stringify({
        id: USER_ID,
        firstName: 'Janet',
        lastName: 'Smith',
        email: 'janet@shop.example',
        role: 'Admin',
        isActive: false,
        phone: '+1 202 555 0143',
        notes: null,
        permissions: ['orders:refund'],
      }),
    );
  });
});

describe('a user in a shape this piece does not know is never written back', () => {
  it.each<[string, unknown, string]>([
    [
      'PascalCase field names',
      { Id: USER_ID, FirstName: 'Jane', LastName: 'Doe', Email: 'jane@shop.example', Role: 'Staff', IsActive: true },
      'field names in another case, such as "Id", "FirstName", "LastName" and 3 more',
    ],
    ['one field in another case next to the known ones', staffUser({ FirstName: 'Janet' }), 'field names in another case, such as "FirstName"'],
    ['a user wrapped in { data }', { data: staffUser() }, 'none of a staff user\'s fields, only "data"'],
    ['a user wrapped in { user, meta }', { user: staffUser(), meta: { version: 2 } }, 'none of a staff user\'s fields, only "user", "meta"'],
    ['an array', [staffUser()], 'a list instead of one user'],
    ['an empty object', {}, 'an empty object'],
    ['null', null, 'null instead of an object'],
    ['a string', 'ok', 'string instead of an object'],
  ])('%s: fails without a PUT', async (_name, answer, why) => {
    server.reply((_req, res) => json(res, 200, answer, { etag: '"v1"' }));
    const error = await rejection(update({ status: 'INACTIVE' }));
    expect(error.summary).toBe(
      `Could not read the user, so nothing was written: User ${USER_ID} came back from the API in a shape this piece does not know (${why}).`,
    );
    expect(error).toMatchObject({ kind: 'invalid_response', status: 200 });
    expect(requested()).toEqual([`GET /api/Users/${USER_ID}`]);
  });
});

describe('a write applied, answered 502, retried and refused with 412', () => {
  /**
   * The staff-user API behind a gateway that loses the first answer: the first PUT is applied (the
   * version moves on) and answered 502; the client's retry carries the old If-Match and gets 412.
   */
  function appliedThen502(then: Responder = respond(412, { title: 'Precondition Failed', status: 412 })): Responder[] {
    let stored = staffUser();
    return [
      respond(200, stored, { etag: '"v1"' }),
      (req: ReceivedRequest, res) => {
        stored = { ...stored, ...(bodyOf(req) as object), updatedAt: '2025-03-04T05:06:07Z' };
        htmlPage(502, '<h1>502 Bad Gateway</h1>', { 'retry-after': '0' })(req, res);
      },
      then,
      (req, res) => json(res, 200, stored, { etag: '"v2"' }),
    ];
  }

  it('reads the user again and, finding the requested values, succeeds with the user, saying so in change.summary', async () => {
    server.reply(...appliedThen502());

    const result = await update({ email: 'Janet@Shop.example', status: 'INACTIVE' });

    expect(result).toEqual({
      ...staffUser({ email: 'Janet@Shop.example', isActive: false, updatedAt: '2025-03-04T05:06:07Z' }),
      change: {
        applied: true,
        preview: false,
        fields: [
          { field: 'email', from: 'jane@shop.example', to: 'Janet@Shop.example' },
          { field: 'isActive', from: true, to: false },
        ],
        summary:
          'Deactivated Jane Doe; email jane@shop.example → Janet@Shop.example (the write was refused with 412 because the user had changed since this step read it, most likely by an earlier attempt of this same write that got no answer; read again, the user holds the requested values, so nothing more was sent)',
        // GET, the PUT (502, then 412 on its retry: two attempts), the GET again.
        audit: { at: expect.any(String), action: 'merchant-staff/update_user', target: USER_ID, requestIds: [], attempts: 4 },
      },
    });
    expect((result as { change: { summary: string } }).change.summary).toContain(CONFIRMED_AFTER_412);
    expect(requested()).toEqual([
      `GET /api/Users/${USER_ID}`,
      `PUT /api/Users/${USER_ID}`,
      `PUT /api/Users/${USER_ID}`,
      `GET /api/Users/${USER_ID}`,
    ]);
    const [, first, retry] = server.requests;
    expect([first.headers['if-match'], retry.headers['if-match']]).toEqual(['"v1"', '"v1"']);
    expect(retry.body).toBe(first.body);
  });

  it('compares email and role without regard to case, as the API does', async () => {
    let stored = staffUser();
    server.reply(
      respond(200, stored, { etag: '"v1"' }),
      (req, res) => {
        stored = { ...stored, ...(bodyOf(req) as object), email: 'janet@shop.example', role: 'ADMIN' };
        htmlPage(502, '', { 'retry-after': '0' })(req, res);
      },
      respond(412, {}),
      (_req, res) => json(res, 200, stored),
    );
    await expect(update({ email: 'Janet@Shop.EXAMPLE', role: 'Admin' })).resolves.toMatchObject({
      change: { applied: true, summary: expect.stringContaining(CONFIRMED_AFTER_412) },
    });
    expect(server.requests).toHaveLength(4);
  });

  it('fails, saying the first attempt may have been applied, when the user read again lacks a requested value', async () => {
    server.reply(
      respond(200, staffUser(), { etag: '"v1"' }),
      htmlPage(502, '', { 'retry-after': '0' }),
      respond(412, { title: 'Precondition Failed', status: 412, detail: 'Version mismatch.' }),
      respond(200, staffUser({ firstName: 'Janine', isActive: true }), { etag: '"v3"' }),
    );
    const error = await rejection(update({ firstName: 'Janet', status: 'INACTIVE' }));
    expect(error.summary).toBe(
      `The user changed since this step read it (412): Version mismatch, and read again it does not hold the requested First name and Status. ${MAY_HAVE_APPLIED}`,
    );
    expect(error).toMatchObject({ status: 412, retryable: false });
    expect(requested()).toEqual([
      `GET /api/Users/${USER_ID}`,
      `PUT /api/Users/${USER_ID}`,
      `PUT /api/Users/${USER_ID}`,
      `GET /api/Users/${USER_ID}`,
    ]);
  });

  it('fails, saying so, when the user cannot be read again', async () => {
    server.reply(...appliedThen502().slice(0, 3), respond(404, { title: 'Not Found', status: 404, detail: 'No user with the given ID exists.' }));
    const error = await rejection(update({ status: 'INACTIVE' }));
    expect(error.summary).toBe(
      `The user changed since this step read it (412): Precondition Failed, and reading it again to check failed: No user with id ${USER_ID} (404): No user with the given ID exists. ${MAY_HAVE_APPLIED}`,
    );
    expect(server.requests).toHaveLength(4);
  });

  it('fails when the second read answers with another user', async () => {
    server.reply(...appliedThen502().slice(0, 3), respond(200, staffUser({ id: OTHER_ID, isActive: false })));
    const error = await rejection(update({ status: 'INACTIVE' }));
    expect(error.summary).toBe(
      `The user changed since this step read it (412): Precondition Failed, and reading it again to check failed: Asked for user ${USER_ID}, the API returned another user (id "${OTHER_ID}"). ${MAY_HAVE_APPLIED}`,
    );
    expect(server.requests).toHaveLength(4);
  });

  it('does not read again after a 412 on a PUT that carried no If-Match (a weak ETag)', async () => {
    server.reply(respond(200, staffUser(), { etag: 'W/"v1"' }), respond(412, { title: 'Precondition Failed', status: 412 }));
    const error = await rejection(update({ status: 'INACTIVE' }));
    expect(error.summary).toBe(
      'The user changed meanwhile (412): Precondition Failed. Run the step again to apply the changes to the latest version.',
    );
    expect(requested()).toEqual([`GET /api/Users/${USER_ID}`, `PUT /api/Users/${USER_ID}`]);
    expect(server.requests[1].headers['if-match']).toBeUndefined();
  });
});

describe('a base URL that already ends in /api/Users', () => {
  it.each(['/api/Users', '/api/Users/', '/API/USERS', '/api/users//', '/api', '/Api/'])('%s is trimmed to the deployment root', async (suffix) => {
    server.reply(respond(200, staffUser()), echoPut());
    await update(FULL, `${baseUrl()}${suffix}`);
    expect(requested()).toEqual([`GET /api/Users/${USER_ID}`, `PUT /api/Users/${USER_ID}`]);
  });

  it('only at the end: /api/Users/v2 is a deployment path, kept', async () => {
    server.reply(respond(200, staffUser()), echoPut());
    await update(FULL, `${baseUrl()}/api/Users/v2`);
    expect(requested()).toEqual([`GET /api/Users/v2/api/Users/${USER_ID}`, `PUT /api/Users/v2/api/Users/${USER_ID}`]);
  });
});

describe('text props refuse a list or record mapped from an earlier step', () => {
  const label = { firstName: 'First name', lastName: 'Last name', email: 'Email' } as const;

  it.each<[keyof typeof label, string, string]>([
    ['firstName', '["a@b.co"]', 'a list'],
    ['firstName', '{"a":1}', 'an object'],
    ['lastName', '["a@b.co"]', 'a list'],
    ['lastName', '{"a":1}', 'an object'],
    ['email', '["a@b.co"]', 'a list'],
    ['email', '{"a":1}', 'an object'],
  ])('%s = %s is refused with zero requests', async (prop, value, kind) => {
    const error = await rejection(update({ status: 'INACTIVE', [prop]: value }));
    expect(error).toBeInstanceOf(InputError);
    expect(error).toMatchObject({ field: prop });
    expect(error.summary).toBe(
      `${label[prop]} got ${kind} where one value belongs: a list or record was mapped from an earlier step. Map a single text value (one item or one field of it).`,
    );
    expect(server.requests).toHaveLength(0);
  });

  it.each([
    ['firstName', '[Contractor] Ana'],
    ['firstName', 'Ana {temp}'],
    ['lastName', '[Contractor] Ana'],
    ['lastName', 'Ana {temp}'],
  ])('%s = %s is a name, sent as it is', async (prop, value) => {
    server.reply(respond(200, staffUser()), echoPut());
    await update({ ...FULL, [prop]: value });
    expect(bodyOf(server.requests[1])).toMatchObject({ [prop]: value });
    expect(server.requests).toHaveLength(2);
  });
});

describe('against the sandbox merchant fake (its PUT replaces the whole stored profile)', () => {
  const live = useMerchantSandbox();
  let sandbox: MerchantSandbox;
  beforeEach(() => {
    sandbox = live();
  });

  const run = (props: Record<string, unknown>) => runActionInProcess(updateUserAction, sandboxAuth(sandbox), { userId: sandbox.docsUserId, ...props });
  const sent = () => requestLines(sandbox);
  const path = () => `/api/Users/${sandbox.docsUserId}`;

  it('a full update keeps phone, notes and permissions, which the piece does not know', async () => {
    const before = sandbox.user(sandbox.docsUserId);
    expect(before).toMatchObject({ phone: '+1 202 555 0143', notes: 'Opens the store on weekdays; holds the alarm code.' });

    const result = await run(FULL);

    expect(sent()).toEqual([`GET ${path()}`, `PUT ${path()}`]);
    expect(sandbox.user(sandbox.docsUserId)).toEqual({
      ...before,
      firstName: 'Janet',
      lastName: 'Smith',
      fullName: 'Janet Smith',
      email: 'janet@shop.example',
      role: 'Admin',
      isActive: false,
      updatedAt: expect.any(String),
    });
    expect(result).toMatchObject({ phone: '+1 202 555 0143', permissions: ['orders:refund', 'inventory:write'], change: { applied: true } });
  });

  it('a full update run again sends no PUT and reports nothing to change', async () => {
    await run(FULL);
    const stored = sandbox.user(sandbox.docsUserId);
    sandbox.requests.length = 0;

    const again = await run(FULL);

    expect(sent()).toEqual([`GET ${path()}`]);
    expect(sandbox.user(sandbox.docsUserId)).toEqual(stored);
    expect(again).toMatchObject({ change: { applied: false, fields: [] } });
  });

  it('a full update that would demote the only active Owner is refused before the PUT, and nothing is stored', async () => {
    const owner = sandbox.users().find((user) => user.role === 'Owner');
    const before = sandbox.users();
    const error = await rejection(run({ ...FULL, userId: owner?.id, status: 'ACTIVE' }));
    expect(error).toBeInstanceOf(InputError);
    expect(error.summary).toBe(
      'Olivia Owens is the last active Owner of this merchant: deactivating or demoting them would lock the merchant out. Make another user an active Owner first.',
    );
    expect(sent()).toEqual([`GET /api/Users/${owner?.id}`, 'GET /api/Users?page=1&pageSize=100']);
    expect(sandbox.users()).toEqual(before);
  });
});
