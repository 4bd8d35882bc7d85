// Hostile review of find_user, update_user by email and the read-merge-write: lists that lie about
// their paging, a user whose email moved on between the list and the read, a name found once in a
// list that was not read to the end, servers that echo the token, and odd emails, against per-test
// servers, the sandbox merchant fake (5,000 users, latency) and the engine's child process.
import { InputError } from '@user-admin-pieces/common';
import { json, rejection, respond, runActionInProcess, useTestServer } from '@user-admin-pieces/common/testing';
import { MerchantSandbox } from '@user-admin-pieces/sandbox';
import { findUserAction } from '../src/lib/actions/find-user';
import { updateUserAction } from '../src/lib/actions/update-user';
import { authProps, echoPut, manyUsers, pagedUsers, requestLines, sandboxAuth, staffUser, TOKEN, USER_ID, useMerchantSandbox, usePieceChild } from './helpers';

const { server, url: baseUrl } = useTestServer();
const find = (propsValue: Record<string, unknown>) => runActionInProcess(findUserAction, authProps(baseUrl()), propsValue);
const update = (propsValue: Record<string, unknown>) => runActionInProcess(updateUserAction, authProps(baseUrl()), propsValue);
const requested = () => server.requests.map((r) => `${r.method} ${r.path}`);
const page = (n: number) => `GET /api/Users?page=${n}&pageSize=100`;
const pageOf = (path: string) => Number(new URL(path, 'http://x').searchParams.get('page'));

describe('a list that ends before the users it counts', () => {
  // Pages numbered from 0: `page=1` is the second hundred, so the first hundred is never seen.
  const zeroBased = (users: Record<string, unknown>[]) =>
    server.always((req, res) => {
      const n = pageOf(req.path);
      json(res, 200, { items: users.slice(n * 100, (n + 1) * 100), totalCount: users.length, page: n, pageSize: 100 });
    });

  it('is not read to the end: Find User never answers null for a user it may have skipped', async () => {
    zeroBased(manyUsers(250));
    const error = await rejection(find({ email: 'user0001@shop.example', failIfNotFound: false }), InputError);
    expect(error.message).toBe(
      'No staff user matches email user0001@shop.example (without regard to case) among the 150 users read; the list was not read to the end (the list ended after 150 of the 250 users it counts), so the user may still exist.',
    );
    expect(requested()).toEqual([page(1), page(2), page(3)]);
  });

  it('pages that overlap do not count a user twice toward totalCount: the walk goes on to the users not yet seen', async () => {
    const users = manyUsers(200);
    // Page 2 starts 50 users early (an offset bug, or 50 users added at the top meanwhile).
    server.always((req, res) => {
      const n = pageOf(req.path);
      const start = n === 1 ? 0 : (n - 1) * 100 - 50;
      json(res, 200, { items: users.slice(start, start + 100), totalCount: 200, page: n, pageSize: 100 });
    });
    expect(await find({ email: 'user0180@shop.example' })).toMatchObject({ id: 'u0180' });
    expect(requested()).toEqual([page(1), page(2), page(3)]);
  });

  it('a bare array of exactly the page size asked for may be a page: the next one is read', async () => {
    const users = manyUsers(250);
    server.always((req, res) => json(res, 200, users.slice((pageOf(req.path) - 1) * 100, pageOf(req.path) * 100)));
    expect(await find({ email: 'user0200@shop.example' })).toMatchObject({ id: 'u0200' });
    expect(requested()).toEqual([page(1), page(2), page(3)]);
  });

  it('a bare array of 100 that comes back again for page 2 (an API that does not page) is not read to the end', async () => {
    server.always((req, res) => json(res, 200, manyUsers(100)));
    const error = await rejection(find({ email: 'nobody@shop.example', failIfNotFound: false }), InputError);
    expect(error.message).toBe(
      'No staff user matches email nobody@shop.example (without regard to case) among the 100 users read; the list was not read to the end (page 2 held only users already read, so the API may not page this list), so the user may still exist.',
    );
  });

  it('a bare array of another size is the whole list: one request', async () => {
    server.always((req, res) => json(res, 200, manyUsers(150)));
    expect(await find({ email: 'nobody@shop.example', failIfNotFound: false })).toBeNull();
    expect(requested()).toEqual([page(1)]);
  });

  it('a last page exactly full, without totalCount, costs one empty page more and is complete', async () => {
    const users = manyUsers(200);
    server.always((req, res) => {
      const n = pageOf(req.path);
      json(res, 200, { items: users.slice((n - 1) * 100, n * 100), page: n, pageSize: 100 });
    });
    expect(await find({ email: 'nobody@shop.example', failIfNotFound: false })).toBeNull();
    expect(requested()).toEqual([page(1), page(2), page(3)]);
  });
});

describe('a lookup cut short says how far it got, in numbers a person reads', () => {
  it('a 500 on page 26 of 3,000 users: never "not found", even with Fail if not found off', async () => {
    const users = pagedUsers(manyUsers(3000));
    server.always((req, res) => (pageOf(req.path) === 26 ? respond(500, {}, { 'retry-after': '0' }) : users)(req, res));
    const error = await rejection(find({ email: 'user2999@shop.example', failIfNotFound: false }), InputError);
    expect(error.message).toBe(
      'No staff user matches email user2999@shop.example (without regard to case) among the 2,500 users read; the list was not read to the end (reading page 26 failed: Merchant staff API answered 500 (server error). The server had a problem; run the step again later), so the user may still exist.',
    );
    expect(server.requests).toHaveLength(25 + 3);
  }, 30_000);

  it('a list that never ends: the 500-page bound, said as pages, not as a user count the page size contradicts', async () => {
    server.always((req, res) => {
      const n = pageOf(req.path);
      json(res, 200, { items: [{ id: `u${n}`, email: `user${n}@shop.example` }], totalCount: 1_000_000, page: n, pageSize: 1 });
    });
    const error = await rejection(find({ email: 'nobody@shop.example' }), InputError);
    expect(error.message).toBe(
      'No staff user matches email nobody@shop.example (without regard to case) among the 500 users read; the list was not read to the end (a lookup reads at most 500 pages of the list), so the user may still exist.',
    );
  }, 30_000);
});

describe('a page far larger than asked for', () => {
  it('is cut at the 8 MiB bound: the lookup fails saying so, it does not wait or grow without end', async () => {
    const items = Array.from({ length: 120_000 }, (_, i) => ({ id: `id${i}`, email: `someone${i}@shop.example`, notes: 'x'.repeat(20) }));
    server.always(respond(200, { items, totalCount: items.length }));
    const error = await rejection(find({ email: 'nobody@shop.example', failIfNotFound: false }));
    expect(error.message).toMatch(/^Could not read the user list \(GET \/api\/Users\): Merchant staff API at 127\.0\.0\.1:\d+ answered with more than 8 MiB, far more than any answer this piece expects; the rest was not read\.$/);
    expect(requested()).toEqual([page(1)]);
  });
});

describe('find_user by name on a list not read to the end', () => {
  it('one match is not taken for the only one: another user of that name may be on a page not read', async () => {
    server.reply(pagedUsers([staffUser({ id: 'a1', firstName: 'Ann', lastName: 'Lee' }), ...manyUsers(150)])).always(respond(503, {}, { 'retry-after': '0' }));
    const error = await rejection(find({ name: 'ann lee' }), InputError);
    expect(error.message).toBe(
      'Only a1 matches name "ann lee" among the 100 users read, but the list was not read to the end (reading page 2 failed: Merchant staff API answered 503 (service unavailable). The server had a problem; run the step again later), so another user may have that name too. Find User returns a user only when it is the only match: run the step again, or look the user up by email instead.',
    );
    expect(error).toMatchObject({ field: 'name' });
  });

  describe("in the engine's child process", () => {
    const runChild = usePieceChild();

    it('fails as the builder shows it, even with Fail if not found off as the engine passes it', async () => {
      const users = manyUsers(250).map((user, i) => (i === 0 ? { ...user, firstName: 'Ann', lastName: 'Lee' } : user));
      // A paged API without an envelope: bare arrays of 100, then the server fails.
      server.always((req, res) =>
        pageOf(req.path) === 1 ? json(res, 200, users.slice(0, 100)) : respond(503, {}, { 'retry-after': '0' })(req, res),
      );
      const outcome = await runChild('find_user', { name: 'Ann Lee', failIfNotFound: 'false' }, authProps(baseUrl()));
      expect(outcome).toMatchObject({ ok: false });
      expect(!outcome.ok && outcome.error.message).toMatch(/^Only u0001 matches name "Ann Lee" among the 100 users read, but the list was not read to the end \(reading page 2 failed: /);
    });
  });

  it('by email the one match stands (the API keeps emails unique): the user is returned', async () => {
    server.reply(pagedUsers([staffUser(), ...manyUsers(150)])).always(respond(503, {}, { 'retry-after': '0' }));
    expect(await find({ email: 'JANE@shop.example' })).toEqual(staffUser());
  });

  it("a name that is one user's first name and another's last name matches both", async () => {
    server.always(pagedUsers([staffUser({ id: 'a1', firstName: 'Lee', lastName: 'Smith' }), staffUser({ id: 'b2', firstName: 'Ann', lastName: 'Lee' })]));
    const error = await rejection(find({ name: ' LEE ' }), InputError);
    expect(error.message).toBe('2 staff users match name "LEE": a1, b2. Find User returns one user; look the user up by email instead.');
  });
});

describe('odd emails and odd list entries', () => {
  it('a +tag address and a Turkish İ stored as typed are found; entries without an id or with a numeric email are skipped', async () => {
    server.always(
      pagedUsers([
        { email: 'ghost@shop.example' },
        { id: 42, email: 'ghost@shop.example' },
        { id: 'n1', email: 12345 },
        staffUser({ id: 't1', email: 'jane+hr@shop.example' }),
        staffUser({ id: 't2', email: 'İnci@shop.example' }),
      ]),
    );
    expect(await find({ email: 'Jane+HR@shop.example ' })).toMatchObject({ id: 't1' });
    expect(await find({ email: 'İnci@SHOP.example' })).toMatchObject({ id: 't2' });
    expect(await find({ email: 'ghost@shop.example', failIfNotFound: false })).toBeNull();
  });

  it.each([['jane＠shop.example'], ['jane@shop.example, john@shop.example'], ['["jane@shop.example"]']])('refuses %j before any request', async (email) => {
    await rejection(find({ email }), InputError);
    await rejection(update({ userId: email, status: 'INACTIVE' }), InputError);
    expect(server.requests).toHaveLength(0);
  });
});

describe('the token echoed by the server', () => {
  it('in a failing page and in a listed user: in no output or sentence', async () => {
    const firstPage = pagedUsers([staffUser({ notes: `token ${TOKEN}` }), ...manyUsers(150)]);
    const failing = respond(500, { title: `Bad token ${TOKEN}`, detail: `Authorization: Bearer ${TOKEN}` }, { 'retry-after': '0' });
    server.always((req, res) => (pageOf(req.path) === 1 ? firstPage : failing)(req, res));
    const found = await find({ email: 'jane@shop.example' });
    const error = await rejection(find({ email: 'nobody@shop.example' }), InputError);
    expect(error.message).toContain('reading page 2 failed: Merchant staff API answered 500 (server error): Authorization: Bearer [redacted].');
    for (const text of [JSON.stringify(found), error.message]) {
      for (let i = 0; i + 8 <= TOKEN.length; i++) expect(text).not.toContain(TOKEN.slice(i, i + 8));
    }
  });
});

describe('update_user given an email: the user read must still have that email', () => {
  it('a user whose email changed after the list was read is not written', async () => {
    server.reply(pagedUsers([staffUser()]), respond(200, staffUser({ email: 'jane.new@shop.example' }), { etag: '"v2"' }), echoPut());
    const error = await rejection(update({ userId: 'jane@shop.example', status: 'INACTIVE' }), InputError);
    expect(error.message).toBe(
      `User ${USER_ID} was found by email jane@shop.example, but read just now their email is jane.new@shop.example: the user changed after the user list was read. Nothing was written; run the step again to look the email up afresh.`,
    );
    expect(error).toMatchObject({ field: 'userId' });
    expect(requested()).toEqual([page(1), `GET /api/Users/${USER_ID}`]);
  });

  describe("in the engine's child process", () => {
    const runChild = usePieceChild();

    it('the email moved on: refused as the builder shows it, nothing written', async () => {
      server.reply(pagedUsers([staffUser()]), respond(200, staffUser({ email: 'someone.else@shop.example' })), echoPut());
      const outcome = await runChild('update_user', { userId: 'jane@shop.example', status: 'INACTIVE' }, authProps(baseUrl()));
      expect(outcome).toMatchObject({ ok: false });
      expect(!outcome.ok && outcome.error.message).toBe(
        `User ${USER_ID} was found by email jane@shop.example, but read just now their email is someone.else@shop.example: the user changed after the user list was read. Nothing was written; run the step again to look the email up afresh.`,
      );
      expect(requested()).toEqual([page(1), `GET /api/Users/${USER_ID}`]);
    });
  });

  it('the same email in another case is that user: read, merged and written, the audit naming the id', async () => {
    server.reply(pagedUsers([staffUser()]), respond(200, staffUser({ email: 'Jane@Shop.Example', phone: '+1 555' }), { etag: '"v2"' }), echoPut());
    const result = await update({ userId: 'JANE@shop.example', status: 'INACTIVE' });
    expect(requested()).toEqual([page(1), `GET /api/Users/${USER_ID}`, `PUT /api/Users/${USER_ID}`]);
    expect(JSON.parse(server.requests[2].body)).toEqual({
      id: USER_ID,
      firstName: 'Jane',
      lastName: 'Doe',
      email: 'Jane@Shop.Example',
      role: 'Staff',
      isActive: false,
      phone: '+1 555',
    });
    expect(server.requests[2].headers['if-match']).toBe('"v2"');
    expect(result).toMatchObject({ change: { applied: true, audit: { target: USER_ID, attempts: 3 } } });
  });
});

describe('the owner guard on lists that page oddly', () => {
  const owner = staffUser({ role: 'Owner' });
  const otherOwner = (index: number) => (user: Record<string, unknown>, i: number) => (i === index ? { ...user, role: 'Owner', isActive: true } : user);
  /** The user's read and write, with `list` answering the list pages. */
  const serve = (list: (n: number) => unknown) =>
    server.always((req, res) => {
      if (req.method === 'PUT') return echoPut()(req, res);
      if (req.path.startsWith(`/api/Users/${USER_ID}`)) return json(res, 200, owner, { etag: '"v1"' });
      return json(res, 200, list(pageOf(req.path)));
    });
  const deactivate = () => update({ userId: USER_ID, status: 'INACTIVE' });

  it('an API that ignores `page` is not taken to show that no other Owner remains: could not check, nothing written', async () => {
    serve(() => ({ items: [owner, ...manyUsers(99)], totalCount: 150, page: 1, pageSize: 100 }));
    const error = await rejection(deactivate(), InputError);
    expect(error.message).toBe(
      "Could not check that Jane Doe is not the last active Owner of this merchant: page 2 held only users already read, so the API may not page this list. Nothing was written; deactivate or demote this Owner in the merchant's own admin instead.",
    );
    expect(requested()).toEqual([`GET /api/Users/${USER_ID}`, page(1), page(2)]);
  });

  it('an empty page short of totalCount: could not check, nothing written', async () => {
    const users = [owner, ...manyUsers(99)];
    serve((n) => ({ items: n === 1 ? users : [], totalCount: 150, page: n, pageSize: 100 }));
    const error = await rejection(deactivate(), InputError);
    expect(error.message).toBe(
      "Could not check that Jane Doe is not the last active Owner of this merchant: the list ended after 100 of the 150 users it counts. Nothing was written; deactivate or demote this Owner in the merchant's own admin instead.",
    );
  });

  it('a bare array of exactly 100 is read on, and the Owner on page 2 lets the deactivation through', async () => {
    const users = [owner, ...manyUsers(149).map(otherOwner(120))];
    serve((n) => users.slice((n - 1) * 100, n * 100));
    expect(await deactivate()).toMatchObject({ change: { applied: true } });
    expect(requested()).toEqual([`GET /api/Users/${USER_ID}`, page(1), page(2), `PUT /api/Users/${USER_ID}`]);
  });

  it('overlapping pages: a repeated user does not count toward totalCount, so the Owner on page 3 is found', async () => {
    const users = [owner, ...manyUsers(199).map(otherOwner(180))];
    serve((n) => {
      const start = n === 1 ? 0 : (n - 1) * 100 - 50;
      return { items: users.slice(start, start + 100), totalCount: 200, page: n, pageSize: 100 };
    });
    expect(await deactivate()).toMatchObject({ change: { applied: true } });
    expect(requested()).toEqual([`GET /api/Users/${USER_ID}`, page(1), page(2), page(3), `PUT /api/Users/${USER_ID}`]);
  });
});

describe('against the sandbox merchant fake limiting requests to 4 a second', () => {
  const live = useMerchantSandbox({ extraUsers: 1000, rateLimitPerSecond: 4 });

  it('Find User waits out the 429s and still reads every page once it is let through', async () => {
    const sandbox = live();
    const last = sandbox.users().at(-1) as { email: string; id: string };
    expect(await runActionInProcess(findUserAction, sandboxAuth(sandbox), { email: last.email })).toMatchObject({ id: last.id });
    const served = sandbox.requests.filter((r) => !r.rateLimited).map((r) => Number(r.query['page']));
    expect(served).toEqual(Array.from({ length: Math.ceil(sandbox.users().length / 100) }, (_, i) => i + 1));
  }, 60_000);
});

describe('against the sandbox merchant fake with 5,000 more users and latency', () => {
  const live = useMerchantSandbox({ extraUsers: 5000, latencyMs: 2 });
  let sandbox: MerchantSandbox;
  beforeEach(() => {
    sandbox = live();
  });

  it('Find User reads every page once and finds the last user; nobody is an honest null', async () => {
    const last = sandbox.users().at(-1) as { email: string; id: string };
    const pages = Math.ceil(sandbox.users().length / 100);
    const found = await runActionInProcess(findUserAction, sandboxAuth(sandbox), { email: last.email.toUpperCase() });
    expect(found).toMatchObject({ id: last.id });
    expect(requestLines(sandbox)).toEqual(Array.from({ length: pages }, (_, i) => page(i + 1)));
    expect(await runActionInProcess(findUserAction, sandboxAuth(sandbox), { email: 'nobody@example.com', failIfNotFound: false })).toBeNull();
  }, 60_000);

  describe("in the engine's child process", () => {
    const runChild = usePieceChild();

    it('a list mapped as JSON text into User is refused as the builder shows it, with no request', async () => {
      const outcome = await runChild('update_user', { userId: '["grace.hopper@example.com"]', status: 'INACTIVE' }, sandboxAuth(sandbox));
      expect(outcome).toMatchObject({ ok: false });
      expect(!outcome.ok && outcome.error.message).toBe(
        'User got a list where one value belongs: a list or record was mapped from an earlier step. Map a single text value (one item or one field of it).',
      );
      expect(sandbox.requests).toHaveLength(0);
    });

    it('a GUID in upper case updates that user, keeping phone and notes', async () => {
      const id = sandbox.docsUserId.toLowerCase();
      const before = sandbox.user(id);
      const outcome = await runChild('update_user', { userId: id.toUpperCase(), role: 'Admin' }, sandboxAuth(sandbox));
      expect(outcome).toMatchObject({ ok: true, value: { change: { applied: true, audit: { target: id.toUpperCase() } } } });
      expect(sandbox.user(id)).toEqual({ ...before, role: 'Admin', updatedAt: expect.any(String) });
      expect(requestLines(sandbox)).toEqual([`GET /api/Users/${id.toUpperCase()}`, `PUT /api/Users/${id.toUpperCase()}`]);
    });
  });
});
