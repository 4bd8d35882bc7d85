import { DEFAULT_REQUEST_LOG_LIMIT } from '../src/fake-server';
import { MAX_BODY_BYTES } from '../src/http-utils';
import { startMerchantSandbox } from '../src/merchant/server';
import { MERCHANT_DOCS_USER_ID, MERCHANT_SEEDED_USER_IDS, MERCHANT_TOKEN } from '../src/seed';
import { adminCall, call } from './http';
import { useFake } from './fixtures';

describe('The request log is bounded', () => {
  const merchant = useFake(() => startMerchantSandbox({ requestLogLimit: 3 }));

  it('keeps only the most recent requests, in the same array, and counts them all', async () => {
    const log = merchant.requests;
    for (const id of MERCHANT_SEEDED_USER_IDS) {
      expect((await call(`${merchant.baseUrl}/api/Users/${id}`, { token: MERCHANT_TOKEN })).status).toBe(200);
    }

    expect(merchant.requests).toBe(log);
    expect(Array.isArray(merchant.requests)).toBe(true);
    expect(merchant.requests).toHaveLength(3);
    expect(merchant.requests.map((request) => request.path)).toEqual(MERCHANT_SEEDED_USER_IDS.slice(-3).map((id) => `/api/Users/${id}`));
    expect(merchant.requests[2].status).toBe(200);

    const state = await adminCall(`${merchant.baseUrl}/__sandbox/state`);
    expect(state.json).toMatchObject({ requestCount: 5, requestLogLimit: 3 });
    expect((state.json as { recentRequests: unknown[] }).recentRequests).toHaveLength(3);

    merchant.reset();
    expect(log).toEqual([]);
    expect((await adminCall(`${merchant.baseUrl}/__sandbox/state`)).json).toMatchObject({ requestCount: 0, recentRequests: [] });
  });

  it('defaults to the last 1,000 requests and refuses a limit that is not a positive integer', async () => {
    expect(DEFAULT_REQUEST_LOG_LIMIT).toBe(1000);
    const defaults = await startMerchantSandbox();
    try {
      expect((await adminCall(`${defaults.baseUrl}/__sandbox/state`)).json).toMatchObject({ requestLogLimit: 1000 });
    } finally {
      await defaults.close();
    }
    await expect(startMerchantSandbox({ requestLogLimit: 0 })).rejects.toThrow('requestLogLimit must be a positive integer, got 0');
  });

  it('refuses a body over 1 MiB with 413, without recording or changing anything', async () => {
    const before = merchant.user(MERCHANT_DOCS_USER_ID);
    const body = JSON.stringify({ firstName: 'A', lastName: 'B', email: 'a@b.example', role: 'Staff', isActive: false, notes: 'x'.repeat(MAX_BODY_BYTES) });
    const res = await call(`${merchant.baseUrl}/api/Users/${MERCHANT_DOCS_USER_ID}`, {
      method: 'PUT',
      token: MERCHANT_TOKEN,
      rawBody: body,
      headers: { 'content-type': 'application/json' },
    });
    expect(MAX_BODY_BYTES).toBe(1024 * 1024);
    expect(res.status).toBe(413);
    expect(res.json).toEqual({ sandboxError: 'request body larger than 1048576 bytes' });
    expect(merchant.requests).toHaveLength(0);
    expect(merchant.user(MERCHANT_DOCS_USER_ID)).toEqual(before);
  });
});
