// The request function against servers that echo the token, send too much, lie about their
// encoding or speak the wrong protocol. Each case runs against a real server on 127.0.0.1.
import { inspect } from 'node:util';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { ApiError, createHttpClient, createRedactor, InputError, MAX_BODY_BYTES } from '../src';
import { createCustomApiCallAction } from '../src/lib/actions/custom-api-call';
import { htmlPage, rejection, respond, runActionInProcess, useTestServer } from '../testing';
import { PieceAuth } from '@activepieces/pieces-framework';

const TOKEN = 'sk-Hostile0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJ';
const { server, url } = useTestServer();
const client = createHttpClient({ provider: 'Example', retry: { baseDelayMs: 5, maxDelayMs: 2_000, maxTotalMs: 10_000 } });

/** Every 8-character piece of `secret`, lower-cased: none may appear anywhere. */
function pieces(secret: string): string[] {
  const out: string[] = [];
  for (let i = 0; i + 8 <= secret.length; i++) out.push(secret.slice(i, i + 8).toLowerCase());
  return out;
}

/** Fails when any 8-character piece of the token shows in the text, in any case. */
function expectNoTokenIn(text: string, secret = TOKEN): void {
  const lower = text.toLowerCase();
  const leaked = pieces(secret).find((piece) => lower.includes(piece));
  expect(leaked).toBeUndefined();
}

/** The error's message, own properties and inspected form: everything a project member may read. */
function everythingShown(error: unknown): string {
  return [String((error as Error).message), JSON.stringify({ ...(error as object) }), inspect(error, { depth: 5 })].join('\n');
}

/** The ApiError a request fails with; anything else fails the test. */
const failure = (promise: Promise<unknown>) => rejection(promise, ApiError);

const get = (extra: Partial<Parameters<typeof client.request>[0]> = {}) =>
  client.request<unknown>({ baseUrl: url(), token: TOKEN, method: 'GET', path: '/x', ...extra });

describe('the token never shows, whatever the server echoes', () => {
  it.each(['x-request-id', 'request-id', 'x-correlation-id', 'traceparent'])('in the %s header', async (header) => {
    server.reply(respond(500, { message: 'boom' }, { [header]: `id-${TOKEN}` }));
    const error = await failure(get({ maxAttempts: 1 }));
    expectNoTokenIn(everythingShown(error));
    expect(error.requestId).toBe('id-[redacted]');
  });

  it('in a request id on a success', async () => {
    server.reply(respond(200, { ok: true }, { 'x-request-id': TOKEN }));
    const response = await get();
    expect(response.requestId).toBe('[redacted]');
  });

  it('in the code and message fields a mapper copies', async () => {
    server.reply(respond(400, { code: TOKEN, message: `bad key ${TOKEN.toUpperCase()}` }));
    const error = await failure(get());
    expectNoTokenIn(everythingShown(error));
    expect(error.message).toBe('Example answered 400 (bad request): bad key [redacted].');
    expect(error.code).toBe('[redacted]');
  });

  it.each([
    ['percent-encoded', encodeURIComponent(TOKEN).replace(/[a-z0-9]/gi, (c) => `%${c.charCodeAt(0).toString(16)}`)],
    ['JSON-escaped', TOKEN.split('').map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('')],
    ['split by a tag', `${TOKEN.slice(0, 20)}<b></b>${TOKEN.slice(20)}`],
    ['split by a line break', `${TOKEN.slice(0, 30)}\n${TOKEN.slice(30)}`],
    ['across the excerpt cut', `${'x'.repeat(190)}${TOKEN}`],
    ['only a 9-character piece', TOKEN.slice(10, 19)],
  ])('in an HTML error page, %s', async (_name, echoed) => {
    server.always((_req, res) => {
      res.writeHead(502, { 'content-type': 'text/html' });
      res.end(`<html><body>${echoed}</body></html>`);
    });
    const error = await failure(get({ maxAttempts: 1 }));
    expectNoTokenIn(everythingShown(error));
    expect(error.message).toMatch(/^Example answered 502 \(bad gateway\): ".*\[redacted\]/);
  });

  it.each([
    ['as HTML character references', (t: string) => t.split('').map((c) => `&#${c.charCodeAt(0)};`).join('')],
    ['as hexadecimal references, one in two', (t: string) => t.split('').map((c, i) => (i % 2 ? `&#x${c.charCodeAt(0).toString(16)};` : c)).join('')],
    ['percent-encoded twice', (t: string) => t.split('').map((c) => `%25${c.charCodeAt(0).toString(16)}`).join('')],
    ['split every 7 characters by a line break', (t: string) => t.replace(/(.{7})/g, '$1\n')],
  ])('in a page, %s', async (_name, encode) => {
    server.reply(htmlPage(401, `<p>Bad token ${encode(TOKEN)}</p>`));
    const error = await rejection(get({ maxAttempts: 1 }), ApiError);
    expectNoTokenIn(everythingShown(error));
  });

  it.each([
    ['a percent escape', 'sk-a%41b%42c%43d%44e%45f%46g%47h'],
    ['backslashes and quotes', 'sk-ab\\"cdefg\\/hijklm\\"nopq'],
  ])('when the token itself holds %s and is echoed raw', async (_name, token) => {
    server.reply((req, res) => {
      res.writeHead(401, { 'content-type': 'text/plain' });
      res.end(`bad token ${req.headers.authorization}`);
    });
    const error = await rejection(client.request({ baseUrl: url(), token, method: 'GET', path: '/x' }), ApiError);
    expectNoTokenIn(everythingShown(error), token);
  });

  it('keeps our own words when a short token is part of them', async () => {
    server.reply(respond(404, { message: 'no such thing' }));
    const error = await rejection(client.request({ baseUrl: url(), token: 'ans', method: 'GET', path: '/x' }), ApiError);
    expect(error.message).toBe('Example answered 404 (not found): no such thing.');
  });

  it('does not blank a short request body out of the answer', async () => {
    server.reply(respond(200, { id: 1001, count: 10, note: 'true story' }));
    const response = await client.request({ baseUrl: url(), token: TOKEN, method: 'PUT', path: '/x', body: 0 });
    expect(response.body).toEqual({ id: 1001, count: 10, note: 'true story' });
  });

  it('when the token is shorter than 8 characters: whole occurrences go', async () => {
    server.reply(respond(400, { message: 'key abc12 is wrong; ABC12 too' }));
    const error = await failure(client.request({ baseUrl: url(), token: 'abc12', method: 'GET', path: '/x' }));
    expect(error.message).toBe('Example answered 400 (bad request): key [redacted] is wrong; [redacted] too.');
  });

  it('with a token and body too long for a pattern, keeping the provider\'s own words', async () => {
    const longToken = `sk-${'k'.repeat(10_000)}`;
    const longBody = { notes: 'n'.repeat(40_000) };
    server.reply((req, res) => respond(400, { message: `rejected: ${req.body}`, code: 'TOO_BIG' })(req, res));
    const error = await failure(client.request({ baseUrl: url(), token: longToken, method: 'POST', path: '/x', body: longBody }));
    expect(error.message).toBe('Example answered 400 (bad request): rejected: [redacted].');
    expect(error.code).toBe('TOO_BIG');
  });

  it('in a success body: strings, keys and numbers', async () => {
    server.reply(respond(200, { id: 'u1', echo: `Bearer ${TOKEN}`, [TOKEN]: 1, list: [TOKEN.toLowerCase()] }));
    const response = await get();
    expect(response.body).toEqual({ id: 'u1', echo: 'Bearer [redacted]', '[redacted]': 1, list: ['[redacted]'] });
  });

  it('keeps a success body exact when the caller asks for the raw body (a read that is written back)', async () => {
    server.reply(respond(200, { notes: `code ${TOKEN}` }));
    const response = await get({ rawBody: true });
    expect(response.body).toEqual({ notes: `code ${TOKEN}` });
  });

  it('in a custom API call: the output headers and body', async () => {
    const auth = PieceAuth.SecretText({ displayName: 'Token', required: true });
    const action = createCustomApiCallAction({
      auth,
      client,
      connection: () => ({ baseUrl: url(), token: TOKEN }),
      urlHint: 'Relative to the base URL.',
    });
    server.reply(respond(200, { youSent: `Bearer ${TOKEN}` }, { 'x-echo': `Bearer ${TOKEN}`, 'set-cookie': `s=${TOKEN.slice(5, 20)}` }));
    const output = await runActionInProcess(action, {}, { url: '/x', method: 'GET' });
    expectNoTokenIn(JSON.stringify(output));
    expect(output).toMatchObject({ status: 200, body: { youSent: 'Bearer [redacted]' }, headers: { 'x-echo': 'Bearer [redacted]' } });
  });
});

describe('bounded work', () => {
  it('refuses an endless body at the size cap, once, with a sentence that says so', async () => {
    const chunk = Buffer.alloc(64 * 1024, 'a');
    let written = 0;
    server.always((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      const pump = () => {
        while (written < MAX_BODY_BYTES * 4 && res.write(chunk)) written += chunk.length;
        if (written < MAX_BODY_BYTES * 4) res.once('drain', pump);
        else res.end();
      };
      res.on('close', () => (written = Infinity));
      pump();
    });
    const error = await failure(get());
    expect(error.message).toBe(
      `Example at ${new URL(url()).host} answered with more than 8 MiB, far more than any answer this piece expects; the rest was not read.`,
    );
    expect(error.retryable).toBe(false);
    expect(server.requests).toHaveLength(1);
  });

  it('refuses a body whose Content-Length is over the cap without reading it', async () => {
    server.reply((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(MAX_BODY_BYTES + 1) });
      res.write('{');
    });
    const error = await failure(get());
    expect(error.message).toMatch(/answered with more than 8 MiB/);
  });

  it('refuses a compressed body that expands past the cap', async () => {
    const bomb = gzipSync(Buffer.alloc(MAX_BODY_BYTES + 1024, ' '));
    server.reply((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
      res.end(bomb);
    });
    const error = await failure(get());
    expect(error.message).toBe('Example answered with more than 8 MiB, far more than any answer this piece expects; the rest was not read.');
  });

  it('cleans a megabyte of unclosed script tags in linear time', async () => {
    server.always((_req, res) => {
      res.writeHead(500, { 'content-type': 'text/html' });
      res.end('<script'.repeat(150_000));
    });
    const started = process.hrtime.bigint();
    const error = await failure(get({ maxAttempts: 1 }));
    const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
    expect(error.message).toBe('Example answered 500 (server error).');
    // A functional bound, not a benchmark: the quadratic version took minutes.
    expect(elapsedMs).toBeLessThan(2_000);
  });
});

describe('bounded work, whatever the answer or the settings', () => {
  it('keeps the attempt cap when a setting is not a number', async () => {
    const loose = createHttpClient({ provider: 'Example', retry: { maxAttempts: undefined, baseDelayMs: 1 } });
    server.always(respond(429, {}, { 'retry-after': '0' }));
    await rejection(loose.request({ baseUrl: url(), token: TOKEN, method: 'GET', path: '/x', maxAttempts: Number.NaN }), ApiError);
    expect(server.requests).toHaveLength(3);
  });

  it('refuses a body nested too deep to walk as an ApiError, not a stack overflow', async () => {
    server.reply((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(`${'['.repeat(100_000)}"x"${']'.repeat(100_000)}`);
    });
    const response = await get().catch((error: unknown) => error);
    // Either read (the walk is iterative) or refused as an ApiError: never a RangeError.
    expect(response instanceof ApiError || (response as { status?: number }).status === 200).toBe(true);
  });

  it('reads no body from a 204 whatever its Content-Length says', async () => {
    server.reply((_req, res) => {
      res.writeHead(204, { 'content-length': String(MAX_BODY_BYTES * 2) });
      res.end();
    });
    expect((await get()).status).toBe(204);
  });

  it('takes a complete answer followed by stray bytes as the answer', async () => {
    server.reply((req, res) => {
      res.socket?.end('HTTP/1.1 201 Created\r\ncontent-type: application/json\r\ncontent-length: 11\r\n\r\n{"ok":true}garbage\r\n');
    });
    const response = await client.request({ baseUrl: url(), token: TOKEN, method: 'POST', path: '/x', body: { a: 1 } });
    expect(response).toMatchObject({ status: 201, body: { ok: true } });
  });

  it('refuses an error page that expands past the cap, once', async () => {
    const bomb = gzipSync(Buffer.alloc(MAX_BODY_BYTES + 1024, ' '));
    server.always((_req, res) => {
      res.writeHead(500, { 'content-type': 'text/html', 'content-encoding': 'gzip' });
      res.end(bomb);
    });
    const error = await rejection(get(), ApiError);
    expect(error.message).toMatch(/answered with more than 8 MiB/);
    expect(server.requests).toHaveLength(1);
  });
});

describe('bodies decoded exactly', () => {
  it('decodes windows-1252 with its own characters (Node 20 reads it as ISO-8859-1)', async () => {
    server.reply((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json; charset=windows-1252' });
      res.end(Buffer.concat([Buffer.from('{"note":"'), Buffer.from([0x80, 0x93, 0x94, 0x99]), Buffer.from('"}')]));
    });
    expect((await get()).body).toEqual({ note: '€“”™' });
  });

  it('honours a declared charset', async () => {
    server.reply((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json; charset=iso-8859-1' });
      res.end(Buffer.from('{"name":"José Muñoz"}', 'latin1'));
    });
    expect((await get()).body).toEqual({ name: 'José Muñoz' });
  });

  it('refuses a body that is not valid in its charset, rather than guess', async () => {
    server.reply((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(Buffer.from('{"name":"Jos\xe9"}', 'latin1'));
    });
    const error = await failure(get());
    expect(error.message).toBe(
      'Example answered 200 with a body that is not valid utf-8 text, so it cannot be read exactly. Check that the base URL points at the API, not at a web page.',
    );
  });

  it('refuses a charset it cannot decode', async () => {
    server.reply((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json; charset=x-klingon' });
      res.end('{}');
    });
    const error = await failure(get());
    expect(error.message).toMatch(/declares the charset "x-klingon", which cannot be decoded here/);
  });

  it('reads JSON that starts with a byte-order mark', async () => {
    server.reply((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"ok":true}')]));
    });
    expect((await get()).body).toEqual({ ok: true });
  });

  it('reads a gzip body sent unasked, and quotes a gzipped error page as text', async () => {
    server.reply(
      (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
        res.end(gzipSync('{"ok":true}'));
      },
      (_req, res) => {
        res.writeHead(404, { 'content-type': 'text/html', 'content-encoding': 'gzip' });
        res.end(gzipSync('<h1>Nothing here</h1>'));
      },
    );
    expect((await get()).body).toEqual({ ok: true });
    const error = await failure(get());
    expect(error.message).toBe('Example answered 404 (not found): "Nothing here".');
  });

  it.each([
    ['deflate', deflateSync],
    ['br', brotliCompressSync],
  ])('reads a %s body sent unasked', async (encoding, compress) => {
    server.reply((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': encoding });
      res.end(compress(Buffer.from('{"name":"Zoë"}')));
    });
    expect((await get()).body).toEqual({ name: 'Zoë' });
  });
});

describe('odd answers get a clear sentence', () => {
  it('accepts a 20 KB response header, and refuses one over 64 KiB without retrying', async () => {
    server.reply(respond(200, { ok: true }, { 'x-big': 'a'.repeat(20_000) }), respond(200, {}, { 'x-big': 'a'.repeat(70_000) }));
    expect((await get()).body).toEqual({ ok: true });
    const error = await failure(get());
    expect(error.message).toBe(`${new URL(url()).host} answered with response headers larger than 64 KiB, which this piece does not read.`);
    expect(server.requests).toHaveLength(2);
  });

  it('says the server may speak plain http when https meets a plain port, and does not retry', async () => {
    const host = new URL(url()).host;
    const error = await failure(client.request({ baseUrl: `https://${host}`, token: TOKEN, method: 'GET', path: '/x' }));
    expect(error.message).toBe(
      `${host} did not answer with TLS: the server may speak plain http on this port. Check the base URL's scheme and port (https:// needs the server's TLS port).`,
    );
    expect(error.retryable).toBe(false);
  });

  it('says how long the server asked to wait when that is over the cap', async () => {
    server.reply(respond(429, { message: 'slow down' }, { 'retry-after': '120' }));
    const error = await failure(get());
    expect(error.message).toBe(
      'Example answered 429 (too many requests): slow down. The server asked to wait 120 s before trying again, longer than the 2 s this step waits; run it again later.',
    );
    expect(server.requests).toHaveLength(1);
  });

  it('drops a doubled slash from the base URL', async () => {
    server.reply(respond(200, {}));
    await client.request({ baseUrl: `${url()}//api//v1/`, token: TOKEN, method: 'GET', path: '/x' });
    expect(server.requests[0].path).toBe('/api/v1/x');
  });

  it('refuses a header value a header cannot carry, naming the header, before any request', async () => {
    const error = await client
      .request({ baseUrl: url(), token: TOKEN, method: 'GET', path: '/x', headers: { 'x-name': 'Zoë 😀' } })
      .catch((e: unknown) => e);
    expect(error).toEqual(
      new InputError(
        'headers',
        'The value of the header "x-name" has characters a header cannot carry (only Latin-1 text, no control characters). Percent-encode it, or send it in the body.',
      ),
    );
    expect(server.requests).toHaveLength(0);
  });
});

describe('a deadline bounds the whole request', () => {
  it('stops retrying when the next wait would pass the deadline', async () => {
    server.always(respond(503, {}, { 'retry-after': '1' }));
    const error = await failure(get({ deadline: Date.now() + 500 }));
    expect(error.status).toBe(503);
    expect(server.requests).toHaveLength(1);
  });
});

describe('a server that hangs up mid-body', () => {
  it('is a network failure, retried for a GET, never a half-parsed answer', async () => {
    server.always((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
      res.write('{"partial":');
      res.destroy();
    });
    const error = await failure(get());
    expect(error).toMatchObject({ kind: 'network' });
    expect(error.summary).toMatch(new RegExp(`^The connection to ${new URL(url()).host} was closed unexpectedly \\(3 attempts over [\\d.]+ s\\)\\.$`));
    expect(server.requests).toHaveLength(3);
  });
});

describe('the redactor on its own', () => {
  it.each([
    ['x', 'a x b', 'a [redacted] b'],
    ['ab', 'ab, cab, AB', '[redacted], cab, [redacted]'],
    ['sk-0123456789abcdef', 'id 23456789, and %32%33%34%35%36%37%38%39', 'id [redacted], and [redacted]'],
  ])('token %j in %j', (token, text, expected) => {
    expect(createRedactor(token)(text)).toBe(expected);
  });
});

describe('request ids', () => {
  it('keeps the id of every attempt, a retried one included', async () => {
    server.reply(respond(503, {}, { 'x-request-id': 'first', 'retry-after': '0' }), respond(200, {}, { 'x-request-id': 'second' }));
    const response = await get();
    expect(response).toMatchObject({ requestId: 'second', requestIds: ['first', 'second'], attempts: 2 });
  });
});
