import {
  customAuthValue,
  fakeDateAndTimers,
  fakeDateOnly,
  htmlPage,
  json,
  propertyContext,
  respond,
  settlesAfter,
  untilRequests,
  useTestServer,
} from '@user-admin-pieces/common/testing';
import { updateUserAction } from '../src/lib/actions/update-user';
import { MerchantStaffAuthProps } from '../src/lib/common/client';
import { readUserPage, userLabel, userOptions } from '../src/lib/common/user-list';
import { authProps, BAD_TOKEN_SENTENCE, manyUsers, pagedUsers, TOKEN } from './helpers';

const { server, url: baseUrl } = useTestServer();

function options(props?: MerchantStaffAuthProps, searchValue?: string) {
  return updateUserAction.props.userId.options({ auth: props && customAuthValue(props) }, propertyContext(searchValue));
}

const pathsRequested = () => server.requests.map((r) => r.path);
const listPath = (page: number, search?: string) =>
  `/api/Users?page=${page}&pageSize=100${search === undefined ? '' : `&search=${encodeURIComponent(search)}`}`;
const optionFor = (n: number) => {
  const id = String(n).padStart(4, '0');
  return { label: `User ${id} <user${id}@shop.example>`, value: `u${id}` };
};
const optionsFor = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, index) => optionFor(from + index));

describe('userId dropdown', () => {
  it('searches as the user types', () => {
    expect(updateUserAction.props.userId).toMatchObject({ refreshOnSearch: true, refreshers: [] });
  });

  it('asks to connect first when there is no connection, without a request', async () => {
    await expect(options()).resolves.toEqual({ disabled: true, options: [], placeholder: 'Connect your account first' });
    expect(server.requests).toHaveLength(0);
  });

  it('lists users from GET /api/Users as First Last <email>', async () => {
    server.reply(
      respond(200, {
        items: [
          { id: 'a1', firstName: 'Jane', lastName: 'Doe', email: 'jane@shop.example' },
          { id: 'b2', firstName: 'Bob', lastName: 'Stone', email: 'bob@shop.example' },
        ],
      }),
    );
    await expect(options(authProps(baseUrl()))).resolves.toEqual({
      disabled: false,
      options: [
        { label: 'Jane Doe <jane@shop.example>', value: 'a1' },
        { label: 'Bob Stone <bob@shop.example>', value: 'b2' },
      ],
    });
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]).toMatchObject({ method: 'GET', path: listPath(1) });
    expect(server.requests[0].headers.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it('follows page, pageSize and totalCount to the end of the list', async () => {
    server.always(pagedUsers(manyUsers(250)));
    await expect(options(authProps(baseUrl()))).resolves.toEqual({ disabled: false, options: optionsFor(1, 250) });
    expect(pathsRequested()).toEqual([listPath(1), listPath(2), listPath(3)]);
  });

  it('follows a deployment that serves smaller pages than asked for', async () => {
    server.always(pagedUsers(manyUsers(120), { maxPageSize: 50 }));
    await expect(options(authProps(baseUrl()))).resolves.toEqual({ disabled: false, options: optionsFor(1, 120) });
    expect(pathsRequested()).toEqual([listPath(1), listPath(2), listPath(3)]);
  });

  it('stops at 1000 users and says the list was cut', async () => {
    server.always(pagedUsers(manyUsers(2500)));
    await expect(options(authProps(baseUrl()))).resolves.toEqual({
      disabled: false,
      options: optionsFor(1, 1000),
      placeholder: 'Only the first 1000 of 2500 users were loaded; type to search, or map a user id from an earlier step',
    });
    expect(pathsRequested()).toEqual(Array.from({ length: 10 }, (_, index) => listPath(index + 1)));
  });

  it('a bare array of more than 1000 is cut at 1000, and says so', async () => {
    server.reply(respond(200, manyUsers(1200)));
    await expect(options(authProps(baseUrl()))).resolves.toEqual({
      disabled: false,
      options: optionsFor(1, 1000),
      placeholder: 'Only the first 1000 users were loaded; type to search, or map a user id from an earlier step',
    });
    expect(server.requests).toHaveLength(1);
  });

  it('stops when the API ignores `page` and sends the same users again', async () => {
    server.always((_req, res) => json(res, 200, { items: manyUsers(100), totalCount: 500 }));
    const state = await options(authProps(baseUrl()));
    expect(state.options).toEqual(optionsFor(1, 100));
    expect(pathsRequested()).toEqual([listPath(1), listPath(2)]);
  });

  it('keeps the pages it has when a later one fails, without retrying it, and says why the list is short', async () => {
    server.reply(pagedUsers(manyUsers(250))).always(respond(503, { title: 'Service Unavailable', status: 503 }, { 'retry-after': '0' }));
    await expect(options(authProps(baseUrl()))).resolves.toEqual({
      disabled: false,
      options: optionsFor(1, 100),
      placeholder:
        'Only the first 100 of 250 users were loaded (loading more failed: Merchant staff API answered 503 (service unavailable): Service Unavailable. The server had a problem; run the step again later); type to search, or map a user id from an earlier step',
    });
    expect(pathsRequested()).toEqual([listPath(1), listPath(2)]);
  });

  it('starts no new page 10 s after the first one started', async () => {
    const list = pagedUsers(manyUsers(250));
    fakeDateOnly();
    try {
      server.reply((req, res) => {
        jest.setSystemTime(Date.now() + 10_000);
        list(req, res);
      });
      await expect(options(authProps(baseUrl()))).resolves.toEqual({
        disabled: false,
        options: optionsFor(1, 100),
        placeholder: 'Only the first 100 of 250 users were loaded (the rest took too long); type to search, or map a user id from an earlier step',
      });
      expect(pathsRequested()).toEqual([listPath(1)]);
    } finally {
      jest.useRealTimers();
    }
  });

  it('passes the search to the API, and shows what it found', async () => {
    server.always(pagedUsers(manyUsers(250)));
    await expect(options(authProps(baseUrl()), ' 0042 ')).resolves.toEqual({ disabled: false, options: [optionFor(42)] });
    expect(pathsRequested()).toEqual([listPath(1, '0042')]);
  });

  it('filters on name and email itself when the API ignores the search', async () => {
    const users = [
      { id: 'a1', firstName: 'Jane', lastName: 'Doe', email: 'jane@shop.example' },
      { id: 'b2', firstName: 'Bob', lastName: 'Stone', email: 'bob@shop.example' },
      { id: 'c3', fullName: 'Ann Doe-Stone', email: 'ann@other.example' },
      { id: 'd4', firstName: 'Stoner', lastName: null, email: null },
    ];
    server.always(pagedUsers(users, { honourSearch: false }));
    await expect(options(authProps(baseUrl()), 'STONE')).resolves.toEqual({
      disabled: false,
      options: [
        { label: 'Bob Stone <bob@shop.example>', value: 'b2' },
        { label: 'Ann Doe-Stone <ann@other.example>', value: 'c3' },
        { label: 'Stoner', value: 'd4' },
      ],
    });
    await expect(options(authProps(baseUrl()), 'other.example')).resolves.toMatchObject({ options: [{ value: 'c3' }] });
    expect(pathsRequested()).toEqual([listPath(1, 'STONE'), listPath(1, 'other.example')]);
  });

  it('a search without matches says so', async () => {
    server.always(pagedUsers(manyUsers(5)));
    await expect(options(authProps(baseUrl()), 'zzz')).resolves.toEqual({ disabled: false, options: [], placeholder: 'No staff user matches "zzz"' });
  });

  it('a cut search says to refine it', async () => {
    server.always(pagedUsers(manyUsers(1500)));
    await expect(options(authProps(baseUrl()), 'user')).resolves.toMatchObject({
      placeholder: 'Only the first 1000 of 1500 users matching "user" were loaded; refine the search, or map a user id from an earlier step',
    });
  });

  it('an empty list says so', async () => {
    server.reply(respond(200, []));
    await expect(options(authProps(baseUrl()))).resolves.toEqual({ disabled: false, options: [], placeholder: 'No staff users found' });
  });

  it.each([404, 405, 501])('%i: this deployment does not list users', async (status) => {
    server.reply(htmlPage(status, ''));
    await expect(options(authProps(baseUrl()))).resolves.toEqual({
      disabled: true,
      options: [],
      placeholder: 'This deployment does not list users; map a user id from an earlier step',
    });
  });

  it('an unknown shape: disabled with a reason', async () => {
    server.reply((_req, res) => json(res, 200, { users: [] }));
    await expect(options(authProps(baseUrl()))).resolves.toEqual({
      disabled: true,
      options: [],
      placeholder: 'The user list came back in a shape this piece does not know; map a user id from an earlier step',
    });
  });

  it('401: disabled with the mapped reason, never throwing', async () => {
    server.reply(respond(401, {}));
    await expect(options(authProps(baseUrl()))).resolves.toEqual({
      disabled: true,
      options: [],
      placeholder: 'The API token was rejected (401). Check the token in the connection, or create a new one.',
    });
  });

  it('a 503 on the first page: one attempt, disabled with the reason', async () => {
    server.always(respond(503, { title: 'Service Unavailable', status: 503 }, { 'retry-after': '0' }));
    await expect(options(authProps(baseUrl()))).resolves.toEqual({
      disabled: true,
      options: [],
      placeholder: 'Merchant staff API answered 503 (service unavailable): Service Unavailable. The server had a problem; run the step again later.',
    });
    expect(server.requests).toHaveLength(1);
  });

  it('a host that never answers: one attempt of 10 s', async () => {
    const outcome = await settlesAfter(10_000, server, () => options(authProps(baseUrl())));
    expect(outcome).toEqual({ disabled: true, options: [], placeholder: `Merchant staff API at ${new URL(baseUrl()).host} did not answer within 10 s.` });
    expect(server.requests).toHaveLength(1);
  });

  describe('ends within the 45 s budget whatever the server does', () => {
    const OUT_OF_TIME = 'The user list did not load within 45 s; try again later, or map a user id from an earlier step';
    afterEach(() => jest.useRealTimers());

    it('a first page still pending when the budget is spent: disabled, saying it ran out of time, after one request', async () => {
      fakeDateAndTimers();
      // The server takes the request and never answers, while the clock passes 40 s (a stalled host or event loop).
      server.always(() => jest.setSystemTime(Date.now() + 40_000));
      const state = options(authProps(baseUrl()));
      await untilRequests(server, 1);
      await jest.advanceTimersByTimeAsync(10_000);
      await expect(state).resolves.toEqual({ disabled: true, options: [], placeholder: OUT_OF_TIME });
      expect(pathsRequested()).toEqual([listPath(1)]);
    });

    it('a later page still pending when the budget is spent: the pages loaded are kept, and the list says the rest took too long', async () => {
      fakeDateAndTimers();
      server.reply(pagedUsers(manyUsers(250))).always(() => jest.setSystemTime(Date.now() + 40_000));
      const state = options(authProps(baseUrl()));
      await untilRequests(server, 2);
      await jest.advanceTimersByTimeAsync(10_000);
      await expect(state).resolves.toEqual({
        disabled: false,
        options: optionsFor(1, 100),
        placeholder: 'Only the first 100 of 250 users were loaded (the rest took too long); type to search, or map a user id from an earlier step',
      });
      expect(pathsRequested()).toEqual([listPath(1), listPath(2)]);
    });
  });

  it('a token a header cannot carry: disabled with the reason, without a request', async () => {
    await expect(options(authProps(baseUrl(), `‘${TOKEN}’`))).resolves.toEqual({ disabled: true, options: [], placeholder: BAD_TOKEN_SENTENCE });
    expect(server.requests).toHaveLength(0);
  });

  it('a bad base URL: disabled with the reason, without a request', async () => {
    await expect(options(authProps('ftp://shop.example.com'))).resolves.toEqual({
      disabled: true,
      options: [],
      placeholder: 'The base URL must use https:// (got ftp://).',
    });
    expect(server.requests).toHaveLength(0);
  });
});

describe('readUserPage and userOptions', () => {
  const users = [
    { id: 'a', firstName: 'Jane', lastName: 'Doe', email: 'jane@shop.example' },
    { id: 'b', firstName: null, lastName: null, fullName: 'Bob Stone', email: 'bob@shop.example' },
    { id: 'c', firstName: 'Cy', lastName: null, email: null },
    { id: 'd', email: 'dee@shop.example' },
    { id: 'e' },
    { id: 'f', firstName: 7, lastName: ['x'], email: { a: 1 } },
    { firstName: 'No id' },
    { id: 12, firstName: 'Numeric id' },
    'not a user',
  ];
  const expected = [
    { label: 'Jane Doe <jane@shop.example>', value: 'a' },
    { label: 'Bob Stone <bob@shop.example>', value: 'b' },
    { label: 'Cy', value: 'c' },
    { label: 'dee@shop.example', value: 'd' },
    { label: 'e', value: 'e' },
    { label: 'f', value: 'f' },
  ];

  it.each([
    ['a bare array', users, false],
    ['{ items: [...], totalCount }', { items: users, totalCount: 9 }, true],
    ['{ data: [...] }', { data: users }, false],
    ['{ value: [...] } (OData)', { value: users, '@odata.count': 9 }, false],
  ])('reads %s', (_shape, body, paged) => {
    const page = readUserPage(body);
    expect(page && userOptions(page.users)).toEqual(expected);
    expect(page).toMatchObject({ entries: users.length, paged });
  });

  it('reads the paging fields, and the page size the API used', () => {
    expect(readUserPage({ items: [], totalCount: 250, page: 3, pageSize: 50 })).toEqual({
      users: [],
      entries: 0,
      paged: true,
      totalCount: 250,
      pageSize: 50,
    });
    expect(readUserPage({ items: [], totalCount: '250', pageSize: -1 })).toMatchObject({ paged: false, totalCount: undefined, pageSize: 100 });
  });

  it.each([['an object without a list', { users }], ['a string', 'users'], ['nothing', undefined], ['null', null]])(
    'gives up on %s',
    (_shape, body) => {
      expect(readUserPage(body)).toBeUndefined();
    },
  );

  it('labels First Last <email>', () => {
    expect(userLabel({ id: 'x', firstName: ' Ann ', lastName: 'Lee', email: 'ann@shop.example' })).toBe('Ann Lee <ann@shop.example>');
  });
});
