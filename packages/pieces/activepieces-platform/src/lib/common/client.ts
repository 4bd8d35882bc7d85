import { AuditTrail, Connection, createHttpClient, HttpClient, InputError, invalidResponse, isRecord, RequestTuning } from '@user-admin-pieces/common';
import { mapActivepiecesError, noPlatformOwner, notAUserList, notTheUpdatedUser, RouteOrigin } from './errors';
import { isUserLike, isUserPage, PlatformUser, UpdateUserBody, UserPage } from './types';

const PROVIDER = 'Activepieces';
const USERS_PATH = '/v1/users';
const USER_PATH = '/v1/users/{id}';
const PLATFORM_PATH = '/v1/platforms/{id}';

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

/** The connection's props, as `validate` receives them and as `ctx.auth.props` holds them. */
export interface ActivepiecesPlatformAuthProps {
  baseApiUrl: string;
  apiKey: string;
}

/**
 * The shared client trims the key and refuses one a header cannot carry. Only the empty key is
 * checked here, because this sentence can say what a key looks like.
 */
export function connectionOf(props: ActivepiecesPlatformAuthProps): Connection {
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

/** `GET /v1/users`: one page, newest first. A 2xx that is not a page of users means the base URL points elsewhere. */
export async function listUsersPage(connection: Connection, query: UserListQuery, tuning: RequestTuning = {}, trail?: AuditTrail): Promise<UserPage> {
  const response = await activepiecesClient.request<unknown>({
    ...connection,
    ...tuning,
    method: 'GET',
    path: USERS_PATH,
    query: { limit: query.limit, cursor: query.cursor, externalId: query.externalId },
  });
  trail?.record(response);
  if (!isUserPage(response.body)) throw invalidResponse(response, notAUserList(normalizeApiBaseUrl(connection.baseUrl)));
  return response.body;
}

/**
 * `GET /v1/platforms/{id}`: the platform's `ownerId`, the only place that says who the platform
 * owner is (a user's `platformRole` is ADMIN for every admin). API keys may read their own platform.
 */
export async function getPlatformOwnerId(connection: Connection, platformId: string, tuning: RequestTuning = {}, trail?: AuditTrail): Promise<string> {
  const response = await activepiecesClient.request<unknown>({
    ...connection,
    ...tuning,
    method: 'GET',
    path: PLATFORM_PATH,
    pathParams: { id: platformId },
  });
  trail?.record(response);
  const ownerId = isRecord(response.body) ? response.body['ownerId'] : undefined;
  if (typeof ownerId !== 'string' || ownerId === '') throw invalidResponse(response, noPlatformOwner(platformId));
  return ownerId;
}

/**
 * `POST /v1/users/{id}` with only the fields that change. Setting the same fields twice has the
 * same effect, so the request may be retried like a PUT.
 *
 * The answer must be the updated user: an object with a string id and email, and the requested id.
 * A 2xx with anything else (another user, `{"error": …}`, `null`, a list, nothing) is not taken for
 * success; by then the server may have applied the change, and the message says so.
 */
export async function updateUser(connection: Connection, userId: string, body: UpdateUserBody, trail?: AuditTrail): Promise<PlatformUser> {
  const response = await activepiecesClient.request<unknown>({
    ...connection,
    method: 'POST',
    path: USER_PATH,
    pathParams: { id: userId },
    body,
    idempotent: true,
  });
  trail?.record(response);
  const answer = response.body;
  if (isUserLike(answer) && answer.id === userId) return answer as PlatformUser;
  throw invalidResponse(response, notTheUpdatedUser(response.status, userId, answer));
}
