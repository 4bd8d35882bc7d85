import { startActivepiecesSandbox, type ActivepiecesSandbox } from '../src/activepieces/server';
import { AP_MEMBER_ID, AP_OWNER_ID } from '../src/seed';
import { call } from './http';

describe('Activepieces sandbox: authentication', () => {
  let ap: ActivepiecesSandbox;
  let community: ActivepiecesSandbox;
  beforeAll(async () => {
    ap = await startActivepiecesSandbox();
    community = await startActivepiecesSandbox({ edition: 'community' });
  });
  afterAll(async () => {
    await ap.close();
    await community.close();
  });
  afterEach(() => ap.reset());

  const listUrl = () => `${ap.baseUrl}/v1/users`;

  it('answers 403 AUTHORIZATION without an Authorization header', async () => {
    const res = await call(listUrl());
    expect(res.status).toBe(403);
    expect(res.json).toEqual({ code: 'AUTHORIZATION', params: {} });
  });

  it('answers 403 AUTHORIZATION for a scheme other than Bearer', async () => {
    const res = await call(listUrl(), { headers: { authorization: `Basic ${ap.apiKey}` } });
    expect(res.status).toBe(403);
    expect(res.json).toEqual({ code: 'AUTHORIZATION', params: {} });
  });

  it('answers 401 AUTHENTICATION for an unknown sk- key', async () => {
    const res = await call(listUrl(), { token: `sk-${'x'.repeat(61)}` });
    expect(res.status).toBe(401);
    expect(res.json).toEqual({ code: 'AUTHENTICATION', params: { message: 'invalid api key' } });
  });

  it('answers 401 INVALID_BEARER_TOKEN for anything else', async () => {
    const res = await call(listUrl(), { token: 'eyJhbGciOiJIUzI1NiJ9.e30.x' });
    expect(res.status).toBe(401);
    expect(res.json).toEqual({ code: 'INVALID_BEARER_TOKEN', params: { message: 'invalid bearer token' } });
  });

  it('answers JSON with the content type Fastify uses', async () => {
    const res = await call(listUrl(), { token: ap.apiKey });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
  });

  it('refuses API keys on GET /v1/users/:id with 403, as the real server does', async () => {
    const res = await call(`${ap.baseUrl}/v1/users/${AP_MEMBER_ID}`, { token: ap.apiKey });
    expect(res.status).toBe(403);
    expect(res.json).toEqual({ code: 'AUTHORIZATION', params: {} });
  });

  it('answers 402 FEATURE_DISABLED for API keys in the community edition, after validation', async () => {
    const ok = await call(`${community.baseUrl}/v1/users/${AP_OWNER_ID}`, { method: 'POST', token: community.apiKey, body: {} });
    expect(ok.status).toBe(402);
    expect(ok.json).toEqual({ code: 'FEATURE_DISABLED', params: { message: 'API keys are not available in this edition' } });

    const invalid = await call(`${community.baseUrl}/v1/users/${AP_OWNER_ID}`, { method: 'POST', token: community.apiKey, body: { status: 'GONE' } });
    expect(invalid.status).toBe(400);
  });

  it('answers unknown routes with Fastify’s 404, before any auth', async () => {
    const res = await call(`${ap.baseUrl}/x?y=1`, { method: 'POST' });
    expect(res.status).toBe(404);
    expect(res.json).toEqual({ statusCode: 404, error: 'Not Found', message: 'Route POST:/api/x?y=1 not found' });

    const wrongMethod = await call(`${ap.baseUrl}/v1/users/${AP_MEMBER_ID}`, { method: 'PATCH', token: ap.apiKey, body: {} });
    expect(wrongMethod.status).toBe(404);
    expect(wrongMethod.json).toEqual({ statusCode: 404, error: 'Not Found', message: `Route PATCH:/api/v1/users/${AP_MEMBER_ID} not found` });
  });
});
