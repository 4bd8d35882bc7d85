import { startMerchantSandbox } from '../src/merchant/server';
import { STAFF_EXTRA_FIELDS, type StaffUserPage } from '../src/merchant/types';
import { MERCHANT_ADMIN_ID, MERCHANT_DOCS_USER_ID, MERCHANT_ID, MERCHANT_INACTIVE_ID, MERCHANT_OWNER_ID } from '../src/seed';
import { call } from './http';
import { useFake, VALIDATION_PROBLEM } from './fixtures';

const profile = {
  firstName: 'Sofia',
  lastName: 'Martínez-López',
  email: 'sofia.ml@example.com',
  role: 'Admin',
  isActive: false,
};

describe('Merchant sandbox: PUT /api/Users/{id}', () => {
  const merchant = useFake(() => startMerchantSandbox());

  const put = (id: string, body: unknown, options: { token?: string; headers?: Record<string, string> } = {}) =>
    call(`${merchant.baseUrl}/api/Users/${id}`, { method: 'PUT', token: options.token ?? merchant.token, body, headers: options.headers });

  it('replaces the whole profile of the docs user given its upper-case id, and returns it with a new ETag', async () => {
    const etagBefore = merchant.etag(MERCHANT_DOCS_USER_ID);
    expect(merchant.user(MERCHANT_DOCS_USER_ID)).toMatchObject({ phone: expect.any(String), notes: expect.any(String) });
    const res = await put(MERCHANT_DOCS_USER_ID, { ...profile, id: MERCHANT_DOCS_USER_ID, unknownField: 1 });

    // Exactly the fields sent plus the server's own: the seeded phone, notes and permissions are gone.
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      id: '2489e9ad-2ee2-8e00-8ec9-32d5f69181c0',
      merchantId: MERCHANT_ID,
      email: 'sofia.ml@example.com',
      firstName: 'Sofia',
      lastName: 'Martínez-López',
      fullName: 'Sofia Martínez-López',
      role: 'Admin',
      isActive: false,
      lastLoginAt: '2024-09-29T12:00:00Z',
      createdAt: '2024-03-21T10:15:00Z',
      updatedAt: expect.any(String),
    });
    expect(res.headers.get('etag')).toMatch(/^"\d+"$/);
    expect(res.headers.get('etag')).not.toBe(etagBefore);
    expect(res.headers.get('x-request-id')).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-00$/);
    expect(merchant.user(MERCHANT_DOCS_USER_ID.toLowerCase())).toEqual(res.json);
  });

  it('matches property names case-insensitively, as ASP.NET does', async () => {
    const res = await put(MERCHANT_ADMIN_ID, { FirstName: 'Aaron', LastName: 'Adams', Email: 'aaron@example.com', Role: 'Staff', IsActive: true });
    expect(res.status).toBe(200);
    expect(merchant.user(MERCHANT_ADMIN_ID)?.role).toBe('Staff');
  });

  it('reports missing and invalid fields with PascalCase keys', async () => {
    const res = await put(MERCHANT_ADMIN_ID, { lastName: '', email: 'not-an-email', role: 'Boss' });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
    expect(res.json).toEqual({
      ...VALIDATION_PROBLEM,
      errors: {
        FirstName: ['The FirstName field is required.'],
        LastName: ['The LastName field is required.'],
        Email: ['The Email field is not a valid e-mail address.'],
        Role: ['The Role field must be one of Owner, Admin, Staff, Viewer.'],
        IsActive: ['The IsActive field is required.'],
      },
    });
    expect((res.json as { traceId: string }).traceId).toBe(res.headers.get('x-request-id'));
  });

  it('reports lengths', async () => {
    const res = await put(MERCHANT_ADMIN_ID, { ...profile, firstName: 'x'.repeat(101), email: `${'a'.repeat(250)}@example.com` });
    expect(res.status).toBe(400);
    expect((res.json as { errors: unknown }).errors).toEqual({
      FirstName: ['The field FirstName must be a string with a minimum length of 1 and a maximum length of 100.'],
      Email: ['The field Email must be a string with a maximum length of 256.'],
    });
  });

  it('reports a JSON type mismatch by JSON path, as System.Text.Json does', async () => {
    const res = await put(MERCHANT_ADMIN_ID, { ...profile, isActive: 'yes' });
    expect(res.status).toBe(400);
    expect((res.json as { errors: unknown }).errors).toEqual({
      '$.isActive': ['The JSON value could not be converted to System.Nullable`1[System.Boolean]. Path: $.isActive'],
      request: ['The request field is required.'],
    });
  });

  it('refuses a malformed id with 400 keyed by the route parameter', async () => {
    const res = await put('x', profile);
    expect(res.status).toBe(400);
    expect(res.json).toEqual({ ...VALIDATION_PROBLEM, errors: { id: ["The value 'x' is not valid."] } });
  });

  it('refuses a body id that differs from the path id', async () => {
    const res = await put(MERCHANT_ADMIN_ID, { ...profile, id: MERCHANT_OWNER_ID });
    expect(res.status).toBe(400);
    expect((res.json as { errors: unknown }).errors).toEqual({ Id: ['The ID in the body must match the ID in the URL.'] });
  });

  it('refuses an email that another user has, whatever its case', async () => {
    const taken = merchant.user(MERCHANT_OWNER_ID)?.email.toUpperCase();
    const res = await put(MERCHANT_ADMIN_ID, { ...profile, email: taken });
    expect(res.status).toBe(400);
    expect(res.json).toEqual({ ...VALIDATION_PROBLEM, errors: { Email: ['A staff user with this email already exists.'] } });
  });

  it('lets a user keep its own email', async () => {
    const own = merchant.user(MERCHANT_INACTIVE_ID)?.email;
    const res = await put(MERCHANT_INACTIVE_ID, { ...profile, email: own });
    expect(res.status).toBe(200);
  });

  it('answers 404 ProblemDetails for an unknown id', async () => {
    const res = await put('11111111-2222-3333-4444-555555555555', profile);
    expect(res.status).toBe(404);
    expect(res.json).toEqual({
      type: 'https://tools.ietf.org/html/rfc9110#section-15.5.5',
      title: 'Not Found',
      status: 404,
      detail: 'No user with the given ID exists.',
      traceId: expect.any(String),
    });
  });

  it('honours If-Match: the current ETag succeeds, a stale one gets 412 and changes nothing', async () => {
    const current = merchant.etag(MERCHANT_ADMIN_ID) ?? '';
    const first = await put(MERCHANT_ADMIN_ID, profile, { headers: { 'if-match': current } });
    expect(first.status).toBe(200);

    const stale = await put(MERCHANT_ADMIN_ID, { ...profile, firstName: 'Late' }, { headers: { 'if-match': current } });
    expect(stale.status).toBe(412);
    expect(stale.json).toEqual({
      type: 'https://tools.ietf.org/html/rfc9110#section-15.5.13',
      title: 'Precondition Failed',
      status: 412,
      detail: 'The user was changed since you read it. Read it again and retry.',
      traceId: expect.any(String),
    });
    expect(merchant.user(MERCHANT_ADMIN_ID)?.firstName).toBe('Sofia');
  });

  it('answers 401 with an empty body and WWW-Authenticate without or with a wrong token', async () => {
    const none = await call(`${merchant.baseUrl}/api/Users/${MERCHANT_ADMIN_ID}`, { method: 'PUT', body: profile });
    expect(none.status).toBe(401);
    expect(none.text).toBe('');
    expect(none.headers.get('www-authenticate')).toBe('Bearer');
    expect(none.headers.get('x-request-id')).toMatch(/^00-/);

    const wrong = await put(MERCHANT_ADMIN_ID, profile, { token: 'nope' });
    expect(wrong.status).toBe(401);
    expect(wrong.text).toBe('');
    expect(wrong.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
  });

  it('answers 403 ProblemDetails to a Viewer, before looking at the body', async () => {
    const res = await put(MERCHANT_ADMIN_ID, {}, { token: merchant.viewerToken });
    expect(res.status).toBe(403);
    expect(res.json).toEqual({
      type: 'https://tools.ietf.org/html/rfc9110#section-15.5.4',
      title: 'Forbidden',
      status: 403,
      detail: 'Your role may not manage staff users.',
      traceId: expect.any(String),
    });
  });

  it('answers 415 when the body is not declared as JSON', async () => {
    const res = await call(`${merchant.baseUrl}/api/Users/${MERCHANT_ADMIN_ID}`, { method: 'PUT', token: merchant.token, rawBody: 'x' });
    expect(res.status).toBe(415);
    expect((res.json as { title: string }).title).toBe('Unsupported Media Type');
  });

  it('records the request, body included', async () => {
    await put(MERCHANT_ADMIN_ID, profile);
    expect(merchant.requests).toHaveLength(1);
    expect(merchant.requests[0]).toMatchObject({ method: 'PUT', path: `/api/Users/${MERCHANT_ADMIN_ID}`, body: profile, status: 200 });
    expect(merchant.requests[0].headers['authorization']).toBe(`Bearer ${merchant.token}`);
  });
});

describe('Merchant sandbox: PUT /api/Users/{id} replaces the whole user, undocumented fields included', () => {
  const merchant = useFake(() => startMerchantSandbox());

  const url = (id: string) => `${merchant.baseUrl}/api/Users/${id}`;
  const put = (id: string, body: unknown) => call(url(id), { method: 'PUT', token: merchant.token, body });
  const read = async (id: string) => (await call(url(id), { token: merchant.token })).json;
  const listed = async (id: string) =>
    ((await call(`${merchant.baseUrl}/api/Users?pageSize=100`, { token: merchant.token })).json as StaffUserPage).items.find((user) => user.id === id.toLowerCase());
  const docsId = MERCHANT_DOCS_USER_ID.toLowerCase();
  /** The piece's view of Grace: the documented fields only, as a client that read the docs would send. */
  const graceDocumented = { firstName: 'Grace', lastName: 'Hopper', email: 'grace.hopper@example.com', role: 'Staff', isActive: true };
  const graceSeeded = {
    id: docsId,
    merchantId: MERCHANT_ID,
    email: 'grace.hopper@example.com',
    firstName: 'Grace',
    lastName: 'Hopper',
    fullName: 'Grace Hopper',
    role: 'Staff',
    isActive: true,
    phone: '+1 202 555 0143',
    notes: 'Opens the store on weekdays; holds the alarm code.',
    permissions: ['orders:refund', 'inventory:write'],
    lastLoginAt: '2024-09-29T12:00:00Z',
    createdAt: '2024-03-21T10:15:00Z',
    updatedAt: '2024-03-21T10:15:00Z',
  };
  const withoutExtraFields = (user: object) =>
    Object.fromEntries(Object.entries(user).filter(([key]) => !(STAFF_EXTRA_FIELDS as readonly string[]).includes(key)));

  it('GET and the list return the seeded extra fields', async () => {
    expect(await read(MERCHANT_DOCS_USER_ID)).toEqual(graceSeeded);
    expect(await listed(MERCHANT_DOCS_USER_ID)).toEqual(graceSeeded);
  });

  it('a PUT without phone, notes and permissions removes them: from the answer, GET, the list and the store', async () => {
    const res = await put(MERCHANT_DOCS_USER_ID, { ...graceDocumented, isActive: false });
    expect(res.status).toBe(200);

    const expected = { ...withoutExtraFields(graceSeeded), isActive: false, updatedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) };
    expect(Object.keys(expected)).toHaveLength(11);
    expect(res.json).toEqual(expected);
    expect(await read(MERCHANT_DOCS_USER_ID)).toEqual(expected);
    expect(await listed(MERCHANT_DOCS_USER_ID)).toEqual(expected);
    expect(merchant.user(MERCHANT_DOCS_USER_ID)).toEqual(expected);
    expect(merchant.user(MERCHANT_DOCS_USER_ID)).not.toHaveProperty('phone');
  });

  it('keeps only what the PUT sends: a new phone stays, the notes and permissions it left out go', async () => {
    const res = await put(MERCHANT_DOCS_USER_ID, { ...graceDocumented, phone: '+1 202 555 0100' });
    expect(res.status).toBe(200);
    const stored = merchant.user(MERCHANT_DOCS_USER_ID);
    expect(stored?.phone).toBe('+1 202 555 0100');
    expect(stored).not.toHaveProperty('notes');
    expect(stored).not.toHaveProperty('permissions');
  });

  it('stores phone, notes and permissions when sent; ignores other unknown fields and the server-owned ones', async () => {
    const res = await put(MERCHANT_ADMIN_ID, {
      firstName: 'Aaron',
      lastName: 'Adams-Baker',
      email: 'aaron.adams@example.com',
      role: 'Admin',
      isActive: true,
      Phone: '+1 202 555 0177',
      notes: '',
      permissions: ['reports:read'],
      nickname: 'AA',
      fullName: 'Someone Else',
      merchantId: '00000000-0000-0000-0000-000000000000',
      createdAt: '2000-01-01T00:00:00Z',
      lastLoginAt: null,
    });
    expect(res.status).toBe(200);
    expect(merchant.user(MERCHANT_ADMIN_ID)).toEqual({
      id: MERCHANT_ADMIN_ID,
      merchantId: MERCHANT_ID,
      email: 'aaron.adams@example.com',
      firstName: 'Aaron',
      lastName: 'Adams-Baker',
      fullName: 'Aaron Adams-Baker',
      role: 'Admin',
      isActive: true,
      phone: '+1 202 555 0177',
      notes: '',
      permissions: ['reports:read'],
      lastLoginAt: '2024-09-28T16:02:40Z',
      createdAt: '2024-02-14T09:30:00Z',
      updatedAt: expect.any(String),
    });
    expect(Object.keys(res.json as object)).toEqual([
      'id', 'merchantId', 'email', 'firstName', 'lastName', 'fullName', 'role', 'isActive', 'phone', 'notes', 'permissions', 'lastLoginAt', 'createdAt', 'updatedAt',
    ]);
  });

  it('takes null as "none": the field is removed', async () => {
    expect((await put(MERCHANT_DOCS_USER_ID, { ...graceDocumented, phone: null, notes: null, permissions: null })).status).toBe(200);
    expect(Object.keys(merchant.user(MERCHANT_DOCS_USER_ID) ?? {})).not.toEqual(expect.arrayContaining(['phone']));
    expect(merchant.user(MERCHANT_DOCS_USER_ID)).not.toHaveProperty('notes');
    expect(merchant.user(MERCHANT_DOCS_USER_ID)).not.toHaveProperty('permissions');
  });

  it('a client that sends back everything it read keeps everything (the read-modify-write a full PUT needs)', async () => {
    const before = (await read(MERCHANT_DOCS_USER_ID)) as Record<string, unknown>;
    const res = await put(MERCHANT_DOCS_USER_ID, { ...before, isActive: false });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ ...before, isActive: false, updatedAt: expect.any(String) });
  });

  it.each([
    [{ phone: 5551234 }, '$.phone', 'System.String'],
    [{ notes: ['a'] }, '$.notes', 'System.String'],
    [{ permissions: 'reports:read' }, '$.permissions', 'System.Collections.Generic.List`1[System.String]'],
    [{ permissions: ['reports:read', 7] }, '$.permissions[1]', 'System.String'],
  ])('refuses %j with a System.Text.Json conversion error and changes nothing', async (extra, path, clrType) => {
    const before = merchant.user(MERCHANT_DOCS_USER_ID);
    const res = await put(MERCHANT_DOCS_USER_ID, { ...graceDocumented, ...extra });
    expect(res.status).toBe(400);
    expect(res.json).toEqual({
      ...VALIDATION_PROBLEM,
      errors: { [path]: [`The JSON value could not be converted to ${clrType}. Path: ${path}`], request: ['The request field is required.'] },
    });
    expect(merchant.user(MERCHANT_DOCS_USER_ID)).toEqual(before);
  });

  it('hands out copies: changing a returned user does not change the store', () => {
    const copy = merchant.user(MERCHANT_DOCS_USER_ID);
    copy?.permissions?.push('everything');
    expect(merchant.user(MERCHANT_DOCS_USER_ID)?.permissions).toEqual(['orders:refund', 'inventory:write']);
  });
});
