import { startActivepiecesSandbox, type ActivepiecesSandbox } from '../src/activepieces/server';
import { AP_OTHER_PLATFORM_ID, AP_OWNER_ID, AP_PLATFORM_ID } from '../src/seed';
import { call } from './http';

describe('Activepieces sandbox: GET /v1/platforms/{id}', () => {
  let ap: ActivepiecesSandbox;
  beforeAll(async () => {
    ap = await startActivepiecesSandbox();
  });
  afterAll(() => ap.close());

  it("answers the API key's own platform with its ownerId", async () => {
    const res = await call(`${ap.baseUrl}/v1/platforms/${AP_PLATFORM_ID}`, { token: ap.apiKey });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ id: AP_PLATFORM_ID, ownerId: AP_OWNER_ID, name: 'Sandbox platform' });
  });

  it('refuses another platform, or an unknown one, with 403', async () => {
    for (const id of [AP_OTHER_PLATFORM_ID, 'nope']) {
      const res = await call(`${ap.baseUrl}/v1/platforms/${id}`, { token: ap.apiKey });
      expect(res.status).toBe(403);
      expect(res.json).toEqual({ code: 'AUTHORIZATION', params: { message: 'You are not authorized to access this platform' } });
    }
  });

  it('authenticates first', async () => {
    const res = await call(`${ap.baseUrl}/v1/platforms/${AP_PLATFORM_ID}`);
    expect(res.status).toBe(403);
    expect(res.json).toEqual({ code: 'AUTHORIZATION', params: {} });
  });
});
