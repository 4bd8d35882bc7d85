import { ApiError, InputError } from '@user-admin-pieces/common';
import { json, rejection, respond, runActionInProcess, useTestServer } from '@user-admin-pieces/common/testing';
import { findUserAction } from '../src/lib/actions/find-user';
import { userLookup } from '../src/lib/common/user-list';
import { API_KEY, authProps, pagedUsers, pathOf, queryOf, user, userId, users } from './helpers';

const live = useTestServer();
const { server } = live;

afterEach(() => {
  userLookup.budgetMs = 120_000;
});

const find = (propsValue: Record<string, unknown>) =>
  runActionInProcess(findUserAction, authProps(`${live.url()}/api`), propsValue);

describe('find_user input', () => {
  it.each([
    [{}],
    [{ email: '', externalId: null }],
    [{ email: '  ', externalId: undefined }],
    [{ email: 'a@example.com', externalId: 'hr-1' }],
  ])('needs exactly one of email and externalId: %p', async (props) => {
    const error = await rejection(find(props));
    expect(error).toBeInstanceOf(InputError);
    expect(error).toMatchObject({ field: 'email, externalId', summary: 'Give exactly one of email or externalId.' });
    expect(server.requests).toHaveLength(0);
  });

  it.each([
    // The engine has already turned a mapped list or object into its JSON text.
    [{ email: ['a@example.com'] }, 'email', 'email got a list where one value belongs: a list or record was mapped from an earlier step. Map a single text value (one item or one field of it).'],
    [{ externalId: { id: 'hr-1' } }, 'externalId', 'externalId got an object where one value belongs: a list or record was mapped from an earlier step. Map a single text value (one item or one field of it).'],
  ])('refuses a mapped value that is not text: %p', async (props, field, summary) => {
    const error = await rejection(find(props));
    expect(error).toBeInstanceOf(InputError);
    expect(error).toMatchObject({ field, summary });
    expect(server.requests).toHaveLength(0);
  });
});

describe('find_user by external id', () => {
  it('uses the API filter and returns the user as the API sent it', async () => {
    const hit = user(5, { externalId: 'hr-5' });
    server.reply(respond(200, { data: [hit], next: null, previous: null }));

    await expect(find({ externalId: ' hr-5 ' })).resolves.toStrictEqual(hit);

    expect(server.requests).toHaveLength(1);
    const [request] = server.requests;
    expect(request.method).toBe('GET');
    expect(pathOf(request)).toBe('/api/v1/users');
    expect(queryOf(request)).toEqual({ limit: '100', externalId: 'hr-5' });
    expect(request.headers.authorization).toBe(`Bearer ${API_KEY}`);
  });

  it('does not take another user from a server that ignores the filter', async () => {
    server.reply(respond(200, { data: [user(1, { externalId: 'hr-1' }), user(2)], next: null, previous: null }));
    const error = await rejection(find({ externalId: 'hr-5' }));
    expect(error).toMatchObject({ field: 'externalId', summary: 'No user with external id "hr-5" on this platform.' });
  });

  it('returns null when told not to fail', async () => {
    server.reply(respond(200, { data: [], next: null, previous: null }));
    await expect(find({ externalId: 'hr-5', failIfNotFound: false })).resolves.toBeNull();
    expect(server.requests).toHaveLength(1);
  });

  it('sends a whole number mapped from a step as its digits', async () => {
    const hit = user(5, { externalId: '4711' });
    server.reply(respond(200, { data: [hit], next: null, previous: null }));
    await expect(find({ externalId: 4711 })).resolves.toStrictEqual(hit);
    expect(queryOf(server.requests[0])).toEqual({ limit: '100', externalId: '4711' });
  });

  it('fails even when told not to, if the server ignored the filter and has more pages', async () => {
    server.reply(respond(200, { data: users(100), next: 'more', previous: null }));
    const error = await rejection(find({ externalId: 'hr-5', failIfNotFound: false }));
    expect(error).toBeInstanceOf(InputError);
    expect(error).toMatchObject({
      field: 'externalId',
      summary:
        'Activepieces ignored the external id filter (it answered with other users), so "hr-5" cannot be looked up this way. Look the user up by email instead.',
    });
    expect(server.requests).toHaveLength(1);
  });
});

describe('find_user by email', () => {
  it('walks every page (a second match may follow the first) and matches without regard to case', async () => {
    const all = [...users(150), user(777, { email: 'Grace.Hopper@Navy.example' }), ...users(300)];
    server.always(pagedUsers(all));

    await expect(find({ email: ' grace.hopper@navy.EXAMPLE ' })).resolves.toStrictEqual(user(777, { email: 'Grace.Hopper@Navy.example' }));
    expect(server.requests.map(queryOf)).toEqual([
      { limit: '100' },
      { limit: '100', cursor: '100' },
      { limit: '100', cursor: '200' },
      { limit: '100', cursor: '300' },
      { limit: '100', cursor: '400' },
    ]);
  });

  it.each([
    [undefined, 'fails by default'],
    [null, 'fails when the checkbox is unset'],
    [true, 'fails when asked to'],
  ])('with failIfNotFound %p it %s', async (failIfNotFound, _behaviour) => {
    server.always(pagedUsers(users(120)));
    const error = await rejection(find({ email: 'nobody@example.com', failIfNotFound }));
    expect(error).toMatchObject({ field: 'email', summary: 'No user with email nobody@example.com on this platform.' });
    expect(server.requests).toHaveLength(2);
  });

  it('returns null when told not to fail', async () => {
    server.always(pagedUsers(users(3)));
    await expect(find({ email: 'nobody@example.com', failIfNotFound: false })).resolves.toBeNull();
  });

  it('finds a user past the 1,000 newest: the whole list is read, to the end', async () => {
    // A long-tenured leaver on a platform of 5,000 users.
    server.always(pagedUsers(users(5000)));
    await expect(find({ email: 'Person1100@example.com' })).resolves.toEqual(user(1100));
    // To the end: a second user with the same email in another case would be further on.
    expect(server.requests).toHaveLength(50);
  });

  it('returns null when told not to fail and every one of 5,000 users was read', async () => {
    server.always(pagedUsers(users(5000)));
    await expect(find({ email: 'nobody@example.com', failIfNotFound: false })).resolves.toBeNull();
    expect(server.requests).toHaveLength(50);
  });

  it.each([
    [undefined, 'nobody@example.com', 'none of them'],
    [false, 'nobody@example.com', 'none of them'],
    [false, 'person3@example.com', 'one of them'],
  ])('fails honestly when the time budget runs out before the end (failIfNotFound %p, %s): not "not found", never null', async (failIfNotFound, email, found) => {
    userLookup.budgetMs = 400;
    // An endless list that answers slowly.
    let page = 0;
    server.always((_request, response) => {
      page += 1;
      const data = page === 1 ? users(100) : users(100).map((candidate, i) => ({ ...candidate, id: `pg${String(page).padStart(4, '0')}${String(i).padStart(14, '0')}`, email: `later${page}.${i}@example.com` }));
      setTimeout(() => json(response, 200, { data, next: String(page * 100), previous: null }), 150);
    });

    const started = Date.now();
    const error = await rejection(find({ email, failIfNotFound }));

    expect(Date.now() - started).toBeLessThan(2000);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ kind: 'timeout' });
    expect(error.message).toMatch(
      new RegExp(
        `^Could not read the whole user list before the time budget ran out \\((100|200|300) newest users read, ${found} with this email\\): Activepieces cannot search users by email, so the list is read page by page, and it answered too slowly\\. Whether exactly one user has the email ${email.replace(/\./g, '\\.')} is unknown\\. Nothing was changed; run the step again later, or give the user's external id\\.$`,
      ),
    );
  });

  it('reports API errors in words', async () => {
    server.reply(respond(401, { code: 'INVALID_BEARER_TOKEN', params: {} }));
    const error = await rejection(find({ email: 'a@example.com' }));
    expect(error).toBeInstanceOf(ApiError);
    expect(error.summary).toBe('Activepieces rejected the API key. Check the key in the connection: it is a platform API key that starts with sk-.');
  });
});

describe('find_user never picks one of several matches', () => {
  it.each([undefined, false])('two users sharing an external id: fails naming both (failIfNotFound %p), after one request', async (failIfNotFound) => {
    const twins = [user(3, { externalId: 'hr-7' }), user(9, { externalId: 'hr-7' })];
    server.reply(respond(200, { data: twins, next: null, previous: null }));
    const error = await rejection(find({ externalId: 'hr-7', failIfNotFound }));
    expect(error).toBeInstanceOf(InputError);
    expect(error).toMatchObject({
      field: 'externalId',
      summary: `2 users match external id "hr-7": ${userId(3)}, ${userId(9)}. Find User returns one user; give each user their own external id, or look the user up by email.`,
    });
    expect(server.requests).toHaveLength(1);
  });

  it('two users sharing an external id on a server that has more pages: says there may be more', async () => {
    const twins = [user(3, { externalId: 'hr-7' }), user(9, { externalId: 'hr-7' }), ...users(98)];
    server.reply(respond(200, { data: twins, next: 'more', previous: null }));
    const error = await rejection(find({ externalId: 'hr-7' }));
    expect(error.summary).toBe(
      `2 users match external id "hr-7" on the first page of 100 users (there may be more): ${userId(3)}, ${userId(9)}. Find User returns one user; give each user their own external id, or look the user up by email.`,
    );
  });

  it('two users whose emails differ only in case: reads every page and names both', async () => {
    const all = [...users(10), user(501, { email: 'Ann.Lee@Shop.example' }), ...users(240), user(502, { email: 'ann.lee@shop.EXAMPLE' }), ...users(200)];
    server.always(pagedUsers(all));
    const error = await rejection(find({ email: 'ann.lee@shop.example' }));
    expect(error).toBeInstanceOf(InputError);
    expect(error).toMatchObject({
      field: 'email',
      summary: `2 users match email ann.lee@shop.example (without regard to case): ${userId(501)}, ${userId(502)}. Find User returns one user; look the user up by External ID instead.`,
    });
    expect(server.requests).toHaveLength(5);
  });

  it('two matches before the time budget ran out are an answer: says there may be more', async () => {
    userLookup.budgetMs = 400;
    let page = 0;
    server.always((_request, response) => {
      page += 1;
      const data = page === 1 ? [user(601, { email: 'dup@example.com' }), user(602, { email: 'DUP@example.com' }), ...users(98)] : users(100).map((candidate, i) => ({ ...candidate, id: `pg${String(page).padStart(4, '0')}${String(i).padStart(14, '0')}` }));
      setTimeout(() => json(response, 200, { data, next: String(page * 100), previous: null }), 150);
    });
    const error = await rejection(find({ email: 'dup@example.com', failIfNotFound: false }));
    expect(error).toBeInstanceOf(InputError);
    expect(error.summary).toMatch(
      new RegExp(
        `^2 users match email dup@example\\.com \\(without regard to case\\) among the (100|200|300) newest users read before the time budget ran out \\(there may be more\\): ${userId(601)}, ${userId(602)}\\. Find User returns one user; look the user up by External ID instead\\.$`,
      ),
    );
  });

  it('names ten ids and counts the rest', async () => {
    const same = Array.from({ length: 13 }, (_, i) => user(700 + i, { externalId: 'shared' }));
    server.reply(respond(200, { data: same, next: null, previous: null }));
    const error = await rejection(find({ externalId: 'shared' }));
    expect(error.summary).toBe(
      `13 users match external id "shared": ${same
        .slice(0, 10)
        .map((u) => u.id)
        .join(', ')} and 3 more. Find User returns one user; give each user their own external id, or look the user up by email.`,
    );
  });
});
