import { InputError } from '@user-admin-pieces/common';
import { htmlPage, rejection, respond, runActionInProcess, useTestServer } from '@user-admin-pieces/common/testing';
import { updateUserAction } from '../src/lib/actions/update-user';
import { authProps, BAD_TOKEN_SENTENCE, bodyOf, DOCS_USER_ID, echoPut, staffUser, TOKEN, USER_ID } from './helpers';

const { server, url: baseUrl } = useTestServer();

/** The end of every sentence for a 412 that a fresh read could not confirm. */
const MAY_HAVE_APPLIED =
  'If this write was sent more than once (after a server error or a dropped connection), the first attempt may have been applied; check the user, then run the step again to apply the changes to the latest version.';

/** Every update reads first; a deployment that does not serve the read gets this. */
const READ_NOT_SERVED = (status: number) =>
  `This deployment does not let the piece read a user (GET answered ${status}), so nothing was written: the piece reads every user before writing, because the PUT replaces the whole profile and would lose any field it was not sent. Change this user in the merchant's own admin instead.`;
const NEITHER = 'neither a user id (a GUID: 8-4-4-4-12 hexadecimal digits, e.g. 2489E9AD-2EE2-8E00-8EC9-32D5F69181C0) nor an email address.';

const FULL = { firstName: 'Janet', lastName: 'Smith', email: 'janet@shop.example', role: 'Admin', status: 'INACTIVE' };
const FULL_BODY = { id: USER_ID, firstName: 'Janet', lastName: 'Smith', email: 'janet@shop.example', role: 'Admin', isActive: false };

function update(propsValue: Record<string, unknown>) {
  return runActionInProcess(updateUserAction, authProps(baseUrl()), { userId: USER_ID, ...propsValue });
}

describe('update_user: a full update (all five fields) reads first too', () => {
  it('sends exactly a GET, then a PUT guarded by its ETag, with the exact body, and reports from → to', async () => {
    const returned = staffUser({ ...FULL_BODY, fullName: 'Janet Smith', updatedAt: '2025-01-01T00:00:00Z' });
    server.reply(respond(200, staffUser(), { etag: '"v7"', 'x-request-id': 'trace-1' }), respond(200, returned, { 'x-request-id': 'trace-2' }));

    const result = await update(FULL);

    expect(result).toEqual({
      ...returned,
      change: {
        applied: true,
        preview: false,
        fields: [
          { field: 'firstName', from: 'Jane', to: 'Janet' },
          { field: 'lastName', from: 'Doe', to: 'Smith' },
          { field: 'email', from: 'jane@shop.example', to: 'janet@shop.example' },
          { field: 'role', from: 'Staff', to: 'Admin' },
          { field: 'isActive', from: true, to: false },
        ],
        summary: 'Deactivated Jane Doe; firstName Jane → Janet, lastName Doe → Smith, email jane@shop.example → janet@shop.example, role Staff → Admin',
        audit: { at: expect.any(String), action: 'merchant-staff/update_user', target: USER_ID, requestIds: ['trace-1', 'trace-2'], attempts: 2 },
      },
    });
    expect(server.requests.map((r) => `${r.method} ${r.path}`)).toEqual([`GET /api/Users/${USER_ID}`, `PUT /api/Users/${USER_ID}`]);
    const [get, put] = server.requests;
    expect(get.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(put.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(put.headers['content-type']).toBe('application/json');
    expect(put.headers['if-match']).toBe('"v7"');
    // `id` is optional in the body; it is sent because the provider's own example sends it.
    expect(put.body).toBe(JSON.stringify(FULL_BODY));
  });

  it('a user who already holds all five values gets no PUT: nothing to change', async () => {
    server.reply(respond(200, staffUser({ ...FULL_BODY, email: 'JANET@shop.example', role: 'admin' })));
    const result = await update(FULL);
    expect(server.requests.map((r) => r.method)).toEqual(['GET']);
    expect(result).toMatchObject({
      change: {
        applied: false,
        fields: [],
        summary: 'Nothing to change: firstName already Janet, lastName already Smith, email already janet@shop.example, role already Admin, already inactive',
      },
    });
  });

  it('trims every value and takes enum values in any case', async () => {
    server.reply(respond(200, staffUser()), echoPut());
    await update({ firstName: '  Janet ', lastName: '\tSmith', email: ' janet@shop.example ', role: 'admin', status: 'inactive' });
    expect(bodyOf(server.requests[1])).toEqual(FULL_BODY);
  });

  it('uses the provider\'s upper-case example id as given, in the paths and the body', async () => {
    server.reply(respond(200, staffUser({ id: DOCS_USER_ID.toLowerCase() })), echoPut());
    await update({ ...FULL, userId: ` ${DOCS_USER_ID} ` });
    expect(server.requests.map((r) => `${r.method} ${r.path}`)).toEqual([`GET /api/Users/${DOCS_USER_ID}`, `PUT /api/Users/${DOCS_USER_ID}`]);
    expect(bodyOf(server.requests[1])).toEqual({ ...FULL_BODY, id: DOCS_USER_ID });
  });

  it('maps Active to isActive true', async () => {
    server.reply(respond(200, staffUser({ isActive: false })), echoPut());
    await update({ ...FULL, status: 'ACTIVE' });
    expect(bodyOf(server.requests[1])).toMatchObject({ isActive: true });
  });
});

describe('update_user: partial update reads, merges and writes', () => {
  it('revoking access keeps name, email and role, and sends the ETag as If-Match', async () => {
    server.reply(respond(200, staffUser(), { etag: '"v42"' }), echoPut());

    const result = await update({ status: 'INACTIVE', firstName: null, lastName: '', email: undefined });

    expect(server.requests.map((r) => `${r.method} ${r.path}`)).toEqual([`GET /api/Users/${USER_ID}`, `PUT /api/Users/${USER_ID}`]);
    const [get, put] = server.requests;
    expect(get.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(get.body).toBe('');
    expect(put.headers['if-match']).toBe('"v42"');
    expect(put.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(bodyOf(put)).toEqual({
      id: USER_ID,
      firstName: 'Jane',
      lastName: 'Doe',
      email: 'jane@shop.example',
      role: 'Staff',
      isActive: false,
    });
    expect(result).toMatchObject({ isActive: false, firstName: 'Jane' });
  });

  it.each([
    ['weak', 'W/"v42"'],
    ['unquoted', 'v42'],
    ['list-like', '"v41", "v42"'],
  ])('sends no If-Match for a %s ETag, which a strong If-Match comparison would never match', async (_kind, etag) => {
    server.reply(respond(200, staffUser(), { etag }), echoPut());
    await update({ status: 'INACTIVE' });
    expect(server.requests.map((r) => r.method)).toEqual(['GET', 'PUT']);
    expect(server.requests[1].headers['if-match']).toBeUndefined();
    expect(bodyOf(server.requests[1])).toMatchObject({ firstName: 'Jane', isActive: false });
  });

  it('sends no If-Match when the GET came without an ETag', async () => {
    server.reply(respond(200, staffUser()), echoPut());
    await update({ role: 'Viewer' });
    expect(server.requests).toHaveLength(2);
    expect(server.requests[1].headers['if-match']).toBeUndefined();
    expect(bodyOf(server.requests[1])).toMatchObject({ role: 'Viewer', isActive: true, email: 'jane@shop.example' });
  });

  it('keeps a role the API returns in another case, in canonical form', async () => {
    server.reply(respond(200, staffUser({ role: 'owner' })), echoPut());
    await update({ email: 'new@shop.example' });
    expect(bodyOf(server.requests[1])).toMatchObject({ role: 'Owner', email: 'new@shop.example' });
  });

  it('GET 404: says there is no such user and sends no PUT', async () => {
    server.reply(respond(404, { title: 'Not Found', status: 404, detail: 'No user with the given ID exists.' }));
    const error = await rejection(update({ status: 'INACTIVE' }));
    expect(error.summary).toBe(`No user with id ${USER_ID} (404): No user with the given ID exists.`);
    expect(error).toMatchObject({ status: 404, code: 'USER_NOT_FOUND' });
    expect(server.requests.map((r) => r.method)).toEqual(['GET']);
  });

  it('GET 404 that is not the API\'s problem details: may be a wrong base URL, says nothing was written, sends no PUT', async () => {
    server.reply(respond(404, { message: `Route GET:/api/Users/${USER_ID} not found`, error: 'Not Found', statusCode: 404 }));
    const error = await rejection(update({ status: 'INACTIVE' }));
    expect(error.summary).toBe(
      `Could not read the user, so nothing was written: Merchant staff API answered 404 for /api/Users/${USER_ID} without problem details: either no user has id ${USER_ID}, or the base URL does not point at the API. Check the connection's base URL.`,
    );
    expect(error).toMatchObject({ status: 404 });
    expect(error).not.toHaveProperty('code');
    expect(server.requests.map((r) => r.method)).toEqual(['GET']);
  });

  it('GET 405: says why the piece does not write without reading, and sends no PUT', async () => {
    server.reply(htmlPage(405, ''));
    const error = await rejection(update({ status: 'INACTIVE' }));
    expect(error.summary).toBe(READ_NOT_SERVED(405));
    expect(error).toMatchObject({ status: 405 });
    expect(server.requests.map((r) => r.method)).toEqual(['GET']);
  });

  it('GET 501: the same, even with all five fields given (a PUT without the read could lose fields)', async () => {
    server.reply(respond(501, {}));
    const error = await rejection(update(FULL));
    expect(error.summary).toBe(READ_NOT_SERVED(501));
    expect(server.requests.map((r) => r.method)).toEqual(['GET']);
  });

  it('GET failing with a server error after retries: gives the reason, nothing written', async () => {
    server.always(respond(500, { title: 'Database unavailable' }, { 'retry-after': '0' }));
    const error = await rejection(update({ role: 'Admin', status: 'ACTIVE' }));
    expect(error.summary).toBe(
      'Could not read the user, so nothing was written: Merchant staff API answered 500 (server error): Database unavailable. The server had a problem; run the step again later.',
    );
    expect(server.requests.map((r) => r.method)).toEqual(['GET', 'GET', 'GET']);
  });

  it('GET answering without a user object: gives the reason, and sends no PUT', async () => {
    server.reply(htmlPage(200, ''));
    const error = await rejection(update({ firstName: 'Janet' }));
    expect(error.summary).toBe(
      `Could not read the user, so nothing was written: User ${USER_ID} came back from the API in a shape this piece does not know (an empty body).`,
    );
    expect(server.requests.map((r) => r.method)).toEqual(['GET']);
  });

  it('GET 401: says the token was rejected, as the API said it', async () => {
    server.reply(respond(401, {}));
    const error = await rejection(update({ status: 'INACTIVE' }));
    expect(error.summary).toBe('The API token was rejected (401). Check the token in the connection, or create a new one.');
    expect(server.requests).toHaveLength(1);
  });

  it('refuses to blank a field the user has no value for, naming it, and sends no PUT', async () => {
    server.reply(respond(200, staffUser({ firstName: null, lastName: '' })));
    const error = await rejection(update({ status: 'INACTIVE' }));
    expect(error.summary).toBe(
      'The user has no First name or Last name on record, and the API replaces the whole profile: fill in First name and Last name.',
    );
    expect(server.requests.map((r) => r.method)).toEqual(['GET']);
  });

  it('a role the API sends as a number (an enum without a string converter) is not guessed; no PUT', async () => {
    server.reply(respond(200, staffUser({ role: 2 })));
    const error = await rejection(update({ status: 'INACTIVE' }));
    expect(error).toBeInstanceOf(InputError);
    expect(error.summary).toBe("The user's current role 2 is not one of Owner, Admin, Staff, Viewer; choose a Role to update this user.");
    expect(server.requests.map((r) => r.method)).toEqual(['GET']);
  });

  it('a name the API sends as something other than text counts as not on record; no PUT', async () => {
    server.reply(respond(200, staffUser({ firstName: 42, lastName: { text: 'Doe' } })));
    const error = await rejection(update({ status: 'INACTIVE' }));
    expect(error.summary).toBe(
      'The user has no First name or Last name on record, and the API replaces the whole profile: fill in First name and Last name.',
    );
    expect(server.requests.map((r) => r.method)).toEqual(['GET']);
  });

  it('PUT 412 after an ETag: the user changed meanwhile; read again without the change, it fails with the API\'s detail', async () => {
    server.reply(
      respond(200, staffUser(), { etag: '"v1"' }),
      respond(412, { title: 'Precondition Failed', status: 412, detail: 'The user was changed since you read it' }),
      respond(200, staffUser({ lastName: 'Doe-Smith' }), { etag: '"v2"' }),
    );
    const error = await rejection(update({ status: 'INACTIVE' }));
    expect(error.summary).toBe(
      `The user changed since this step read it (412): The user was changed since you read it, and read again it does not hold the requested Status. ${MAY_HAVE_APPLIED}`,
    );
    expect(error).toMatchObject({ status: 412, providerMessage: 'The user was changed since you read it' });
    expect(server.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      `GET /api/Users/${USER_ID}`,
      `PUT /api/Users/${USER_ID}`,
      `GET /api/Users/${USER_ID}`,
    ]);
    expect(server.requests[1].headers['if-match']).toBe('"v1"');
  });
});

describe('update_user: validation before any request', () => {
  const cases: [string, Record<string, unknown>, string, string][] = [
    ['a missing user id', { userId: '' }, 'userId', 'User is required: pick a staff user, or map a user id or email address from an earlier step.'],
    ['a null user id', { userId: null }, 'userId', 'User is required: pick a staff user, or map a user id or email address from an earlier step.'],
    [
      'a user that is neither a GUID nor an email',
      { userId: 'jane' },
      'userId',
      `User "jane" is ${NEITHER}`,
    ],
    ['a GUID in braces', { userId: `{${USER_ID}}` }, 'userId', `User "{${USER_ID}}" is ${NEITHER}`],
    ['a path in place of an id', { userId: '../admin' }, 'userId', `User "../admin" is ${NEITHER}`],
    ['an email without a domain dot as the user', { userId: 'jane@shop' }, 'userId', `User "jane@shop" is ${NEITHER}`],
    ['two emails as the user', { userId: 'a@shop.example, b@shop.example' }, 'userId', `User "a@shop.example, b@shop.example" is ${NEITHER}`],
    ['a first name over 100 characters', { firstName: 'x'.repeat(101) }, 'firstName', 'First name is 101 characters long; the API accepts at most 100.'],
    ['a last name over 100 characters', { lastName: 'y'.repeat(150) }, 'lastName', 'Last name is 150 characters long; the API accepts at most 100.'],
    ['an email without @', { email: 'jane.shop.example' }, 'email', 'Email "jane.shop.example" is not a valid email address.'],
    ['an email with a space', { email: 'jane doe@shop.example' }, 'email', 'Email "jane doe@shop.example" is not a valid email address.'],
    ['an email without a domain dot', { email: 'jane@shop' }, 'email', 'Email "jane@shop" is not a valid email address.'],
    [
      'an email over 256 characters',
      { email: `${'a'.repeat(250)}@shop.example` },
      'email',
      'Email is 263 characters long; the API accepts at most 256.',
    ],
    ['an unknown role', { role: 'Manager' }, 'role', 'Role must be one of Owner, Admin, Staff, Viewer (got "Manager").'],
    ['an unknown status', { status: 'SUSPENDED' }, 'status', 'Status must be one of ACTIVE, INACTIVE (got "SUSPENDED").'],
    [
      'nothing to change',
      { firstName: '', lastName: null, email: '   ', role: undefined, status: '' },
      'firstName, lastName, email, role, status',
      'Nothing to change: fill in at least one of First name, Last name, Email, Role or Status.',
    ],
  ];

  it.each(cases)('refuses %s, naming the field, with zero requests', async (_name, props, field, sentence) => {
    const error = await rejection(update({ status: 'ACTIVE', ...props }));
    expect(error.summary).toBe(sentence);
    expect(error).toMatchObject({ field });
    // The engine shows the message as it is: the plain sentence, with `field` as an own property.
    expect(error.message).toBe(sentence);
    expect(server.requests).toHaveLength(0);
  });

  const NOT_TEXT: [string, Record<string, unknown>, string, string][] = [
    ['a numeric user id', { userId: 42 }, 'userId', 'User must be text, but the flow gave a number (42). Map a single text value.'],
    ['a list of user ids', { userId: [USER_ID] }, 'userId', 'User must be text, but the flow gave a list. Map a single text value.'],
    // Text props: the engine has already turned the list or object into its JSON text.
    ['a list as last name', { lastName: ['Doe'] }, 'lastName', 'Last name got a list where one value belongs: a list or record was mapped from an earlier step. Map a single text value (one item or one field of it).'],
    ['an object as email', { email: { address: 'jane@shop.example' } }, 'email', 'Email got an object where one value belongs: a list or record was mapped from an earlier step. Map a single text value (one item or one field of it).'],
    // Dropdowns: the engine passes the value as it is.
    ['a list as role', { role: ['Admin'] }, 'role', 'Role must be text, but the flow gave a list. Map a single text value.'],
    ['a boolean as status', { status: false }, 'status', 'Status must be text, but the flow gave true/false (false). Map a single text value.'],
  ];

  it.each(NOT_TEXT)('refuses %s instead of turning it into text, with zero requests', async (_name, props, field, sentence) => {
    const error = await rejection(update({ ...FULL, ...props }));
    expect(error).toBeInstanceOf(InputError);
    expect(error.summary).toBe(sentence);
    expect(error).toMatchObject({ field });
    expect(server.requests).toHaveLength(0);
  });

  it.each([
    ['smart quotes around it', `“${TOKEN}”`],
    ['a space inside', 'ms-token 7f3c9a1e5b2d'],
  ])('refuses a token with %s before any request, naming the connection prop', async (_name, apiToken) => {
    const error = await rejection(runActionInProcess(updateUserAction, authProps(baseUrl(), apiToken), { userId: USER_ID, ...FULL }));
    expect(error).toBeInstanceOf(InputError);
    expect(error.summary).toBe(BAD_TOKEN_SENTENCE);
    expect(error).toMatchObject({ field: 'apiToken' });
    expect(server.requests).toHaveLength(0);
  });

  it('sends a token pasted with a trailing line break, trimmed, on the GET and the PUT', async () => {
    server.reply(respond(200, staffUser()), echoPut());
    await runActionInProcess(updateUserAction, authProps(baseUrl(), `${TOKEN}\n`), { userId: USER_ID, status: 'INACTIVE' });
    expect(server.requests.map((r) => `${r.method} ${r.headers.authorization}`)).toEqual([`GET Bearer ${TOKEN}`, `PUT Bearer ${TOKEN}`]);
  });

  it('accepts names of exactly 100 characters and an email of exactly 256', async () => {
    server.reply(respond(200, staffUser()), echoPut());
    const email = `${'a'.repeat(243)}@shop.example`;
    await update({ ...FULL, firstName: 'x'.repeat(100), lastName: 'y'.repeat(100), email });
    expect(email).toHaveLength(256);
    expect(bodyOf(server.requests[1])).toMatchObject({ firstName: 'x'.repeat(100), email });
  });

  it('refuses a plain-http base URL that is not loopback, with zero requests', async () => {
    const error = await rejection(runActionInProcess(updateUserAction, authProps('http://staff.example.com'), { userId: USER_ID, ...FULL }));
    expect(error.summary).toBe(
      'The base URL must use https:// (got http://staff.example.com). Plain http is allowed only for localhost, 127.x.x.x, [::1] and host.docker.internal, where the token does not cross a network.',
    );
    expect(error).toMatchObject({ field: 'baseUrl' });
    expect(server.requests).toHaveLength(0);
  });
});

describe('update_user: retries', () => {
  it('retries a 429 with Retry-After: 0, then succeeds', async () => {
    server.reply(respond(200, staffUser()), respond(429, {}, { 'retry-after': '0' }), echoPut());
    const result = await update(FULL);
    expect(result).toMatchObject({ isActive: false });
    expect(server.requests.map((r) => r.method)).toEqual(['GET', 'PUT', 'PUT']);
    expect(server.requests[2].body).toBe(JSON.stringify(FULL_BODY));
  });

  it('gives up after 3 attempts of the PUT on a 503', async () => {
    server.reply(respond(200, staffUser())).always(respond(503, { detail: 'Maintenance' }, { 'retry-after': '0' }));
    const error = await rejection(update(FULL));
    expect(server.requests.map((r) => r.method)).toEqual(['GET', 'PUT', 'PUT', 'PUT']);
    expect(error.summary).toBe(
      'Merchant staff API answered 503 (service unavailable): Maintenance. The server had a problem; run the step again later.',
    );
  });

  it('does not retry a 400', async () => {
    server.reply(respond(200, staffUser())).always(respond(400, { errors: { Email: ['Taken.'] } }));
    await rejection(update(FULL));
    expect(server.requests.map((r) => r.method)).toEqual(['GET', 'PUT']);
  });
});
