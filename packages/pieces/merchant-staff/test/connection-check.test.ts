import {
  closedUrl,
  fakeDateAndTimers,
  fakeDateOnly,
  htmlPage,
  respond,
  Responder,
  settlesAfter,
  untilRequests,
  useTestServer,
} from '@user-admin-pieces/common/testing';
import { merchantStaffAuth } from '../src/lib/auth';
import { MerchantStaffAuthProps } from '../src/lib/common/client';
import { authProps, BAD_TOKEN_SENTENCE, TOKEN } from './helpers';

const { server, url: baseUrl } = useTestServer();

const EMPTY_GUID = '00000000-0000-0000-0000-000000000000';
const MADE_UP_TOKEN = 'madeup-7Qz2Kv9Rw4nLbT8mYc3Hd6';
/** The API's own answer for a user that does not exist, as ASP.NET writes it. */
const USER_NOT_FOUND_BODY = { type: 'https://tools.ietf.org/html/rfc9110#section-15.5.5', title: 'Not Found', status: 404, detail: 'No user with the given ID exists.' };
const REFUSED = htmlPage(401, '', { 'www-authenticate': 'Bearer error="invalid_token"' });

function validate(props: MerchantStaffAuthProps) {
  const check = merchantStaffAuth.validate;
  if (check === undefined) throw new Error('the auth has no validate');
  return check({ auth: props, server: { apiUrl: 'http://localhost:3000/api/', publicUrl: 'http://localhost:3000/' } });
}

const notTheApi = (status: number) =>
  `The base URL answered ${status} to a request with a made-up token, where the staff-user API refuses it with 401: it does not point at the API, or the server there does not check tokens. Check the connection's base URL (the deployment's root, e.g. https://shop.example.com).`;

describe('connection validate: the token is accepted, and a made-up one is refused', () => {
  it('404 problem details with the token, 401 with a made-up one: valid, after exactly these two reads', async () => {
    server.reply(respond(404, USER_NOT_FOUND_BODY), REFUSED);
    await expect(validate(authProps(`${baseUrl()}/api/`))).resolves.toEqual({ valid: true });
    expect(server.requests.map((r) => `${r.method} ${r.path} ${r.headers.authorization} ${r.body.length}`)).toEqual([
      `GET /api/Users/${EMPTY_GUID} Bearer ${TOKEN} 0`,
      `GET /api/Users/${EMPTY_GUID} Bearer ${MADE_UP_TOKEN} 0`,
    ]);
  });

  it('200 with the token, 401 with a made-up one: valid', async () => {
    server.reply(respond(200, { id: EMPTY_GUID }), REFUSED);
    await expect(validate(authProps(baseUrl()))).resolves.toEqual({ valid: true });
    expect(server.requests).toHaveLength(2);
  });

  it('a made-up token refused with 403 (as some gateways do) counts as refused', async () => {
    server.reply(respond(404, USER_NOT_FOUND_BODY), respond(403, { title: 'Forbidden', status: 403 }));
    await expect(validate(authProps(baseUrl()))).resolves.toEqual({ valid: true });
    expect(server.requests).toHaveLength(2);
  });

  it('a host that answers a made-up token with the same problem-details 404 is not the API (or does not authenticate)', async () => {
    // e.g. another ASP.NET app with AddProblemDetails(), which answers every unknown route this way.
    server.always(respond(404, { title: 'Not Found', status: 404 }));
    await expect(validate(authProps(`${baseUrl()}/other-app`))).resolves.toEqual({ valid: false, error: notTheApi(404) });
    expect(server.requests.map((r) => r.headers.authorization)).toEqual([`Bearer ${TOKEN}`, `Bearer ${MADE_UP_TOKEN}`]);
  });

  it('a host that answers 200 whatever the token is refused', async () => {
    server.always(respond(200, { id: EMPTY_GUID }));
    await expect(validate(authProps(baseUrl()))).resolves.toEqual({ valid: false, error: notTheApi(200) });
    expect(server.requests).toHaveLength(2);
  });

  it('a server error on the made-up-token read: cannot finish, said so, without a retry', async () => {
    server.reply(respond(404, USER_NOT_FOUND_BODY)).always(respond(503, { title: 'Service Unavailable', status: 503 }, { 'retry-after': '0' }));
    await expect(validate(authProps(baseUrl()))).resolves.toEqual({
      valid: false,
      error:
        'Could not finish checking the connection: Merchant staff API answered 503 (service unavailable): Service Unavailable. The server had a problem; run the step again later.',
    });
    expect(server.requests).toHaveLength(2);
  });
});

describe('connection validate: what the first read tells', () => {
  it('401: the token was rejected, without a second read', async () => {
    server.reply(REFUSED);
    await expect(validate(authProps(baseUrl(), 'wrong-token'))).resolves.toEqual({
      valid: false,
      error: 'The API token was rejected (401). Check the token in the connection, or create a new one.',
    });
    expect(server.requests).toHaveLength(1);
  });

  it('403 on the read: the role may not even read staff users, said with the API\'s detail', async () => {
    server.reply(respond(403, { title: 'Forbidden', status: 403, detail: 'Your role may not read staff users.' }));
    await expect(validate(authProps(baseUrl()))).resolves.toEqual({
      valid: false,
      error:
        'The API refused this token (403) when the check read a staff user: Your role may not read staff users. The connection needs a token whose role may manage staff users.',
    });
    expect(server.requests).toHaveLength(1);
  });

  it('403 without a body', async () => {
    server.reply(htmlPage(403, ''));
    await expect(validate(authProps(baseUrl()))).resolves.toEqual({
      valid: false,
      error: 'The API refused this token (403) when the check read a staff user. The connection needs a token whose role may manage staff users.',
    });
  });

  it.each([405, 501])('%i: the deployment cannot tell, so the connection is accepted after one read', async (status) => {
    server.reply(htmlPage(status, '', { allow: 'PUT' }));
    await expect(validate(authProps(baseUrl()))).resolves.toEqual({ valid: true });
    expect(server.requests).toHaveLength(1);
  });

  const WRONG_BASE_URL = `Merchant staff API answered 404 for /api/Users/${EMPTY_GUID} without problem details: either no user has id ${EMPTY_GUID}, or the base URL does not point at the API. Check the connection's base URL.`;

  it.each<[string, Responder]>([
    ['an HTML page', htmlPage(404, '<h1>Not Found</h1>')],
    ['an empty body', htmlPage(404, '')],
    ['Fastify\'s JSON', respond(404, { message: `Route GET:/api/Users/${EMPTY_GUID} not found`, error: 'Not Found', statusCode: 404 })],
    ['problem-details fields next to an Express-style `error`', respond(404, { status: 404, title: 'Not Found', error: 'Not Found' })],
    ['`status: 404` without a title or detail', respond(404, { status: 404 })],
    ['a title without `status: 404`', respond(404, { title: 'Not Found' })],
    ['a JSON array', respond(404, [{ status: 404, title: 'Not Found' }])],
  ])('404 with %s is not the API\'s "no such user": invalid after one read', async (_name, responder) => {
    server.reply(responder);
    await expect(validate(authProps(`${baseUrl()}/shop`))).resolves.toEqual({ valid: false, error: WRONG_BASE_URL });
    expect(server.requests.map((r) => r.path)).toEqual([`/shop/api/Users/${EMPTY_GUID}`]);
  });

  it('a 503 is reported after one attempt, not retried', async () => {
    server.always(respond(503, { title: 'Service Unavailable', status: 503 }, { 'retry-after': '0' }));
    await expect(validate(authProps(baseUrl()))).resolves.toEqual({
      valid: false,
      error: 'Merchant staff API answered 503 (service unavailable): Service Unavailable. The server had a problem; run the step again later.',
    });
    expect(server.requests).toHaveLength(1);
  });

  it('a redirect is not followed', async () => {
    server.reply((_req, res) => {
      res.writeHead(301, { location: 'https://elsewhere.example/' });
      res.end();
    });
    await expect(validate(authProps(baseUrl()))).resolves.toEqual({
      valid: false,
      error: "Merchant staff API redirected the request (301) to https://elsewhere.example/. Put the final address in the connection's base URL.",
    });
    expect(server.requests).toHaveLength(1);
  });

  it('an unreachable host: invalid, naming the host, never throwing', async () => {
    const closed = await closedUrl();
    const result = await validate(authProps(closed));
    expect(result).toEqual({
      valid: false,
      error: `Could not connect to ${new URL(closed).host}: the connection was refused. Check the base URL and that the server is running.`,
    });
  });

  it('a host that never answers: one attempt of 10 s, and the message says so', async () => {
    const outcome = await settlesAfter(10_000, server, () => validate(authProps(baseUrl())));
    expect(outcome).toEqual({ valid: false, error: `Merchant staff API at ${new URL(baseUrl()).host} did not answer within 10 s.` });
    expect(server.requests).toHaveLength(1);
  });
});

describe('connection validate: ends within the 45 s budget whatever the server does', () => {
  const OUT_OF_TIME =
    'The connection check ran out of time: the Merchant staff API did not answer its two reads within 45 s. Check the base URL, then try again.';
  afterEach(() => jest.useRealTimers());

  it('a first read answered only when the budget is spent: no second read, invalid, saying it ran out of time', async () => {
    fakeDateOnly();
    server.reply((req, res) => {
      jest.setSystemTime(Date.now() + 45_000);
      respond(404, USER_NOT_FOUND_BODY)(req, res);
    });
    await expect(validate(authProps(baseUrl()))).resolves.toEqual({ valid: false, error: OUT_OF_TIME });
    expect(server.requests.map((r) => r.headers.authorization)).toEqual([`Bearer ${TOKEN}`]);
  });

  it('a slow first read leaves the second only what is left of the budget', async () => {
    fakeDateAndTimers();
    // The first read answers 40 s in; the second is taken and never answered.
    server
      .reply((req, res) => {
        jest.setSystemTime(Date.now() + 40_000);
        respond(404, USER_NOT_FOUND_BODY)(req, res);
      })
      .always(() => undefined);
    let settled = false;
    const outcome = validate(authProps(baseUrl())).finally(() => (settled = true));
    await untilRequests(server, 2);
    await jest.advanceTimersByTimeAsync(4_999);
    expect(settled).toBe(false);
    await jest.advanceTimersByTimeAsync(1);
    await expect(outcome).resolves.toEqual({ valid: false, error: OUT_OF_TIME });
    expect(server.requests.map((r) => r.headers.authorization)).toEqual([`Bearer ${TOKEN}`, `Bearer ${MADE_UP_TOKEN}`]);
  });
});

describe('connection validate: input refused before any request', () => {
  it.each([
    ['', 'The base URL is empty. Set it in the connection, e.g. https://host.example.com.'],
    ['shop.example.com', 'The base URL is not a valid URL. It must look like https://host.example.com.'],
    [
      'http://shop.example.com',
      'The base URL must use https:// (got http://shop.example.com). Plain http is allowed only for localhost, 127.x.x.x, [::1] and host.docker.internal, where the token does not cross a network.',
    ],
  ])('a bad base URL %j: invalid without a request', async (raw, error) => {
    await expect(validate(authProps(raw))).resolves.toEqual({ valid: false, error });
    expect(server.requests).toHaveLength(0);
  });

  it.each([
    ['smart quotes around it', `“${TOKEN}”`],
    ['a space inside', 'ms-token 7f3c9a1e5b2d'],
    ['a line break inside', 'ms-token\n7f3c9a1e5b2d'],
  ])('a token with %s: invalid with the sentence naming the token, without a request', async (_name, token) => {
    await expect(validate(authProps(baseUrl(), token))).resolves.toEqual({ valid: false, error: BAD_TOKEN_SENTENCE });
    expect(server.requests).toHaveLength(0);
  });

  it('an empty token: invalid without a request', async () => {
    await expect(validate(authProps(baseUrl(), '  '))).resolves.toEqual({ valid: false, error: 'The API token is empty. Paste it into the connection.' });
    expect(server.requests).toHaveLength(0);
  });

  it('a token pasted with a trailing line break is sent trimmed, and the connection is valid', async () => {
    server.reply(respond(404, USER_NOT_FOUND_BODY), REFUSED);
    await expect(validate(authProps(baseUrl(), `  ${TOKEN}\r\n`))).resolves.toEqual({ valid: true });
    expect(server.requests.map((r) => r.headers.authorization)).toEqual([`Bearer ${TOKEN}`, `Bearer ${MADE_UP_TOKEN}`]);
  });

  it('a 200 with a web page instead of JSON is not the API', async () => {
    server.reply(htmlPage(200, '<html><body>Welcome to our shop</body></html>'));
    await expect(validate(authProps(baseUrl()))).resolves.toEqual({
      valid: false,
      error:
        'Merchant staff API answered 200 with a body that is not JSON: "Welcome to our shop". Check that the base URL points at the API, not at a web page.',
    });
    expect(server.requests).toHaveLength(1);
  });
});
