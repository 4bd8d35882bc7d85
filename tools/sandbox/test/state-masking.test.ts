import { startSandbox } from '../src/sandbox';
import { AP_API_KEY, MERCHANT_ADMIN_ID, MERCHANT_TOKEN, MERCHANT_VIEWER_TOKEN } from '../src/seed';
import { adminOrigin, useFake } from './fixtures';
import { adminCall, call } from './http';

/** Every 8-character piece of a secret: none may show, or a reader could piece the secret together. */
function windowsOf(secret: string, size = 8): string[] {
  return Array.from({ length: secret.length - size + 1 }, (_, start) => secret.slice(start, start + size));
}

/**
 * The recorded requests must hold no piece of the secret at all. The whole answer may hold only the
 * pieces the seed data held before any request: "Platform" is a piece of the API key and of a seeded
 * user id, "merchant" a piece of the merchant token and of the `merchantId` field.
 */
function expectNoPieceOf(secret: string, state: { text: string; json: unknown }, before: string): void {
  const recorded = JSON.stringify((state.json as { recentRequests: unknown }).recentRequests);
  expect(windowsOf(secret).filter((piece) => recorded.includes(piece))).toEqual([]);
  expect(windowsOf(secret).filter((piece) => state.text.includes(piece) && !before.includes(piece))).toEqual([]);
}

describe('GET /__sandbox/state masks credentials', () => {
  const sandbox = useFake(() => startSandbox());

  it('shows no part of the Activepieces API key, wherever the client put it, and keeps the real headers in-process', async () => {
    const before = (await adminCall(`${adminOrigin(sandbox.activepieces.baseUrl)}/__sandbox/state`)).text;
    const res = await call(`${sandbox.activepieces.baseUrl}/v1/users?limit=2&access_token=${AP_API_KEY}`, {
      headers: {
        authorization: `Bearer ${AP_API_KEY}`,
        'proxy-authorization': `Basic ${Buffer.from(`me:${AP_API_KEY}`).toString('base64')}`,
        cookie: `session=${AP_API_KEY}; theme=dark`,
        'x-api-key': AP_API_KEY,
        'x-custom-forward': `Bearer ${AP_API_KEY}`,
        'x-note': `the key is ${AP_API_KEY}`,
      },
    });
    expect(res.status).toBe(200);

    const state = await adminCall(`${adminOrigin(sandbox.activepieces.baseUrl)}/__sandbox/state`);
    expect(state.status).toBe(200);
    expectNoPieceOf(AP_API_KEY, state, before);

    const [shown] = (state.json as { recentRequests: { headers: Record<string, string>; query: Record<string, string> }[] }).recentRequests;
    expect(shown.headers).toMatchObject({
      authorization: 'Bearer [masked]',
      'proxy-authorization': 'Basic [masked]',
      cookie: '[masked]',
      'x-api-key': '[masked]',
      'x-custom-forward': 'Bearer [masked]',
      'x-note': 'the key is [masked]',
    });
    expect(shown.query).toEqual({ limit: '2', access_token: '[masked]' });

    // Tests in this process still see what was sent.
    expect(sandbox.activepieces.requests[0].headers['authorization']).toBe(`Bearer ${AP_API_KEY}`);
    expect(sandbox.activepieces.requests[0].query['access_token']).toBe(AP_API_KEY);
  });

  it('shows no part of the merchant tokens', async () => {
    const before = (await adminCall(`${sandbox.merchant.baseUrl}/__sandbox/state`)).text;
    const profile = { firstName: 'Aaron', lastName: 'Adams', email: 'aaron.adams@example.com', role: 'Admin', isActive: true, password: MERCHANT_VIEWER_TOKEN };
    expect((await call(`${sandbox.merchant.baseUrl}/api/Users/${MERCHANT_ADMIN_ID}`, { method: 'PUT', token: MERCHANT_TOKEN, body: profile })).status).toBe(200);
    expect((await call(`${sandbox.merchant.baseUrl}/api/Users`, { token: MERCHANT_VIEWER_TOKEN })).status).toBe(200);

    const state = await adminCall(`${sandbox.merchant.baseUrl}/__sandbox/state`);
    expectNoPieceOf(MERCHANT_TOKEN, state, before);
    expectNoPieceOf(MERCHANT_VIEWER_TOKEN, state, before);
    const shown = (state.json as { recentRequests: { headers: Record<string, string>; body: unknown }[] }).recentRequests;
    expect(shown.map((request) => request.headers['authorization'])).toEqual(['Bearer [masked]', 'Bearer [masked]']);
    expect(shown[0].body).toEqual({ ...profile, password: '[masked]' });
  });
});
