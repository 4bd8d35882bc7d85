import { generatedUserId, seedActivepiecesUsers } from '../src/activepieces/seed-users';
import type { ApListPage } from '../src/activepieces/types';
import { generatedStaffUserId, seedStaffUsers } from '../src/merchant/seed-users';
import type { StaffUserPage } from '../src/merchant/types';
import { startSandbox } from '../src/sandbox';
import { AP_SEEDED_USER_IDS, MERCHANT_SEEDED_USER_IDS } from '../src/seed';
import { call } from './http';
import { useFake } from './fixtures';

const USERS = 10_000;

describe('Sandbox with --users 10000', () => {
  const sandbox = useFake(() => startSandbox({ users: USERS }));

  it('seeds the generated users on both fakes, besides the named ones', () => {
    // The Activepieces store also holds the one user of the other platform.
    expect(sandbox.activepieces.users()).toHaveLength(USERS + AP_SEEDED_USER_IDS.length + 1);
    expect(sandbox.activepieces.user(generatedUserId(USERS))?.email).toBe(`generated.user${USERS}@example.com`);
    expect(sandbox.merchant.users()).toHaveLength(USERS + MERCHANT_SEEDED_USER_IDS.length);
    expect(sandbox.merchant.user(generatedStaffUserId(USERS))).toMatchObject({ fullName: 'Generated Staff 010000', email: 'generated.staff.010000@example.com' });
  });

  it('pages every Activepieces user exactly once by cursor, newest first', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `limit=100&cursor=${cursor}` : 'limit=100';
      const page = (await call(`${sandbox.activepieces.baseUrl}/v1/users?${query}`, { token: sandbox.activepieces.apiKey })).json as ApListPage;
      seen.push(...page.data.map((user) => user.id));
      cursor = page.next;
    } while (cursor);
    expect(seen).toHaveLength(USERS + AP_SEEDED_USER_IDS.length);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.at(-1)).toBe(generatedUserId(1));
  });

  it('pages every merchant user exactly once by page number, in name order', async () => {
    const seen: string[] = [];
    for (let page = 1; ; page++) {
      const answer = (await call(`${sandbox.merchant.baseUrl}/api/Users?pageSize=100&page=${page}`, { token: sandbox.merchant.token })).json as StaffUserPage;
      expect(answer.totalCount).toBe(USERS + MERCHANT_SEEDED_USER_IDS.length);
      seen.push(...answer.items.map((user) => user.id));
      if (answer.items.length < 100) break;
    }
    expect(seen).toHaveLength(USERS + MERCHANT_SEEDED_USER_IDS.length);
    expect(new Set(seen).size).toBe(seen.length);
    // Zero-padded names sort numerically, so the generated users come in id order.
    const generated = seen.filter((id) => id.startsWith('00000000-'));
    expect(generated).toEqual(Array.from({ length: USERS }, (_, index) => generatedStaffUserId(index + 1)));
  });

  it('keeps the name order right after a rename moves a user', async () => {
    const id = generatedStaffUserId(5);
    const renamed = { firstName: 'Aaa', lastName: 'Aardvark', email: 'aaa.aardvark@example.com', role: 'Staff', isActive: true };
    expect((await call(`${sandbox.merchant.baseUrl}/api/Users/${id}`, { method: 'PUT', token: sandbox.merchant.token, body: renamed })).status).toBe(200);
    const first = (await call(`${sandbox.merchant.baseUrl}/api/Users?pageSize=1`, { token: sandbox.merchant.token })).json as StaffUserPage;
    expect(first.items.map((user) => user.id)).toEqual([id]);
    // The old email is free again, the new one taken.
    const other = { ...renamed, email: 'generated.staff.000005@example.com' };
    expect((await call(`${sandbox.merchant.baseUrl}/api/Users/${generatedStaffUserId(6)}`, { method: 'PUT', token: sandbox.merchant.token, body: other })).status).toBe(200);
    const clash = await call(`${sandbox.merchant.baseUrl}/api/Users/${generatedStaffUserId(7)}`, { method: 'PUT', token: sandbox.merchant.token, body: renamed });
    expect(clash.status).toBe(400);
  });
});

describe('Generated users', () => {
  it('are the same every time: same ids and emails', () => {
    const ids = (users: { id: string; email: string }[]) => users.map(({ id, email }) => `${id} ${email}`);
    expect(ids(seedActivepiecesUsers(500))).toEqual(ids(seedActivepiecesUsers(500)));
    expect(ids(seedStaffUsers(500))).toEqual(ids(seedStaffUsers(500)));
  });

  it('have unique, lower-case emails and unique ids at 50,000', () => {
    for (const users of [seedActivepiecesUsers(50_000), seedStaffUsers(50_000)]) {
      const emails = users.map((user) => user.email);
      expect(new Set(emails).size).toBe(users.length);
      expect(new Set(users.map((user) => user.id.toLowerCase())).size).toBe(users.length);
      expect(emails.filter((email) => email !== email.toLowerCase())).toEqual([]);
    }
  });

  it('refuses a user count that is not a whole number with a sentence', async () => {
    await expect(startSandbox({ users: -5 })).rejects.toThrow(new Error('The sandbox option users must be a whole number from 0 to 200000, got -5.'));
    await expect(startSandbox({ merchant: { extraUsers: 1.5 } })).rejects.toThrow(
      new Error('The sandbox option merchant.extraUsers must be a whole number from 0 to 200000, got 1.5.'),
    );
  });
});
