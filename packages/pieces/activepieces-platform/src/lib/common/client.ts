import {
  ApiError,
  Connection,
  createHttpClient,
  HttpClient,
  InputError,
  RequestOptions,
} from '@user-admin-pieces/common';
import { mapActivepiecesError, notAUserList, RouteOrigin } from './errors';
import { PlatformUser, UpdateUserBody, UserPage } from './types';

const PROVIDER = 'Activepieces';
const USERS_PATH = '/v1/users';
const USER_PATH = '/v1/users/{id}';

/** The API caps `limit` at 100. */
export const USER_PAGE_SIZE = 100;
/** Pages walked when a lookup has to scan the user list: about 1000 users, newest first. */
export const MAX_USER_PAGES = 10;

/**
 * Where requests go. The connection may hold `https://host`, `https://host/api` or
 * `https://host/api/v1` (the official piece's default), with or without a trailing slash, and
 * behind a path prefix. All of them become `https://host[/prefix]/api`; every path this piece
 * requests starts with `/v1`. This is the only place that knows the `/api` and `/v1` parts.
 */
export function toApiBase(url: URL): URL {
  const path = url.pathname.replace(/\/+$/, '');
  const suffix = /\/api(\/v1)?$/i.exec(path);
  const prefix = path === '' ? '' : suffix ? path.slice(0, suffix.index) : undefined;
  if (prefix === undefined) {
    throw new InputError(
      'baseApiUrl',
      `The base URL ${url.origin}${path} should end with /api or /api/v1, e.g. https://cloud.activepieces.com/api/v1.`,
    );
  }
  const adjusted = new URL(url.toString());
  adjusted.pathname = `${prefix}/api`;
  return adjusted;
}

/**
 * The piece's request function: the shared client with Activepieces' base-URL rule, the
 * connection's prop names and Activepieces' error wording. `routes` says who chose the path, which
 * decides what a 404 "Route not found" means (see mapActivepiecesError).
 */
function clientFor(routes: RouteOrigin): HttpClient {
  return createHttpClient({
    provider: PROVIDER,
    baseUrlRule: toApiBase,
    baseUrlField: 'baseApiUrl',
    tokenField: 'apiKey',
    tokenLabel: 'API key',
    mapError: (failure) => mapActivepiecesError(failure, routes),
  });
}

/** For the endpoints this piece calls itself. */
export const activepiecesClient: HttpClient = clientFor('piece');
/** For the custom API call, whose path the flow builder typed. */
export const customCallClient: HttpClient = clientFor('typed');

export const normalizeApiBaseUrl = activepiecesClient.normalizeBaseUrl;

/** How patient one request is: attempts, the time each may take, and when the whole call must end. */
export type RequestTuning = Pick<RequestOptions, 'maxAttempts' | 'timeoutMs' | 'deadline'>;

/**
 * For calls a person sits and waits on: the connection form and the user dropdown. One attempt of
 * 10 s, so a dead server is reported in 10 s and the "did not answer within 10 s" message is the
 * whole story. Runs keep the client's retries and 30 s.
 */
export const INTERACTIVE: RequestTuning = { maxAttempts: 1, timeoutMs: 10_000 };

/**
 * The whole time a dropdown's `options()` or the connection check may take, however the server
 * behaves: the engine kills those calls at 60 s (AP_TRIGGER_TIMEOUT_SECONDS) with a generic
 * failure. Ten pages of 10 s each would take 100 s; with `deadline: Date.now() + INTERACTIVE_BUDGET_MS`
 * taken once per call, no request starts, and none runs, past it.
 */
export const INTERACTIVE_BUDGET_MS = 45_000;

/** INTERACTIVE, bounded by one budget that starts now: call it once per dropdown or check. */
export function interactiveCall(): RequestTuning & { deadline: number } {
  return { ...INTERACTIVE, deadline: Date.now() + INTERACTIVE_BUDGET_MS };
}

/**
 * True when a request failed because the call's budget is spent: the client refuses to start one
 * past the deadline, and one that was cut short by it times out within a second of it.
 */
export function ranOutOfTime(error: unknown, deadline: number): boolean {
  return error instanceof ApiError && error.kind === 'timeout' && Date.now() >= deadline - 1_000;
}

/** The connection's fields, as the auth check receives them and as `ctx.auth.props` holds them. */
export interface ConnectionProps {
  baseApiUrl: string;
  apiKey: string;
}

/**
 * The shared client trims the key and refuses one a header cannot carry. Only the empty key is
 * checked here, because this sentence can say what a key looks like.
 */
export function connectionOf(props: ConnectionProps): Connection {
  if (typeof props.apiKey !== 'string' || props.apiKey.trim() === '') {
    throw new InputError('apiKey', 'The API key is empty. Paste a platform API key (it starts with sk-) into the connection.');
  }
  return { baseUrl: props.baseApiUrl, token: props.apiKey };
}

export interface UserListQuery {
  limit: number;
  cursor?: string;
  /** Exact match, done by the API. */
  externalId?: string;
}

export async function listUsersPage(connection: Connection, query: UserListQuery, tuning: RequestTuning = {}): Promise<UserPage> {
  const response = await activepiecesClient.request<unknown>({
    ...connection,
    ...tuning,
    method: 'GET',
    path: USERS_PATH,
    query: { limit: query.limit, cursor: query.cursor, externalId: query.externalId },
  });
  if (!isUserPage(response.body)) {
    throw new ApiError({
      kind: 'invalid_response',
      status: response.status,
      message: notAUserList(normalizeApiBaseUrl(connection.baseUrl)),
      requestId: response.requestId,
      retryable: false,
    });
  }
  return response.body;
}

export interface UserScan {
  matches: PlatformUser[];
  /** False when the scan stopped at MAX_USER_PAGES while more users remained. */
  complete: boolean;
  scanned: number;
}

/**
 * Walks the user list, newest first, keeping every user `keep` accepts. The API has no search by
 * email or name, so this is the only way to find them; it stops after MAX_USER_PAGES pages.
 */
export async function scanUsers(connection: Connection, keep: (user: PlatformUser) => boolean, tuning: RequestTuning = {}): Promise<UserScan> {
  const matches: PlatformUser[] = [];
  let scanned = 0;
  let cursor: string | undefined;
  for (let page = 0; page < MAX_USER_PAGES; page++) {
    const { data, next } = await listUsersPage(connection, { limit: USER_PAGE_SIZE, cursor }, tuning);
    scanned += data.length;
    matches.push(...data.filter(keep));
    // An empty page ends the walk even if a cursor came with it.
    if (!next || data.length === 0) return { matches, complete: true, scanned };
    cursor = next;
  }
  return { matches, complete: false, scanned };
}

/**
 * `POST /v1/users/{id}` with only the fields that change. Setting the same fields twice has the
 * same effect, so the request may be retried like a PUT.
 *
 * The answer must be the updated user: an object with a string id and email, and the requested id.
 * A 2xx with anything else (another user, `{"error": …}`, `null`, a list, nothing) is not taken for
 * success; by then the server may have applied the change, and the message says so.
 */
export async function updateUser(connection: Connection, userId: string, body: UpdateUserBody): Promise<PlatformUser> {
  const response = await activepiecesClient.request<unknown>({
    ...connection,
    method: 'POST',
    path: USER_PATH,
    pathParams: { id: userId },
    body,
    idempotent: true,
  });
  const answer = response.body;
  if (isUserLike(answer) && answer.id === userId) return answer as PlatformUser;
  throw new ApiError({
    kind: 'invalid_response',
    status: response.status,
    message: `Activepieces answered ${response.status} to the update of user ${userId} with ${describeAnswer(answer)} instead of that user. The change may have been applied: check the user in Activepieces before running the step again.`,
    requestId: response.requestId,
    retryable: false,
  });
}

/** What a 2xx brought instead of the user, for the sentence above. */
function describeAnswer(answer: unknown): string {
  if (answer === undefined) return 'an empty body';
  if (answer === null) return 'null';
  if (Array.isArray(answer)) return 'a list';
  if (typeof answer !== 'object') return typeof answer === 'string' ? 'text' : `a ${typeof answer}`;
  const record = answer as Record<string, unknown>;
  if (isUserLike(record)) return `another user (id ${quoted(record['id'])})`;
  const said = ['error', 'message'].map((key) => record[key]).find((value): value is string => typeof value === 'string' && value.trim() !== '');
  return said === undefined ? 'an object that is not a user' : `an object that is not a user, saying ${quoted(said)}`;
}

function quoted(value: unknown): string {
  const text = JSON.stringify(String(value));
  return text.length > 80 ? `${text.slice(0, 79)}…"` : text;
}

function isUserPage(body: unknown): body is UserPage {
  if (typeof body !== 'object' || body === null || !('data' in body) || !Array.isArray(body.data)) return false;
  const next = 'next' in body ? body.next : null;
  return (next === null || next === undefined || typeof next === 'string') && body.data.every(isUserLike);
}

function isUserLike(value: unknown): value is { id: string; email: string } {
  return typeof value === 'object' && value !== null && 'id' in value && typeof value.id === 'string' && 'email' in value && typeof value.email === 'string';
}
