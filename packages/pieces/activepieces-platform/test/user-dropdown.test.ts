import { customAuthValue, fakeDateOnly, json, propertyContext, respond, settlesAfter, useTestServer } from '@user-admin-pieces/common/testing';
import { updateUserAction } from '../src/lib/actions/update-user';
import {
  API_KEY,
  authProps,
  nginxBadGateway,
  notAnApiSentence,
  pagedUsers,
  pathOf,
  queryOf,
  SMART_QUOTED_KEY,
  UNSENDABLE_KEY_SENTENCE,
  user,
  users,
} from './helpers';

const live = useTestServer();
const { server } = live;

const userIdProp = updateUserAction.props.userId;
const options = (search?: string, url = `${live.url()}/api/v1`, apiKey = API_KEY) =>
  userIdProp.options({ auth: customAuthValue(authProps(url, apiKey)) }, propertyContext(search));

describe('user dropdown', () => {
  it('asks for a connection first, without a request', async () => {
    await expect(userIdProp.options({}, propertyContext())).resolves.toEqual({
      disabled: true,
      options: [],
      placeholder: 'Connect your account first',
    });
    expect(server.requests).toHaveLength(0);
  });

  it('lists every user as "First Last <email>", following next across pages', async () => {
    server.always(pagedUsers(users(250)));
    const state = await options();

    expect(state.disabled).toBeUndefined();
    expect(state.placeholder).toBe('Select a user');
    expect(state.options).toHaveLength(250);
    expect(state.options[0]).toEqual({ label: 'First1 Last1 <person1@example.com>', value: user(1).id });
    expect(state.options[249]).toEqual({ label: 'First250 Last250 <person250@example.com>', value: user(250).id });
    expect(server.requests.map(queryOf)).toEqual([{ limit: '100' }, { limit: '100', cursor: '100' }, { limit: '100', cursor: '200' }]);
    expect(server.requests.every((r) => r.method === 'GET' && pathOf(r) === '/api/v1/users')).toBe(true);
    expect(server.requests[0].headers.authorization).toBe(`Bearer ${API_KEY}`);
  });

  it('labels a user without a name by email alone', async () => {
    server.reply(respond(200, { data: [user(1, { firstName: '', lastName: ' ' })], next: null, previous: null }));
    const state = await options();
    expect(state.options).toEqual([{ label: 'person1@example.com', value: user(1).id }]);
  });

  it('searches name, email and id without regard to case, across pages', async () => {
    const all = [
      ...users(150),
      user(900, { firstName: 'Grace', lastName: 'Hopper', email: 'grace@navy.example' }),
      user(901, { firstName: 'Ada', lastName: 'Lovelace', email: 'ADA@engines.example' }),
    ];
    server.always(pagedUsers(all));

    expect((await options('  hopper ')).options).toEqual([{ label: 'Grace Hopper <grace@navy.example>', value: user(900).id }]);
    expect((await options('ada@ENGINES')).options.map((o) => o.value)).toEqual([user(901).id]);
    expect((await options(user(42).id)).options.map((o) => o.value)).toEqual([user(42).id]);
    expect((await options('first11 LAST11')).options.map((o) => o.label)).toEqual(['First11 Last11 <person11@example.com>']);
  });

  it('says when nothing matches, and when the platform has no users', async () => {
    server.always(pagedUsers(users(3)));
    await expect(options('nobody')).resolves.toEqual({ options: [], placeholder: 'No user matches "nobody"' });
    server.always(pagedUsers([]));
    await expect(options()).resolves.toEqual({ options: [], placeholder: 'No users on this platform' });
  });

  it('stops after ten pages and says the list was cut', async () => {
    server.always(pagedUsers(users(1500)));
    const state = await options();
    expect(server.requests).toHaveLength(10);
    expect(state.options).toHaveLength(1000);
    expect(state.placeholder).toBe('Only the 1000 newest users were searched. For an older user, map its id from Find User by External ID.');
  });

  it('stops at an empty page even when it carries a cursor', async () => {
    server.reply(
      respond(200, { data: users(2), next: 'more', previous: null }),
      respond(200, { data: [], next: 'again', previous: 'x' }),
    );
    const state = await options();
    expect(state.options).toHaveLength(2);
    expect(server.requests).toHaveLength(2);
  });

  it.each([
    [
      'a rejected key',
      respond(401, { code: 'AUTHENTICATION', params: { message: 'invalid api key' } }),
      'Could not list users: Activepieces rejected the API key. Check the key in the connection: it is a platform API key that starts with sk-.',
    ],
    [
      'an edition without API keys',
      respond(402, { code: 'FEATURE_DISABLED', params: {} }),
      'Could not list users: API keys need the Platform or Enterprise edition of Activepieces; this instance does not offer them.',
    ],
  ])('is disabled with the reason on %s', async (_name, responder, placeholder) => {
    server.reply(responder);
    await expect(options()).resolves.toEqual({ disabled: true, options: [], placeholder });
  });

  it('is disabled when the base URL is not an Activepieces API', async () => {
    server.always((_request, response) => json(response, 200, { hello: 'world' }));
    const state = await options();
    expect(state).toEqual({
      disabled: true,
      options: [],
      placeholder: `Could not list users: ${notAnApiSentence(`${live.url()}/api`, 'GET /v1/users did not answer with a list of users')}`,
    });
  });

  it('is disabled when the connection holds an unusable URL, without a request', async () => {
    const state = await options(undefined, 'not a url');
    expect(state).toEqual({
      disabled: true,
      options: [],
      placeholder: 'Could not list users: The base URL is not a valid URL. It must look like https://host.example.com.',
    });
    expect(server.requests).toHaveLength(0);
  });

  it('is disabled when the key cannot be sent, without a request', async () => {
    await expect(options(undefined, undefined, SMART_QUOTED_KEY)).resolves.toEqual({
      disabled: true,
      options: [],
      placeholder: `Could not list users: ${UNSENDABLE_KEY_SENTENCE}`,
    });
    expect(server.requests).toHaveLength(0);
  });
});

describe('user dropdown answers fast, with one attempt per page', () => {
  it.each([
    [
      'a 503',
      respond(503, { statusCode: 503, error: 'Service Unavailable', message: 'down for maintenance' }, { 'retry-after': '0' }),
      'Could not list users: Activepieces had a server error (503): down for maintenance. Try again later.',
    ],
    [
      'a 429',
      respond(429, { statusCode: 429, error: 'Too Many Requests', message: 'Rate limit exceeded, retry in 1 minute' }, { 'retry-after': '0' }),
      'Could not list users: Activepieces is rate limiting this API key: Rate limit exceeded, retry in 1 minute. Wait a minute, then run again.',
    ],
    ['a proxy page', nginxBadGateway, 'Could not list users: Activepieces had a server error (502): "502 Bad Gateway 502 Bad Gateway nginx". Try again later.'],
  ])('reports %s after one request', async (_name, responder, placeholder) => {
    server.always(responder);
    await expect(options()).resolves.toEqual({ disabled: true, options: [], placeholder });
    expect(server.requests).toHaveLength(1);
  });

  it('gives up on a server that never answers after 10 s, as it says', async () => {
    const state = await settlesAfter(10_000, server, () => options());
    expect(state).toEqual({
      disabled: true,
      options: [],
      placeholder: `Could not list users: Activepieces at ${live.url().replace('http://', '')} did not answer within 10 s.`,
    });
    expect(server.requests).toHaveLength(1);
  });

  it('gives up on a later page that fails, after one request for it', async () => {
    server.reply(respond(200, { data: users(100), next: '100', previous: null }));
    server.always(respond(503, { statusCode: 503, error: 'Service Unavailable', message: 'down for maintenance' }, { 'retry-after': '0' }));
    await expect(options()).resolves.toEqual({
      disabled: true,
      options: [],
      placeholder: 'Could not list users: Activepieces had a server error (503): down for maintenance. Try again later.',
    });
    expect(server.requests.map(queryOf)).toEqual([{ limit: '100' }, { limit: '100', cursor: '100' }]);
  });
});

describe('user dropdown ends within the 45 s budget whatever the server does', () => {
  const OUT_OF_TIME = 'Could not list users within 45 s: Activepieces answered too slowly. Try again, or map a user id (e.g. from Find User).';
  afterEach(() => jest.useRealTimers());

  it('stops taking pages once the budget is spent: pages that take 10 s each give five requests, then the placeholder', async () => {
    // Only Date is faked: each page answers, 10 s later by the clock.
    fakeDateOnly();
    const list = pagedUsers(users(1500));
    server.always((request, response) => {
      jest.setSystemTime(Date.now() + 10_000);
      list(request, response);
    });
    await expect(options()).resolves.toEqual({ disabled: true, options: [], placeholder: OUT_OF_TIME });
    expect(server.requests.map((r) => queryOf(r).cursor)).toEqual([undefined, '100', '200', '300', '400']);
  });

  it('a page pending when the clock passes the budget: the same placeholder, not "did not answer within 10 s"', async () => {
    // The page is taken and never answered while the clock jumps 40 s (a stalled host or event loop).
    server.reply(() => jest.setSystemTime(Date.now() + 40_000));
    const state = await settlesAfter(10_000, server, () => options());
    expect(state).toEqual({ disabled: true, options: [], placeholder: OUT_OF_TIME });
  });
});
