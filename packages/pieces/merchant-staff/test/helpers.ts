import { Action, PropertyContext } from '@activepieces/pieces-framework';
import { AppConnectionType } from '@activepieces/shared';
import { ApiError, InputError } from '@user-admin-pieces/common';
import { json, RecordedRequest, Responder, TestServer } from '@user-admin-pieces/common/testing';
import { createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { MerchantStaffAuthProps } from '../src/lib/common/client';

/** Long and distinctive, so a leak into any message would be found by a plain substring search. */
export const TOKEN = 'ms-token-7f3c9a1e5b2d4f608a9c1e3b5d7f9a2c4e6b8d0f';

export const USER_ID = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
/** The provider's own example id: upper case, and not an RFC 4122 version. */
export const DOCS_USER_ID = '2489E9AD-2EE2-8E00-8EC9-32D5F69181C0';

/** One recording server on 127.0.0.1 per test file, emptied after every test. */
export function useTestServer(): { server: TestServer; baseUrl: () => string } {
  const server = new TestServer();
  let baseUrl = '';
  beforeAll(async () => {
    baseUrl = await server.start();
  });
  afterEach(() => server.reset());
  afterAll(() => server.stop());
  return { server, baseUrl: () => baseUrl };
}

export function authProps(baseUrl: string, apiToken = TOKEN): MerchantStaffAuthProps {
  return { baseUrl, apiToken };
}

/** The connection value the engine hands to actions and dropdowns for a CustomAuth. */
export function connectionValue(props: MerchantStaffAuthProps) {
  return { type: AppConnectionType.CUSTOM_AUTH as const, props };
}

/** Runs an action with the smallest context it reads: the connection and the props. */
export function runAction(action: Action, auth: MerchantStaffAuthProps, propsValue: Record<string, unknown>): Promise<unknown> {
  const ctx = { auth: connectionValue(auth), propsValue };
  return action.run(ctx as unknown as Parameters<Action['run']>[0]);
}

/** Property context for dropdown `options()`; ours read nothing from it. */
export const propertyContext = {} as PropertyContext;

/** The error a call was refused with; fails the test when it succeeded or threw something else. */
export async function refusal(promise: Promise<unknown>): Promise<ApiError | InputError> {
  const outcome = await promise.then(
    (value: unknown) => ({ value }),
    (error: unknown) => ({ error }),
  );
  if (!('error' in outcome)) throw new Error(`expected a refusal, got ${JSON.stringify(outcome.value)}`);
  if (outcome.error instanceof ApiError || outcome.error instanceof InputError) return outcome.error;
  throw outcome.error;
}

export function bodyOf(request: RecordedRequest): unknown {
  return JSON.parse(request.body);
}

/** A staff user as the API returns it. */
export function staffUser(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: USER_ID,
    merchantId: '9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d',
    email: 'jane@shop.example',
    firstName: 'Jane',
    lastName: 'Doe',
    fullName: 'Jane Doe',
    role: 'Staff',
    isActive: true,
    lastLoginAt: null,
    createdAt: '2024-01-02T03:04:05Z',
    updatedAt: '2024-06-07T08:09:10Z',
    ...overrides,
  };
}

/** Answers with a body that is not JSON, as a proxy or a misconfigured host would. */
export const respondText =
  (status: number, text: string, headers: Record<string, string> = {}): Responder =>
  (_req, res) => {
    res.writeHead(status, { 'content-type': 'text/html', ...headers });
    res.end(text);
  };

/** Echoes the body the PUT sent, as the updated user. */
export const echoPut =
  (extra: Record<string, unknown> = {}): Responder =>
  (req, res) =>
    json(res, 200, { ...staffUser(), ...(JSON.parse(req.body) as object), ...extra });

/** What the shared client says, naming the connection's prop, for a token a header cannot carry. */
export const BAD_TOKEN_SENTENCE =
  'The API token contains spaces, line breaks or characters such as smart quotes that cannot be sent. Paste it again as plain text.';

/**
 * Starts `call` against a server on 127.0.0.1 that never answers, with setTimeout faked, and
 * checks that it gives up after exactly one attempt of 10 s: still waiting at 9.999 s, settled at
 * 10 s, one request in all. Returns what the call resolved to, and the host it was sent to.
 */
export async function afterOneTenSecondAttempt(call: (baseUrl: string) => Promise<unknown>): Promise<{ outcome: unknown; host: string }> {
  let hits = 0;
  const silent = createServer(() => {
    hits++;
  });
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
  // setImmediate stays real, so these waits work while setTimeout is faked.
  const turns = async (count: number, until: () => boolean = () => false) => {
    for (let turn = 0; turn < count && !until(); turn++) await new Promise<void>((resolve) => setImmediate(resolve));
  };
  jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'clearImmediate', 'queueMicrotask', 'Date', 'hrtime', 'performance'] });
  try {
    let settled = false;
    const outcome = call(baseUrl).finally(() => (settled = true));
    await turns(5_000, () => hits > 0);
    expect(hits).toBe(1);
    jest.advanceTimersByTime(9_999);
    await turns(20);
    expect(settled).toBe(false);
    jest.advanceTimersByTime(1);
    // Bounded, so a call that starts another attempt (whose back-off never elapses here) fails the test instead of hanging it.
    await turns(5_000, () => settled);
    expect(settled).toBe(true);
    expect(hits).toBe(1);
    return { outcome: await outcome, host: new URL(baseUrl).host };
  } finally {
    jest.useRealTimers();
    silent.closeAllConnections();
    await new Promise<void>((resolve) => silent.close(() => resolve()));
  }
}

/**
 * The ASP.NET family's `GET /api/Users?page=&pageSize=&search=`: `{items, totalCount, page, pageSize}`,
 * pages cut from `users`, the page size capped at `maxPageSize`. `honourSearch: false` plays a
 * deployment that ignores `search`.
 */
export function pagedUsers(users: Record<string, unknown>[], options: { maxPageSize?: number; honourSearch?: boolean } = {}): Responder {
  return (req, res) => {
    const query = new URL(req.path, 'http://x').searchParams;
    const page = Number(query.get('page') ?? '1');
    const pageSize = Math.min(Number(query.get('pageSize') ?? '50'), options.maxPageSize ?? 100);
    const search = (options.honourSearch ?? true) ? query.get('search')?.toLowerCase() : undefined;
    const matching = search
      ? users.filter((user) => ['firstName', 'lastName', 'email'].some((key) => String(user[key]).toLowerCase().includes(search)))
      : users;
    json(res, 200, { items: matching.slice((page - 1) * pageSize, page * pageSize), totalCount: matching.length, page, pageSize });
  };
}

/** `count` users, u0001…, named "User 0001" with matching emails, in id order. */
export function manyUsers(count: number): Record<string, unknown>[] {
  return Array.from({ length: count }, (_, index) => {
    const n = String(index + 1).padStart(4, '0');
    return { id: `u${n}`, firstName: 'User', lastName: n, email: `user${n}@shop.example` };
  });
}
