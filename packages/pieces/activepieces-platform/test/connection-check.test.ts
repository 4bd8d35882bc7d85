import { closedUrl, htmlPage, respond, Responder, settlesAfter, useTestServer } from '@user-admin-pieces/common/testing';
import { activepiecesPlatformAuth } from '../src/lib/auth';
import { ActivepiecesPlatformAuthProps } from '../src/lib/common/client';
import {
  API_KEY,
  authProps,
  nginxBadGateway,
  notAnApiSentence,
  pathOf,
  queryOf,
  SMART_QUOTED_KEY,
  UNSENDABLE_KEY_SENTENCE,
  user,
} from './helpers';

const live = useTestServer();
const { server } = live;

type ValidateParams = Parameters<NonNullable<typeof activepiecesPlatformAuth.validate>>[0];

function validate(connection: Partial<ActivepiecesPlatformAuthProps>) {
  const check = activepiecesPlatformAuth.validate;
  if (check === undefined) throw new Error('the auth has no validate');
  const auth = { ...authProps(`${live.url()}/api/v1`), ...connection };
  return check({ auth, server: {} } as unknown as ValidateParams);
}

const page = { data: [user(1)], next: 'cursor', previous: null };
const notAnApi = (detail: string) => notAnApiSentence(`${live.url()}/api`, detail);
const webPage = (status: number) => htmlPage(status, '<!doctype html><html><body>Welcome</body></html>');

describe('connection check', () => {
  it.each(['', '/', '/api', '/api/', '/api/v1', '/api/v1/'])('accepts a working key at origin%s with one GET /v1/users?limit=1', async (suffix) => {
    server.reply(respond(200, page));
    await expect(validate({ baseApiUrl: `${live.url()}${suffix}` })).resolves.toEqual({ valid: true });
    expect(server.requests).toHaveLength(1);
    const [request] = server.requests;
    expect(request.method).toBe('GET');
    expect(pathOf(request)).toBe('/api/v1/users');
    expect(queryOf(request)).toEqual({ limit: '1' });
    expect(request.headers.authorization).toBe(`Bearer ${API_KEY}`);
  });

  it.each<[string, Responder, () => string]>([
    [
      'a rejected key',
      respond(401, { code: 'AUTHENTICATION', params: { message: 'invalid api key' } }),
      () => 'Activepieces rejected the API key. Check the key in the connection: it is a platform API key that starts with sk-.',
    ],
    [
      'an edition without API keys',
      respond(402, { code: 'FEATURE_DISABLED', params: { message: 'feature disabled' } }),
      () => 'API keys need the Platform or Enterprise edition of Activepieces; this instance does not offer them.',
    ],
    [
      'a Fastify route-not-found',
      respond(404, { statusCode: 404, error: 'Not Found', message: 'Route not found' }),
      () => notAnApi('it has no route GET /v1/users'),
    ],
    ['a 404 web page', webPage(404), () => notAnApi('it has no route GET /v1/users: "Welcome"')],
    [
      'a 200 web page',
      webPage(200),
      () => 'Activepieces answered 200 with a body that is not JSON: "Welcome". Check that the base URL points at the API, not at a web page.',
    ],
    ['JSON that is not a user list', respond(200, { status: 'ok' }), () => notAnApi('GET /v1/users did not answer with a list of users')],
  ])('explains %s', async (_name, responder, error) => {
    server.reply(responder);
    await expect(validate({})).resolves.toEqual({ valid: false, error: error() });
    expect(server.requests).toHaveLength(1);
  });

  it('says when the server cannot be reached', async () => {
    const closed = await closedUrl();
    await expect(validate({ baseApiUrl: `${closed}/api/v1` })).resolves.toEqual({
      valid: false,
      error: `Could not connect to ${new URL(closed).host}: the connection was refused. Check the base URL and that the server is running.`,
    });
  });

  it.each([
    [{ baseApiUrl: 'cloud.activepieces.com' }, 'The base URL is not a valid URL. It must look like https://host.example.com.'],
    [
      { baseApiUrl: 'http://ap.example.com/api/v1' },
      'The base URL must use https:// (got http://ap.example.com). Plain http is allowed only for localhost, 127.x.x.x, [::1] and host.docker.internal, where the token does not cross a network.',
    ],
    [{ baseApiUrl: 'https://ap.example.com/dashboard/' }, `The base URL https://ap.example.com/dashboard should end with /api or /api/v1, e.g. https://cloud.activepieces.com/api/v1.`],
    [{ apiKey: '   ' }, 'The API key is empty. Paste a platform API key (it starts with sk-) into the connection.'],
    [{ apiKey: SMART_QUOTED_KEY }, UNSENDABLE_KEY_SENTENCE],
    [{ apiKey: `${API_KEY} ${API_KEY}` }, UNSENDABLE_KEY_SENTENCE],
  ])('refuses %p without a request', async (connection, error) => {
    await expect(validate(connection)).resolves.toEqual({ valid: false, error });
    expect(server.requests).toHaveLength(0);
  });

  describe('answers fast, with one attempt', () => {
    it('reports a 503 after one request', async () => {
      server.always(respond(503, { statusCode: 503, error: 'Service Unavailable', message: 'down for maintenance' }, { 'retry-after': '0' }));
      await expect(validate({})).resolves.toEqual({
        valid: false,
        error: 'Activepieces had a server error (503): down for maintenance. Try again later.',
      });
      expect(server.requests).toHaveLength(1);
    });

    it('quotes the proxy page of a 502', async () => {
      server.always(nginxBadGateway);
      await expect(validate({})).resolves.toEqual({
        valid: false,
        error: 'Activepieces had a server error (502): "502 Bad Gateway 502 Bad Gateway nginx". Try again later.',
      });
      expect(server.requests).toHaveLength(1);
    });

    it('says it ran out of time when the clock passes the 45 s budget while the request waits', async () => {
      // The request is taken and never answered while the clock jumps 40 s (a stalled host or event loop).
      server.reply(() => jest.setSystemTime(Date.now() + 40_000));
      const outcome = await settlesAfter(10_000, server, () => validate({}));
      expect(outcome).toEqual({
        valid: false,
        error: 'The connection check ran out of time: Activepieces did not answer within 45 s. Check the base URL, then try again.',
      });
      expect(server.requests).toHaveLength(1);
    });

    it('gives up on a server that never answers after 10 s, as it says', async () => {
      const outcome = await settlesAfter(10_000, server, () => validate({}));
      expect(outcome).toEqual({ valid: false, error: `Activepieces at ${live.url().replace('http://', '')} did not answer within 10 s.` });
      expect(server.requests).toHaveLength(1);
    });
  });

  it('never shows the key', async () => {
    server.reply(respond(401, { code: 'AUTHENTICATION', params: { message: `unknown key ${API_KEY}` } }));
    const outcome = await validate({});
    expect(outcome.valid).toBe(false);
    expect(JSON.stringify(outcome)).not.toContain(API_KEY);
  });
});
