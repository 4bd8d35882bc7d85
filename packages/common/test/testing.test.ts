// The shared test helpers in ../testing: what the pieces' tests rely on them to catch.
import { get as httpGet } from 'node:http';
import { ApiError, createHttpClient, InputError } from '../src';
import {
  closedUrl,
  fakeDateAndTimers,
  fakeDateOnly,
  htmlPage,
  propertyContext,
  rejection,
  settlesAfter,
  untilRequests,
  useTestServer,
} from '../testing';

const live = useTestServer();
const { server } = live;

const urlBeforeListening = (() => {
  try {
    return live.url();
  } catch (error) {
    return (error as Error).message;
  }
})();

/** A GET with attempts of `timeoutMs`: one, or a second after `backOffMs` when that is given. */
const get = (timeoutMs: number, backOffMs?: number) =>
  createHttpClient({
    provider: 'Example',
    timeoutMs,
    retry: backOffMs === undefined ? { maxAttempts: 1 } : { maxAttempts: 2, baseDelayMs: backOffMs },
  }).request({ baseUrl: live.url(), token: 'token', method: 'GET', path: '/x' });
const summary = (promise: Promise<unknown>) => rejection(promise).then((error) => error.summary);

describe('useTestServer', () => {
  it('has no URL before the server listens', () => {
    expect(urlBeforeListening).toBe('the test server is not listening yet: call url() inside a test or a hook');
  });

  it('gives the loopback URL the server listens on', async () => {
    expect(live.url()).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    await get(1_000);
    expect(server.requests).toHaveLength(1);
  });

  it('starts each test with no recorded requests (runs after the test above)', () => {
    expect(server.requests).toHaveLength(0);
  });
});

describe('htmlPage', () => {
  it('answers with the page as text/html, with the status and headers given', async () => {
    server.reply(htmlPage(502, '<h1>Bad Gateway</h1>', { 'retry-after': '0' }));
    const response = await fetch(`${live.url()}/page`);
    expect(response.status).toBe(502);
    expect(response.headers.get('content-type')).toBe('text/html');
    expect(response.headers.get('retry-after')).toBe('0');
    await expect(response.text()).resolves.toBe('<h1>Bad Gateway</h1>');
  });
});

describe('rejection', () => {
  it('returns the ApiError or InputError a promise rejects with', async () => {
    const input = new InputError('field', 'bad input');
    await expect(rejection(Promise.reject(input))).resolves.toBe(input);
    const api = new ApiError({ kind: 'timeout', message: 'too slow', retryable: false });
    await expect(rejection(Promise.reject(api))).resolves.toBe(api);
  });

  it('fails when the promise resolves', async () => {
    await expect(rejection(Promise.resolve({ ok: true }))).rejects.toThrow('expected a rejection, got {"ok":true}');
  });

  it('rethrows any other error', async () => {
    const other = new TypeError('not ours');
    await expect(rejection(Promise.reject(other))).rejects.toBe(other);
  });

  it('given a class, returns only an error of that class and rethrows the others', async () => {
    const api = new ApiError({ kind: 'http', status: 404, message: 'gone', retryable: false });
    await expect(rejection(Promise.reject(api), ApiError)).resolves.toBe(api);
    const input = new InputError('field', 'bad input');
    await expect(rejection(Promise.reject(input), ApiError)).rejects.toBe(input);
    await expect(rejection(Promise.resolve('fine'), ApiError)).rejects.toThrow('expected a rejection, got "fine"');
  });
});

describe('closedUrl', () => {
  it('is a loopback URL whose connections are refused', async () => {
    const url = await closedUrl();
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    await expect(fetch(url)).rejects.toMatchObject({ cause: { code: 'ECONNREFUSED' } });
  });
});

describe('fake clocks', () => {
  afterEach(() => jest.useRealTimers());

  it('fakeDateOnly moves Date alone: timers keep real time', async () => {
    fakeDateOnly();
    const before = Date.now();
    jest.setSystemTime(before + 60_000);
    expect(Date.now()).toBeGreaterThanOrEqual(before + 60_000);
    await expect(new Promise((resolve) => setTimeout(() => resolve('fired'), 1))).resolves.toBe('fired');
  });

  it('fakeDateAndTimers moves Date and timers together; setImmediate stays real', async () => {
    fakeDateAndTimers();
    let fired = false;
    setTimeout(() => (fired = true), 10_000);
    await new Promise((resolve) => setImmediate(resolve));
    expect(fired).toBe(false);
    const before = Date.now();
    await jest.advanceTimersByTimeAsync(10_000);
    expect(fired).toBe(true);
    expect(Date.now()).toBe(before + 10_000);
  });
});

describe('untilRequests', () => {
  it('waits for the requests a call is still sending', async () => {
    const pending = fetch(`${live.url()}/a`).then(() => fetch(`${live.url()}/b`));
    await untilRequests(server, 2);
    expect(server.requests.map((r) => r.path)).toEqual(['/a', '/b']);
    await pending;
  });

  it('fails, saying how many came, when they do not', async () => {
    await expect(untilRequests(server, 1)).rejects.toThrow('the server saw 0 requests, not 1');
  });
});

describe('propertyContext', () => {
  it('carries the search text only when there is one', () => {
    expect(propertyContext()).toEqual({});
    expect(propertyContext('jane')).toEqual({ searchValue: 'jane' });
  });
});

describe('settlesAfter', () => {
  it('returns what a call that gives up at exactly that time resolved to, after one request', async () => {
    const outcome = await settlesAfter(10_000, server, () => summary(get(10_000)));
    expect(outcome).toBe(`Example at ${new URL(live.url()).host} did not answer within 10 s.`);
    expect(server.requests).toHaveLength(1);
  });

  it('rejects with what the call rejected with', async () => {
    await expect(settlesAfter(10_000, server, () => get(10_000))).rejects.toMatchObject({ kind: 'timeout' });
  });

  it('fails a call that gives up 1 ms early', async () => {
    await expect(settlesAfter(10_000, server, () => get(9_999))).rejects.toThrow('the call settled before 10000 ms');
  });

  it('fails a call that settles at that time after two requests', async () => {
    await expect(settlesAfter(10_000, server, () => get(4_000).catch(() => get(6_000)))).rejects.toThrow(
      'expected exactly one request, the server got 2',
    );
  });

  it('fails a call that waits to try again', async () => {
    await expect(settlesAfter(10_000, server, () => get(10_000, 500))).rejects.toThrow(
      'the call had not settled at 10000 ms: it waits longer, or waits to try again',
    );
  });

  it('fails a call that waits longer', async () => {
    // Not the client: its request would stay open past this test and end, reading Date, after the file is torn down.
    const waitsLonger = () =>
      new Promise((resolve, reject) => {
        const request = httpGet(`${live.url()}/x`);
        request.on('error', reject);
        setTimeout(() => resolve(request.destroy()), 10_001);
      });
    await expect(settlesAfter(10_000, server, waitsLonger)).rejects.toThrow(
      'the call had not settled at 10000 ms: it waits longer, or waits to try again',
    );
  });

  it('fails a call that never reaches the server', async () => {
    await expect(settlesAfter(10_000, server, () => Promise.resolve('done'))).rejects.toThrow(
      'the call settled before the clock moved',
    );
  });
});
