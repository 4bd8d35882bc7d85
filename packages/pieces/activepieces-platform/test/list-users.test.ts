// List Users: the whole list within a time budget, filtered in the piece, as compact rows.
import { InputError } from '@user-admin-pieces/common';
import { rejection, runActionInProcess, useTestServer } from '@user-admin-pieces/common/testing';
import { ActivepiecesSandbox, startActivepiecesSandbox } from '@user-admin-pieces/sandbox';
import { listUsersAction, UserListing } from '../src/lib/actions/list-users';
import { matchesFilter, parseUserFilter, userRow } from '../src/lib/common/user-filter';
import { useEngineChild } from './engine-child';
import { API_KEY, authProps, pagedUsers, pathOf, queryOf, user, userId, users } from './helpers';

const live = useTestServer();
const { server } = live;
const runInChild = useEngineChild();

const list = (propsValue: Record<string, unknown>) =>
  runActionInProcess(listUsersAction, authProps(`${live.url()}/api/v1`), propsValue) as Promise<UserListing>;

const DAY = 86_400_000;
const daysAgo = (days: number) => new Date(Date.now() - days * DAY).toISOString();

describe('list_users', () => {
  it('reads every page (no cut at 10 pages) with the exact requests, and returns compact rows', async () => {
    server.always(pagedUsers(users(1_150)));

    const output = await list({});

    expect(output.complete).toBe(true);
    expect(output.scanned).toBe(1_150);
    expect(output.matched).toBe(1_150);
    expect(output.summary).toBe('Read all 1150 users of the platform: 1150 users match.');
    expect(output.users[0]).toStrictEqual({
      id: userId(1),
      email: 'person1@example.com',
      name: 'First1 Last1',
      status: 'ACTIVE',
      platformRole: 'MEMBER',
      externalId: null,
      lastActiveDate: null,
      created: '2026-01-01T00:00:00.000Z',
    });
    expect(server.requests).toHaveLength(12);
    expect(server.requests.map(queryOf)).toEqual([
      { limit: '100' },
      ...Array.from({ length: 11 }, (_, i) => ({ limit: '100', cursor: String((i + 1) * 100) })),
    ]);
    for (const request of server.requests) {
      expect(request.method).toBe('GET');
      expect(pathOf(request)).toBe('/api/v1/users');
      expect(request.headers.authorization).toBe(`Bearer ${API_KEY}`);
    }
  });

  it('filters by status, platform role, email domain and inactivity in the piece', async () => {
    const all = [
      user(1, { status: 'INACTIVE', platformRole: 'ADMIN', email: 'a@Acme.com' }),
      user(2, { status: 'ACTIVE', platformRole: 'MEMBER', email: 'b@acme.com', lastActiveDate: daysAgo(100) }),
      user(3, { status: 'ACTIVE', platformRole: 'MEMBER', email: 'c@acme.com', lastActiveDate: daysAgo(3) }),
      user(4, { status: 'ACTIVE', platformRole: 'MEMBER', email: 'd@sub.acme.com', lastActiveDate: daysAgo(200) }),
      user(5, { status: 'ACTIVE', platformRole: 'MEMBER', email: 'e@acme.com', lastActiveDate: null, created: daysAgo(400) }),
      user(6, { status: 'ACTIVE', platformRole: 'MEMBER', email: 'f@acme.com', lastActiveDate: null, created: daysAgo(2) }),
      user(7, { status: 'ACTIVE', platformRole: 'OPERATOR', email: 'g@acme.com', lastActiveDate: daysAgo(365) }),
    ];
    server.always(pagedUsers(all));

    const output = await list({ status: 'active', platformRole: 'MEMBER', emailDomain: '@ACME.com', inactiveForDays: '90' });

    expect(output.users.map((row) => row.id)).toEqual([userId(2), userId(5)]);
    expect(output).toMatchObject({ matched: 2, scanned: 7, complete: true, summary: 'Read all 7 users of the platform: 2 users match.' });
    // The API is asked for the list only: it cannot filter by any of these.
    expect(server.requests.map(queryOf)).toEqual([{ limit: '100' }]);
  });

  it.each([
    [{ status: 'gone' }, 'status', 'status must be one of ACTIVE, INACTIVE (got "gone").'],
    [{ platformRole: 'OWNER' }, 'platformRole', 'platformRole must be one of ADMIN, MEMBER, OPERATOR (got "OWNER").'],
    [{ emailDomain: 'grace@acme.com' }, 'emailDomain', 'emailDomain must be a domain such as example.com, without a name before it (got "grace@acme.com").'],
    [{ inactiveForDays: 0 }, 'inactiveForDays', 'inactiveForDays must be a whole number from 1 to 36500 (got "0").'],
    [{ inactiveForDays: 2.5 }, 'inactiveForDays', 'inactiveForDays must be a whole number from 1 to 36500 (got "2.5").'],
    [{ timeBudgetSeconds: 501 }, 'timeBudgetSeconds', 'timeBudgetSeconds must be a whole number from 1 to 500 (got "501").'],
  ])('refuses %p before any request', async (props, field, summary) => {
    const error = await rejection(list(props));
    expect(error).toBeInstanceOf(InputError);
    expect(error).toMatchObject({ field, summary });
    expect(server.requests).toHaveLength(0);
  });

  it('says honestly when the time budget ran out, with what it read so far', async () => {
    const all = users(300);
    const pages = pagedUsers(all);
    server.reply(pages);
    // The second page would come after the budget: the step returns instead of failing.
    server.always(() => undefined);

    const output = await list({ timeBudgetSeconds: 1, emailDomain: 'example.com' });

    expect(output).toMatchObject({
      complete: false,
      scanned: 100,
      matched: 100,
      summary:
        'Not complete: the 1 s time budget ran out after the 100 newest users (100 users match); older users were not read. Raise Time Budget, or run the step again when Activepieces answers faster.',
    });
    expect(server.requests).toHaveLength(2);
  });

  it('runs in the engine\'s child process: a number prop mapped as text, the listing back over IPC', async () => {
    server.always(pagedUsers([user(1, { platformRole: 'ADMIN' }), user(2)]));

    const outcome = await runInChild('list_users', live.url, { platformRole: 'ADMIN', timeBudgetSeconds: '30' });

    expect(outcome.ok).toBe(true);
    expect(outcome.ok && outcome.value).toStrictEqual({
      users: [userRow(user(1, { platformRole: 'ADMIN' }))],
      matched: 1,
      scanned: 2,
      complete: true,
      summary: 'Read all 2 users of the platform: 1 user matches.',
    });
    expect(server.requests).toHaveLength(1);
  });
});

describe('matchesFilter', () => {
  const now = Date.parse('2026-12-01T00:00:00.000Z');
  it.each([
    ['active 10 days ago, filter 10 days', { lastActiveDate: '2026-11-21T00:00:00.000Z' }, 10, true],
    ['active 9 days ago, filter 10 days', { lastActiveDate: '2026-11-22T00:00:00.000Z' }, 10, false],
    ['never active, created 30 days ago, filter 10', { lastActiveDate: null, created: '2026-11-01T00:00:00.000Z' }, 10, true],
    ['never active, created 5 days ago, filter 10', { lastActiveDate: null, created: '2026-11-26T00:00:00.000Z' }, 10, false],
    ['an unreadable date is not taken for old', { lastActiveDate: 'yesterday' }, 10, false],
  ])('%s', (_name, overrides, days, expected) => {
    expect(matchesFilter(user(1, overrides), parseUserFilter({ inactiveForDays: days }), now)).toBe(expected);
  });

  it('matches the domain exactly, not a subdomain or a longer domain', () => {
    const filter = parseUserFilter({ emailDomain: 'acme.com' });
    expect(matchesFilter(user(1, { email: 'x@ACME.COM' }), filter, now)).toBe(true);
    expect(matchesFilter(user(1, { email: 'x@eu.acme.com' }), filter, now)).toBe(false);
    expect(matchesFilter(user(1, { email: 'x@notacme.com' }), filter, now)).toBe(false);
  });
});

describe('list_users against the sandbox', () => {
  let sandbox: ActivepiecesSandbox;
  beforeAll(async () => {
    sandbox = await startActivepiecesSandbox({ extraUsers: 1_050 });
  });
  afterAll(() => sandbox.close());

  it("lists every user of the key's platform, past the first thousand, and filters as the stored data says", async () => {
    const mine = sandbox.users().filter((stored) => stored.platformId === sandbox.platformId);
    const output = (await runActionInProcess(listUsersAction, authProps(sandbox.baseUrl, sandbox.apiKey), { status: 'INACTIVE' })) as UserListing;

    expect(output.complete).toBe(true);
    expect(output.scanned).toBe(mine.length);
    expect(output.users.map((row) => row.id).sort()).toEqual(mine.filter((stored) => stored.status === 'INACTIVE').map((stored) => stored.id).sort());
    expect(sandbox.requests.every((request) => request.method === 'GET' && request.path === '/api/v1/users')).toBe(true);
    expect(sandbox.requests).toHaveLength(Math.ceil(mine.length / 100));
  });
});
