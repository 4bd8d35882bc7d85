import { startMerchantSandbox, type MerchantSandbox } from '../src/merchant/server';
import { MERCHANT_ADMIN_ID, MERCHANT_DOCS_USER_ID, MERCHANT_ID, MERCHANT_INACTIVE_ID, MERCHANT_OWNER_ID } from '../src/seed';
import { call } from './http';

const VALIDATION_PROBLEM = {
  type: 'https://tools.ietf.org/html/rfc9110#section-15.5.1',
  title: 'One or more validation errors occurred.',
  status: 400,
  traceId: expect.stringMatching(/^00-[0-9a-f]{32}-[0-9a-f]{16}-00$/),
};

const profile = {
  firstName: 'Sofia',
  lastName: 'Martínez-López',
  email: 'sofia.ml@example.com',
  role: 'Admin',
  isActive: false,
};

describe('Merchant sandbox: PUT /api/Users/{id}', () => {
  let merchant: MerchantSandbox;
  beforeAll(async () => {
    merchant = await startMerchantSandbox();
  });
  afterAll(() => merchant.close());
  afterEach(() => merchant.reset());

  const put = (id: string, body: unknown, options: { token?: string; headers?: Record<string, string> } = {}) =>
    call(`${merchant.baseUrl}/api/Users/${id}`, { method: 'PUT', token: options.token ?? merchant.token, body, headers: options.headers });

  it('replaces the whole profile of the docs user given its upper-case id, and returns it with a new ETag', async () => {
    const etagBefore = merchant.etag(MERCHANT_DOCS_USER_ID);
    const res = await put(MERCHANT_DOCS_USER_ID, { ...profile, id: MERCHANT_DOCS_USER_ID, unknownField: 1 });

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
