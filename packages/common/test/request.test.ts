import { ApiError, createHttpClient, InputError } from '../src';
import { closedUrl, rejection, respond, useTestServer } from '../testing';

const TOKEN = 'sk-SecretToken0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOP';

const { server, url: baseUrl } = useTestServer();

const client = createHttpClient({
  provider: 'Example',
  retry: { baseDelayMs: 10, maxDelayMs: 2_000, maxTotalMs: 10_000 },
});

/** The ApiError a request fails with; anything else fails the test. */
const failure = (promise: Promise<unknown>) => rejection(promise, ApiError);

describe('request', () => {
  it('sends the exact method, path, query, headers and JSON body', async () => {
    server.reply(respond(200, { id: 'u1' }, { 'x-request-id': 'req-7' }));

    const response = await client.request<{ id: string }>({
      baseUrl: `${baseUrl()}/api/`,
      token: TOKEN,
      method: 'POST',
      path: '/v1/users/{id}',
      pathParams: { id: 'abc DEF' },
      query: { limit: 5, cursor: undefined, empty: '' },
      body: { status: 'INACTIVE' },
    });

    expect(response).toMatchObject({ status: 200, body: { id: 'u1' }, requestId: 'req-7', attempts: 1 });
    expect(server.requests).toHaveLength(1);
    const [request] = server.requests;
    expect(request.method).toBe('POST');
    expect(request.path).toBe('/api/v1/users/abc%20DEF?limit=5');
    expect(request.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.headers.accept).toBe('application/json');
    expect(JSON.parse(request.body)).toEqual({ status: 'INACTIVE' });
  });

  it('sends no body and no content-type on a GET', async () => {
    server.reply(respond(200, []));
    await client.request({ baseUrl: baseUrl(), token: TOKEN, method: 'GET', path: '/items' });
    expect(server.requests[0].body).toBe('');
    expect(server.requests[0].headers['content-type']).toBeUndefined();
  });

  it('never lets a caller header replace the Authorization header', async () => {
    server.reply(respond(200, {}));
    await client.request({ baseUrl: baseUrl(), token: TOKEN, method: 'GET', path: '/x', headers: { Authorization: 'Bearer other' } });
    expect(server.requests[0].headers.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it.each(['../admin', '..', '.', 'a/b', 'a?b=1', 'a#b', 'a\\b', '', 'a\nb'])(
    'refuses the path parameter %j before any request',
    async (id) => {
      await expect(
        client.request({ baseUrl: baseUrl(), token: TOKEN, method: 'GET', path: '/users/{id}', pathParams: { id } }),
      ).rejects.toBeInstanceOf(InputError);
      expect(server.requests).toHaveLength(0);
    },
  );

  it.each(['', 'not a url', 'ftp://host', 'https://user:pw@host', 'http://api.example.com', 'http://10.0.0.5:8080'])('refuses the base URL %j before any request', async (url) => {
    await expect(client.request({ baseUrl: url, token: TOKEN, method: 'GET', path: '/x' })).rejects.toBeInstanceOf(InputError);
    expect(server.requests).toHaveLength(0);
  });

  it('allows plain http only where the token stays on this machine', () => {
    expect(client.normalizeBaseUrl('http://localhost:8080/')).toBe('http://localhost:8080');
    expect(client.normalizeBaseUrl('http://127.0.0.2')).toBe('http://127.0.0.2');
    expect(client.normalizeBaseUrl('http://[::1]:4020')).toBe('http://[::1]:4020');
    expect(client.normalizeBaseUrl('http://host.docker.internal:4020')).toBe('http://host.docker.internal:4020');
    expect(() => client.normalizeBaseUrl('http://shop.example.com')).toThrow(
      'The base URL must use https:// (got http://shop.example.com). Plain http is allowed only for localhost, 127.x.x.x, [::1] and host.docker.internal, where the token does not cross a network.',
    );
  });

  it('does not repeat an invalid base URL, which may be a secret pasted into the wrong field', () => {
    expect(() => client.normalizeBaseUrl(TOKEN)).toThrow('The base URL is not a valid URL. It must look like https://host.example.com');
    expect(() => client.normalizeBaseUrl(TOKEN)).not.toThrow(TOKEN);
  });

  it.each([' ', `${TOKEN}\n`.replace('\n', ' x'), '“sk-quoted”', 'tab\there'])(
    'refuses the token %j before any request',
    async (token) => {
      const named = createHttpClient({ provider: 'Example', tokenField: 'apiKey' });
      const error = await named.request({ baseUrl: baseUrl(), token, method: 'GET', path: '/x' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InputError);
      expect((error as InputError).field).toBe('apiKey');
      expect(server.requests).toHaveLength(0);
    },
  );

  it('drops surrounding white space from a pasted token', async () => {
    server.reply(respond(200, {}));
    await client.request({ baseUrl: baseUrl(), token: ` ${TOKEN}\n`, method: 'GET', path: '/x' });
    expect(server.requests[0].headers.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it('keeps Host, Content-Length and friends out of the caller\'s hands', async () => {
    server.reply(respond(200, {}));
    await client.request({
      baseUrl: baseUrl(),
      token: TOKEN,
      method: 'POST',
      path: '/x',
      body: { a: 1 },
      headers: { Host: 'other-tenant.example.com', 'Content-Length': '1', Connection: 'close', 'X-Trace': 'yes' },
    });
    const [request] = server.requests;
    expect(request.headers.host).toBe(new URL(baseUrl()).host);
    expect(request.headers['content-length']).toBe('7');
    expect(request.headers['x-trace']).toBe('yes');
    expect(request.body).toBe('{"a":1}');
  });

  it('refuses a header value with a line break before any request', async () => {
    const error = await client
      .request({ baseUrl: baseUrl(), token: TOKEN, method: 'GET', path: '/x', headers: { 'X-Evil': 'a\r\nHost: evil' } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).field).toBe('headers');
    expect(server.requests).toHaveLength(0);
  });

  it('names the connection prop that holds the base URL', async () => {
    const named = createHttpClient({ provider: 'Example', baseUrlField: 'baseApiUrl' });
    const error = await named.request({ baseUrl: 'ftp://host', token: TOKEN, method: 'GET', path: '/x' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).field).toBe('baseApiUrl');
  });

  it('takes a path without parameters as it is', async () => {
    server.reply(respond(200, {}));
    await client.request({ baseUrl: baseUrl(), token: TOKEN, method: 'GET', path: '/things/{id}' });
    expect(server.requests[0].path).toBe('/things/%7Bid%7D');
  });

  it('normalises the base URL: trailing slashes, query and fragment, then the provider rule', () => {
    const withRule = createHttpClient({
      provider: 'Example',
      baseUrlRule: (url) => {
        url.pathname = url.pathname.replace(/\/v1$/, '');
        return url;
      },
    });
    expect(withRule.normalizeBaseUrl(' https://host.example.com/api/v1/// ')).toBe('https://host.example.com/api');
    expect(withRule.normalizeBaseUrl('https://host.example.com/?x=1#top')).toBe('https://host.example.com');
  });
});

describe('retries', () => {
  it('honours Retry-After in seconds, then succeeds', async () => {
    server.reply(respond(429, { message: 'slow down' }, { 'retry-after': '1' }), respond(200, { ok: true }));
    const started = Date.now();
    const response = await client.request({ baseUrl: baseUrl(), token: TOKEN, method: 'GET', path: '/x' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(response.attempts).toBe(2);
    expect(server.requests).toHaveLength(2);
  });

  it('honours Retry-After as an HTTP date', async () => {
    const inOneSecond = new Date(Date.now() + 1_500).toUTCString();
    server.reply(respond(503, {}, { 'retry-after': inOneSecond }), respond(200, {}));
    const started = Date.now();
    await client.request({ baseUrl: baseUrl(), token: TOKEN, method: 'PUT', path: '/x', body: {} });
    expect(Date.now() - started).toBeGreaterThanOrEqual(400);
    expect(server.requests).toHaveLength(2);
  });

  it('fails at once when Retry-After asks for more than the cap', async () => {
    server.reply(respond(429, { message: 'Rate limit exceeded, retry in 1 minute' }, { 'retry-after': '60' }));
    const error = await failure(client.request({ baseUrl: baseUrl(), token: TOKEN, method: 'GET', path: '/x' }));
    expect(error.status).toBe(429);
    expect(server.requests).toHaveLength(1);
  });

  it('stops after three attempts', async () => {
    server.always(respond(503, { message: 'down' }));
    const error = await failure(client.request({ baseUrl: baseUrl(), token: TOKEN, method: 'GET', path: '/x' }));
    expect(error.status).toBe(503);
    expect(error.retryable).toBe(true);
    expect(error.attempts).toBe(3);
    expect(server.requests).toHaveLength(3);
  });

  it.each(['DELETE', 'PATCH'] as const)('does not retry a %s unless it is marked idempotent', async (method) => {
    server.always(respond(503, {}));
    await failure(client.request({ baseUrl: baseUrl(), token: TOKEN, method, path: '/x' }));
    expect(server.requests).toHaveLength(1);
  });

  it('does not retry a POST unless it is marked idempotent', async () => {
    server.always(respond(500, {}));
    await failure(client.request({ baseUrl: baseUrl(), token: TOKEN, method: 'POST', path: '/x', body: {} }));
    expect(server.requests).toHaveLength(1);

    server.reset();
    server.always(respond(500, {}));
    await failure(client.request({ baseUrl: baseUrl(), token: TOKEN, method: 'POST', path: '/x', body: {}, idempotent: true }));
    expect(server.requests).toHaveLength(3);
  });

  it('lets one request ask for fewer attempts', async () => {
    server.always(respond(503, {}));
    await failure(client.request({ baseUrl: baseUrl(), token: TOKEN, method: 'GET', path: '/x', maxAttempts: 1 }));
    expect(server.requests).toHaveLength(1);
  });

  it.each([400, 401, 403, 404, 409, 412])('does not retry a %i', async (status) => {
    server.always(respond(status, {}));
    await failure(client.request({ baseUrl: baseUrl(), token: TOKEN, method: 'GET', path: '/x' }));
    expect(server.requests).toHaveLength(1);
  });

  it('bounds the total time: no attempt starts past maxTotalMs', async () => {
    const impatient = createHttpClient({ provider: 'Example', retry: { maxTotalMs: 500 } });
    server.always(respond(503, {}, { 'retry-after': '1' }));
    await failure(impatient.request({ baseUrl: baseUrl(), token: TOKEN, method: 'GET', path: '/x' }));
    expect(server.requests).toHaveLength(1);
  });
});

describe('errors', () => {
  it('says a plain sentence, with status, provider code and request id as own properties', async () => {
    server.reply(respond(404, { code: 'ENTITY_NOT_FOUND', message: 'user not found' }, { 'x-request-id': 'r-1' }));
    const error = await failure(client.request({ baseUrl: baseUrl(), token: TOKEN, method: 'GET', path: '/x' }));
    expect(error.message).toBe('Example answered 404 (not found): user not found.');
    expect({ ...error }).toEqual({
      name: 'ApiError',
      kind: 'http',
      status: 404,
      code: 'ENTITY_NOT_FOUND',
      providerMessage: 'user not found',
      requestId: 'r-1',
      retryable: false,
      attempts: 1,
    });
    expect(error).toMatchObject({ kind: 'http', status: 404, code: 'ENTITY_NOT_FOUND', requestId: 'r-1', retryable: false });
  });

  it('uses the provider mapper when it has words for the failure', async () => {
    const mapped = createHttpClient({
      provider: 'Example',
      mapError: (failure) =>
        failure.status === 409 ? { message: `Conflict on ${failure.baseUrl} ${failure.path}`, code: 'CONFLICT' } : undefined,
    });
    server.reply(respond(409, {}));
    const error = await failure(
      mapped.request({ baseUrl: `${baseUrl()}/`, token: TOKEN, method: 'GET', path: '/x/{id}', pathParams: { id: 'a1' } }),
    );
    expect(error.summary).toBe(`Conflict on ${baseUrl()} /x/a1.`);
    expect(error.code).toBe('CONFLICT');
  });

  it('never shows the token or the request body, even when the server echoes them', async () => {
    server.always((req, res) => {
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ message: `bad header ${req.headers.authorization} for body ${req.body}` }));
    });
    const error = await failure(
      client.request({ baseUrl: baseUrl(), token: TOKEN, method: 'POST', path: '/x', body: { password: 'hunter2-secret' } }),
    );
    expect(error.message).not.toContain(TOKEN);
    expect(error.message).toContain('[redacted]');
    expect(error.message).not.toContain('hunter2-secret');
    expect(JSON.stringify(error)).not.toContain(TOKEN);
    expect(error.stack ?? '').not.toContain(TOKEN);
  });

  it('redacts the token when the server echoes it in another case', async () => {
    server.reply((req, res) => {
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ message: `bad ${String(req.headers.authorization).toUpperCase()}` }));
    });
    const error = await failure(client.request({ baseUrl: baseUrl(), token: TOKEN, method: 'GET', path: '/x' }));
    expect(error.message.toUpperCase()).not.toContain(TOKEN.toUpperCase());
    expect(error.summary).toBe('Example answered 400 (bad request): bad BEARER [redacted].');
  });

  it('turns an HTML error page into a clear error with status and excerpt', async () => {
    server.always((_req, res) => {
      res.writeHead(502, { 'content-type': 'text/html' });
      res.end('<html><head><title>502</title><style>h1{}</style></head><body><h1>502 Bad Gateway</h1><hr><center>nginx</center></body></html>');
    });
    const error = await failure(client.request({ baseUrl: baseUrl(), token: TOKEN, method: 'POST', path: '/x', body: {} }));
    expect(error.summary).toBe('Example answered 502 (bad gateway): "502 502 Bad Gateway nginx".');
    expect(error.status).toBe(502);
  });

  it('turns a 200 with an HTML body into an invalid-response error', async () => {
    server.reply((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<!doctype html><html><body>Welcome to the dashboard</body></html>');
    });
    const error = await failure(client.request({ baseUrl: baseUrl(), token: TOKEN, method: 'GET', path: '/x' }));
    expect(error.kind).toBe('invalid_response');
    expect(error.summary).toBe(
      'Example answered 200 with a body that is not JSON: "Welcome to the dashboard". Check that the base URL points at the API, not at a web page.',
    );
  });

  it('accepts an empty success body', async () => {
    server.reply((_req, res) => {
      res.writeHead(204);
      res.end();
    });
    const response = await client.request({ baseUrl: baseUrl(), token: TOKEN, method: 'DELETE', path: '/x' });
    expect(response).toMatchObject({ status: 204, body: undefined });
  });

  it('explains an empty error body with its status', async () => {
    server.reply((_req, res) => {
      res.writeHead(401, { 'www-authenticate': 'Bearer' });
      res.end();
    });
    const error = await failure(client.request({ baseUrl: baseUrl(), token: TOKEN, method: 'GET', path: '/x' }));
    expect(error.summary).toBe('Example answered 401 (unauthorized).');
  });

  it('does not follow redirects, and says where it was sent', async () => {
    server.reply((_req, res) => {
      res.writeHead(301, { location: 'https://elsewhere.example.com/x' });
      res.end();
    });
    const error = await failure(client.request({ baseUrl: baseUrl(), token: TOKEN, method: 'GET', path: '/x' }));
    expect(error.summary).toBe(
      "Example redirected the request (301) to https://elsewhere.example.com/x. Put the final address in the connection's base URL.",
    );
    expect(server.requests).toHaveLength(1);
  });
});

describe('network failures', () => {
  it('names the host when the connection is refused, after bounded retries', async () => {
    const port = new URL(await closedUrl()).port;

    const error = await failure(client.request({ baseUrl: `http://127.0.0.1:${port}`, token: TOKEN, method: 'GET', path: '/x' }));
    expect(error.kind).toBe('network');
    expect(error.summary).toMatch(
      new RegExp(
        `^Could not connect to 127\\.0\\.0\\.1:${port}: the connection was refused\\. Check the base URL and that the server is running \\(3 attempts over \\d+(\\.\\d)? s\\)\\.$`,
      ),
    );

    const once = await failure(
      client.request({ baseUrl: `http://127.0.0.1:${port}`, token: TOKEN, method: 'POST', path: '/x', body: {} }),
    );
    expect(once.summary).toBe(
      `Could not connect to 127.0.0.1:${port}: the connection was refused. Check the base URL and that the server is running.`,
    );
  });

  it('names DNS failures', async () => {
    const error = await failure(
      client.request({ baseUrl: 'https://no-such-host.invalid', token: TOKEN, method: 'POST', path: '/x', body: {} }),
    );
    expect(error.summary).toBe('Could not resolve the host name no-such-host.invalid (DNS lookup failed). Check the base URL.');
  });

  describe('timeouts', () => {
    it('gives up after the per-attempt timeout, and retries only what is safe', async () => {
      server.always(() => undefined); // never answers
      const error = await failure(
        client.request({ baseUrl: baseUrl(), token: TOKEN, method: 'POST', path: '/x', body: {}, timeoutMs: 200 }),
      );
      expect(error.kind).toBe('timeout');
      expect(error.summary).toBe(`Example at ${new URL(baseUrl()).host} did not answer within 0.2 s.`);
      expect(server.requests).toHaveLength(1);
    });
  });
});

describe('default wording', () => {
  it('does not double the full stop when the provider ends its own sentence', async () => {
    server.reply(respond(400, { message: 'Database unavailable.' }));
    const error = await failure(client.request({ baseUrl: baseUrl(), token: TOKEN, method: 'GET', path: '/x' }));
    expect(error.summary).toBe('Example answered 400 (bad request): Database unavailable.');
  });
});
