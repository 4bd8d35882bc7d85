import { startActivepiecesSandbox } from '../src/activepieces/server';
import type { ApListPage } from '../src/activepieces/types';
import { AP_OWNER_ID, AP_SEEDED_USER_IDS, AP_UNLINKED_MEMBER_ID } from '../src/seed';
import { call } from './http';
import { useFake } from './fixtures';

const EXTRA_USERS = 250;

describe('Activepieces sandbox: GET /v1/users', () => {
  const ap = useFake(() => startActivepiecesSandbox({ extraUsers: EXTRA_USERS }));

  const list = async (query = '') => {
    const res = await call(`${ap.baseUrl}/v1/users${query}`, { token: ap.apiKey });
    return { status: res.status, page: res.json as ApListPage, json: res.json };
  };

  it('returns 10 users by default, newest first, with a next cursor', async () => {
    const { status, page } = await list();
    expect(status).toBe(200);
    expect(page.data).toHaveLength(10);
    expect(page.data[0].id).toBe(AP_UNLINKED_MEMBER_ID);
    expect(page.previous).toBeNull();
    expect(typeof page.next).toBe('string');
    const created = page.data.map((user) => user.created);
    expect([...created].sort().reverse()).toEqual(created);
  });

  it('walks every user of the platform exactly once by following next, and back with previous', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    let lastPage: ApListPage | undefined;
    do {
      const query: string = cursor ? `?limit=100&cursor=${encodeURIComponent(cursor)}` : '?limit=100';
      const { status, page } = await list(query);
      expect(status).toBe(200);
      seen.push(...page.data.map((user) => user.id));
      cursor = page.next;
      lastPage = page;
      pages++;
    } while (cursor);

    expect(pages).toBe(3);
    expect(seen).toHaveLength(EXTRA_USERS + AP_SEEDED_USER_IDS.length);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual(expect.arrayContaining([...AP_SEEDED_USER_IDS]));
    expect(seen.at(-1)).toBe('genUser00000000000001');

    const back = await list(`?limit=100&cursor=${encodeURIComponent(lastPage?.previous ?? '')}`);
    expect(back.page.data.map((user) => user.id)).toEqual(seen.slice(100, 200));
  });

  it('refuses limit above 100 with Fastify’s validation error', async () => {
    const res = await list('?limit=101');
    expect(res.status).toBe(400);
    expect(res.json).toEqual({
      statusCode: 400,
      code: 'FST_ERR_VALIDATION',
      error: 'Bad Request',
      message: 'querystring/limit Too big: expected number to be <=100',
    });
  });

  it('refuses a cursor it did not issue', async () => {
    const res = await list('?cursor=bm90LWEtY3Vyc29y');
    expect(res.status).toBe(400);
    expect((res.json as { message: string }).message).toBe('querystring/cursor Invalid cursor');
  });

  it('filters by exact externalId within the key’s platform only', async () => {
    const { status, page } = await list('?externalId=hr-1001');
    expect(status).toBe(200);
    expect(page).toEqual({ data: [ap.user(AP_OWNER_ID)], next: null, previous: null });

    const none = await list('?externalId=hr-100');
    expect(none.page).toEqual({ data: [], next: null, previous: null });
  });
});
