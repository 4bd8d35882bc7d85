// Test-side glue for this piece: a fake engine context, user fixtures and a paging responder.
// The HTTP server itself is the shared one; the network boundary is the only thing faked.
import { Action, PropertyContext } from '@activepieces/pieces-framework';
import { AppConnectionType } from '@activepieces/shared';
import { ApiError, InputError } from '@user-admin-pieces/common';
import { json, RecordedRequest, Responder, TestServer } from '@user-admin-pieces/common/testing';
import { PlatformUser } from '../src/lib/common/types';

/** Shaped like a real key (`sk-` and 61 alphanumerics) so a leak would be recognisable. */
export const API_KEY = 'sk-' + 'Zq7'.repeat(20) + 'X';

export interface LiveServer {
  server: TestServer;
  /** `http://127.0.0.1:<port>`, set once the server listens. */
  origin: string;
}

/** One real HTTP server for the calling test file: started first, emptied after each test, stopped last. */
export function useTestServer(): LiveServer {
  const live: LiveServer = { server: new TestServer(), origin: '' };
  beforeAll(async () => {
    live.origin = await live.server.start();
  });
  afterEach(() => live.server.reset());
  afterAll(() => live.server.stop());
  return live;
}

/** The wrong-base-URL sentence, spelled out once so the tests pin its exact words. */
export function notAnApiSentence(apiBaseUrl: string, detail: string): string {
  return `${apiBaseUrl} is not an Activepieces API (${detail}). Set the connection's base URL to your Activepieces address, e.g. https://cloud.activepieces.com/api/v1.`;
}

export interface TestConnection {
  baseApiUrl: string;
  apiKey: string;
}

/** The connection value the engine passes as `ctx.auth` and as `propsValue.auth` in dropdowns. */
export function authValue(baseApiUrl: string, apiKey = API_KEY) {
  return { type: AppConnectionType.CUSTOM_AUTH as const, props: { baseApiUrl, apiKey } };
}

/** Runs an action the way the engine does, with only the context fields our actions read. */
export function runAction(action: Action, connection: TestConnection, propsValue: Record<string, unknown>): Promise<unknown> {
  const ctx = { auth: authValue(connection.baseApiUrl, connection.apiKey), propsValue };
  return action.run(ctx as unknown as Parameters<Action['run']>[0]);
}

export function propertyContext(searchValue?: string): PropertyContext {
  return { searchValue } as unknown as PropertyContext;
}

export function userId(n: number): string {
  return `usr${String(n).padStart(18, '0')}`;
}

export function user(n: number, overrides: Partial<PlatformUser> = {}): PlatformUser {
  return {
    id: userId(n),
    email: `person${n}@example.com`,
    firstName: `First${n}`,
    lastName: `Last${n}`,
    status: 'ACTIVE',
    platformRole: 'MEMBER',
    externalId: null,
    platformId: 'plat0000000000000001x',
    created: '2026-01-01T00:00:00.000Z',
    updated: '2026-01-01T00:00:00.000Z',
    lastActiveDate: null,
    imageUrl: null,
    ...overrides,
  };
}

export function users(count: number): PlatformUser[] {
  return Array.from({ length: count }, (_, i) => user(i + 1));
}

/** Serves `GET /v1/users` from a fixed list, honouring `limit` and `cursor` like the API. */
export function pagedUsers(all: PlatformUser[]): Responder {
  return (request, response) => {
    const query = queryOf(request);
    const limit = Number(query['limit'] ?? 10);
    const start = Number(query['cursor'] ?? 0);
    const end = start + limit;
    json(response, 200, { data: all.slice(start, end), next: end < all.length ? String(end) : null, previous: null });
  };
}

export function pathOf(request: RecordedRequest): string {
  return new URL(request.path, 'http://test').pathname;
}

export function queryOf(request: RecordedRequest): Record<string, string> {
  return Object.fromEntries(new URL(request.path, 'http://test').searchParams);
}

/** An API key pasted from a document that curled its quotes: a header cannot carry it. */
export const SMART_QUOTED_KEY = `\u201c${API_KEY}\u201d`;

/** What the shared client says about such a key (or one with spaces or line breaks) in the `apiKey` prop. */
export const UNSENDABLE_KEY_SENTENCE =
  'The API key contains spaces, line breaks or characters such as smart quotes that cannot be sent. Paste it again as plain text.';

/** An answer that is not JSON: a web page, a proxy's error page. */
export const htmlPage =
  (status: number, html: string, headers: Record<string, string> = {}): Responder =>
  (_request, response) => {
    response.writeHead(status, { 'content-type': 'text/html', ...headers });
    response.end(html);
  };

/** nginx's own 502 page, as it sends it when the upstream is down. */
export const nginxBadGateway = htmlPage(
  502,
  '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n',
);

/**
 * Calls `call` against a server that takes the request and never answers, on Jest's fake clock
 * (sockets stay real). Fails unless the call is still waiting at `ms - 1` and has given up at
 * `ms`, so a retry or a longer timeout shows; returns what the call resolved to.
 */
export async function outcomeWhenSilent<T>(server: TestServer, call: () => Promise<T>, ms: number): Promise<T> {
  jest.useFakeTimers({ doNotFake: ['setImmediate', 'nextTick', 'queueMicrotask', 'performance'] });
  try {
    server.always(() => undefined);
    let settled = false;
    const outcome = call().finally(() => {
      settled = true;
    });
    outcome.catch(() => undefined);
    await until(() => server.requests.length > 0, 'the request to reach the server');
    await jest.advanceTimersByTimeAsync(ms - 1);
    if (settled) throw new Error(`the call gave up before ${ms} ms`);
    await jest.advanceTimersByTimeAsync(1);
    await until(() => settled, `the call to give up at ${ms} ms`);
    return await outcome;
  } finally {
    jest.useRealTimers();
  }
}

/** Lets real I/O run until `condition` holds; fails after 2 s of real time. */
async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = performance.now() + 2_000;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** The error a promise rejects with; fails the test when it resolves. */
export async function rejection(promise: Promise<unknown>): Promise<ApiError | InputError> {
  const outcome = await promise.then(
    (value: unknown) => ({ resolved: value }),
    (error: unknown) => ({ error }),
  );
  if (!('error' in outcome)) throw new Error(`expected a rejection, got ${JSON.stringify(outcome.resolved)}`);
  if (!(outcome.error instanceof ApiError) && !(outcome.error instanceof InputError)) throw outcome.error;
  return outcome.error;
}
