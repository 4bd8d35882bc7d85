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
