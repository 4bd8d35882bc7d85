import { startMerchantSandbox } from '../src/merchant/server';
import type { StaffUserPage } from '../src/merchant/types';
import { MERCHANT_DOCS_USER_ID, MERCHANT_INACTIVE_ID, MERCHANT_SEEDED_USER_IDS } from '../src/seed';
import { call } from './http';
import { useFake } from './fixtures';

describe('Merchant sandbox: reading users', () => {
  const merchant = useFake(() => startMerchantSandbox({ extraUsers: 120 }));

  it('GET /api/Users/{id} returns the user with a quoted ETag that changes on update', async () => {
    const url = `${merchant.baseUrl}/api/Users/${MERCHANT_DOCS_USER_ID}`;
    const first = await call(url, { token: merchant.viewerToken });
    expect(first.status).toBe(200);
    expect(first.json).toEqual(merchant.user(MERCHANT_DOCS_USER_ID));
    expect(first.headers.get('etag')).toBe(merchant.etag(MERCHANT_DOCS_USER_ID));
    expect(first.headers.get('etag')).toMatch(/^"\d+"$/);

    const body = { firstName: 'Grace', lastName: 'Hopper', email: 'grace.hopper@example.com', role: 'Staff', isActive: true };
    const put = await call(url, { method: 'PUT', token: merchant.token, body, headers: { 'if-match': first.headers.get('etag') ?? '' } });
    expect(put.status).toBe(200);

    const second = await call(`${merchant.baseUrl}/api/users/${MERCHANT_DOCS_USER_ID.toLowerCase()}`, { token: merchant.token });
    expect(second.status).toBe(200);
    expect(second.headers.get('etag')).toBe(put.headers.get('etag'));
    expect(second.headers.get('etag')).not.toBe(first.headers.get('etag'));
  });

  it('GET /api/Users/{id} answers 404 ProblemDetails for an unknown id and 401 without a token', async () => {
    const missing = await call(`${merchant.baseUrl}/api/Users/11111111-2222-3333-4444-555555555555`, { token: merchant.token });
    expect(missing.status).toBe(404);
    expect((missing.json as { detail: string }).detail).toBe('No user with the given ID exists.');

    const anonymous = await call(`${merchant.baseUrl}/api/Users/${MERCHANT_DOCS_USER_ID}`);
    expect(anonymous.status).toBe(401);
  });

  it('GET /api/Users pages by name with totals, and searches', async () => {
    const first = await call(`${merchant.baseUrl}/api/Users?page=1&pageSize=100`, { token: merchant.token });
    expect(first.status).toBe(200);
    const page = first.json as StaffUserPage;
    expect(page.totalCount).toBe(125);
    expect(page.page).toBe(1);
    expect(page.pageSize).toBe(100);
    expect(page.items).toHaveLength(100);

    const last = (await call(`${merchant.baseUrl}/api/Users?page=2&pageSize=100`, { token: merchant.token })).json as StaffUserPage;
    expect(last.items).toHaveLength(25);
    const ids = [...page.items, ...last.items].map((user) => user.id);
    expect(new Set(ids).size).toBe(125);
    for (const seeded of MERCHANT_SEEDED_USER_IDS) expect(ids).toContain(seeded.toLowerCase());

    const search = (await call(`${merchant.baseUrl}/api/Users?search=isaksen`, { token: merchant.viewerToken })).json as StaffUserPage;
    expect(search).toEqual({ items: [merchant.user(MERCHANT_INACTIVE_ID)], totalCount: 1, page: 1, pageSize: 50 });
  });

  it('GET /api/Users refuses an out-of-range pageSize', async () => {
    const res = await call(`${merchant.baseUrl}/api/Users?pageSize=500`, { token: merchant.token });
    expect(res.status).toBe(400);
    expect((res.json as { errors: unknown }).errors).toEqual({ pageSize: ['The field pageSize must be between 1 and 100.'] });
  });

  it('answers 405 with Allow for a method the route lacks, before auth', async () => {
    const res = await call(`${merchant.baseUrl}/api/Users/${MERCHANT_DOCS_USER_ID}`, { method: 'DELETE' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, PUT');
    expect(res.text).toBe('');
  });
});

describe('Merchant sandbox: a deployment without the GET endpoints', () => {
  it.each([
    [405, 'PUT'],
    [404, null],
  ] as const)('answers %i to GET /api/Users/{id}, and 404 to GET /api/Users, while PUT works', async (status, allow) => {
    const merchant = await startMerchantSandbox({ withoutGetEndpoints: true, missingGetStatus: status });
    try {
      const get = await call(`${merchant.baseUrl}/api/Users/${MERCHANT_DOCS_USER_ID}`, { token: merchant.token });
      expect(get.status).toBe(status);
      expect(get.headers.get('allow')).toBe(allow);
      expect(get.text).toBe('');

      const list = await call(`${merchant.baseUrl}/api/Users`, { token: merchant.token });
      expect(list.status).toBe(404);

      const body = { firstName: 'A', lastName: 'B', email: 'a@b', role: 'Staff', isActive: true };
      const put = await call(`${merchant.baseUrl}/api/Users/${MERCHANT_DOCS_USER_ID}`, { method: 'PUT', token: merchant.token, body });
      expect(put.status).toBe(200);
    } finally {
      await merchant.close();
    }
  });
});
