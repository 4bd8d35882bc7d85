import { startActivepiecesSandbox } from '../src/activepieces/server';
import { AP_INACTIVE_ID, AP_MEMBER_ID, AP_OTHER_PLATFORM_USER_ID, AP_OWNER_ID, AP_PLATFORM_ID } from '../src/seed';
import { call } from './http';
import { useFake } from './fixtures';

const FST_VALIDATION = { statusCode: 400, code: 'FST_ERR_VALIDATION', error: 'Bad Request' };

describe('Activepieces sandbox: POST /v1/users/:id', () => {
  const ap = useFake(() => startActivepiecesSandbox());

  const update = (id: string, body: unknown, token: string | undefined = ap.apiKey) =>
    call(`${ap.baseUrl}/v1/users/${id}`, { method: 'POST', token, body });

  it('updates the given fields, returns the user and keeps the change', async () => {
    const before = ap.user(AP_MEMBER_ID);
    const res = await update(AP_MEMBER_ID, { status: 'INACTIVE', platformRole: 'OPERATOR', externalId: 'hr-2002', ignored: true });

    expect(res.status).toBe(200);
    const user = res.json as Record<string, unknown>;
    expect(user).toEqual({
      ...before,
      status: 'INACTIVE',
      platformRole: 'OPERATOR',
      externalId: 'hr-2002',
      updated: expect.any(String),
    });
    expect(Object.keys(user).sort()).toEqual(
      ['created', 'email', 'externalId', 'firstName', 'id', 'imageUrl', 'lastActiveDate', 'lastName', 'platformId', 'platformRole', 'status', 'updated'],
    );
    expect(Date.parse(user['updated'] as string)).toBeGreaterThan(Date.parse(before?.updated ?? ''));
    expect(ap.user(AP_MEMBER_ID)).toEqual(user);
    expect(ap.requests.at(-1)?.body).toEqual({ status: 'INACTIVE', platformRole: 'OPERATOR', externalId: 'hr-2002', ignored: true });
  });

  it('accepts {} as a no-op that still bumps updated', async () => {
    const before = ap.user(AP_INACTIVE_ID);
    const res = await update(AP_INACTIVE_ID, {});
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ ...before, updated: expect.any(String) });
    expect((res.json as { updated: string }).updated).not.toBe(before?.updated);
  });

  it('validates the id before authenticating', async () => {
    const res = await update('not-an-id', {}, undefined);
    expect(res.status).toBe(400);
    expect(res.json).toEqual({ ...FST_VALIDATION, message: 'params/id must match pattern "^[0-9a-zA-Z]{21}$"' });
  });

  it('validates the body before authenticating, reporting every bad field', async () => {
    const res = await update(AP_MEMBER_ID, { status: 'DELETED', platformRole: 'OWNER' }, 'not-a-key');
    expect(res.status).toBe(400);
    expect(res.json).toEqual({
      ...FST_VALIDATION,
      message:
        'body/status Invalid option: expected one of "ACTIVE"|"INACTIVE", body/platformRole Invalid option: expected one of "ADMIN"|"MEMBER"|"OPERATOR"',
    });
  });

  it.each([
    [{ externalId: null }, 'body/externalId Invalid input: expected string, received null'],
    [{ externalId: 42 }, 'body/externalId Invalid input: expected string, received number'],
    [{ status: null }, 'body/status Invalid option: expected one of "ACTIVE"|"INACTIVE"'],
    [{ platformRole: null }, 'body/platformRole Invalid option: expected one of "ADMIN"|"MEMBER"|"OPERATOR"'],
    [[], 'body Invalid input: expected object, received array'],
  ])('refuses %j with 400', async (body, message) => {
    const res = await update(AP_MEMBER_ID, body);
    expect(res.status).toBe(400);
    expect(res.json).toEqual({ ...FST_VALIDATION, message });
    expect(ap.user(AP_MEMBER_ID)?.updated).toBe('2024-02-05T10:30:00.000Z');
  });

  it('refuses a body that is not JSON in Fastify’s shape', async () => {
    const res = await call(`${ap.baseUrl}/v1/users/${AP_MEMBER_ID}`, {
      method: 'POST',
      token: ap.apiKey,
      rawBody: '{"status":',
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(400);
    expect(res.json).toEqual({
      statusCode: 400,
      code: 'FST_ERR_CTP_INVALID_JSON_BODY',
      error: 'Bad Request',
      message: "Body is not valid JSON but content-type is set to 'application/json'",
    });
  });

  it('answers 404 ENTITY_NOT_FOUND for an unknown id', async () => {
    const id = 'unknownUser0000000000';
    const res = await update(id, { status: 'ACTIVE' });
    expect(res.status).toBe(404);
    expect(res.json).toEqual({ code: 'ENTITY_NOT_FOUND', params: { entityType: 'user', entityId: id, message: 'user not found' } });
  });

  it('answers 404 for a user of another platform and leaves it alone', async () => {
    const before = ap.user(AP_OTHER_PLATFORM_USER_ID);
    const res = await update(AP_OTHER_PLATFORM_USER_ID, { status: 'INACTIVE' });
    expect(res.status).toBe(404);
    expect((res.json as { code: string }).code).toBe('ENTITY_NOT_FOUND');
    expect(ap.user(AP_OTHER_PLATFORM_USER_ID)).toEqual(before);
  });

  it('refuses to deactivate the platform owner with 409', async () => {
    const res = await update(AP_OWNER_ID, { status: 'INACTIVE' });
    expect(res.status).toBe(409);
    expect(res.json).toEqual({ code: 'VALIDATION', params: { message: 'Admin cannot be deactivated' } });
    expect(ap.user(AP_OWNER_ID)?.status).toBe('ACTIVE');
    expect(ap.user(AP_OWNER_ID)?.platformId).toBe(AP_PLATFORM_ID);
  });

  it('reset() restores the seed', async () => {
    await update(AP_MEMBER_ID, { externalId: 'changed' });
    ap.reset();
    expect(ap.user(AP_MEMBER_ID)?.externalId).toBe('hr-1002');
    expect(ap.requests).toEqual([]);
  });
});
