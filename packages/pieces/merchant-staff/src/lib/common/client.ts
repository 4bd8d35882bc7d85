import { ApiResponse, Connection, createHttpClient, invalidResponse, isRecord, RequestTuning } from '@user-admin-pieces/common';
import { anotherUser, describeUnknownShape, mapMerchantStaffError, notAStaffUser, PROVIDER, USER_MISMATCH } from './errors';
import { UncheckedStaffUser, UpdateUserBody } from './types';

const USERS_PATH = '/api/Users';
const USER_PATH = '/api/Users/{id}';

/**
 * The API paths start with /api/Users, so a base URL pasted with /api or /api/Users at the end
 * (any case; the shared client has dropped a trailing slash) is trimmed back to the deployment's
 * root. Otherwise every request would go to /api/Users/api/Users/{id}. (https, and http only to
 * this machine, is the shared client's rule.)
 */
export function trimApiSuffix(url: URL): URL {
  url.pathname = url.pathname.replace(/\/api(\/users)?$/i, '');
  return url;
}

/** The piece's request function: the shared client with the merchant base-URL rule, prop names and wording. */
export const merchantStaffClient = createHttpClient({
  provider: PROVIDER,
  baseUrlRule: trimApiSuffix,
  baseUrlField: 'baseUrl',
  tokenField: 'apiToken',
  tokenLabel: 'API token',
  mapError: mapMerchantStaffError,
});

/** The connection's props, as `validate` receives them and as `ctx.auth.props` holds them. */
export interface MerchantStaffAuthProps {
  baseUrl: string;
  apiToken: string;
}

/**
 * The props as they are: the shared client trims the token, refuses one a header cannot carry and
 * names `apiToken` in that error (see `tokenField` above), so nothing is cleaned up twice here.
 */
export function connectionOf(props: MerchantStaffAuthProps): Connection {
  return { baseUrl: props.baseUrl, token: props.apiToken };
}

/**
 * `GET /api/Users/{id}` as the API answers it, unchecked: the connection check reads only its status.
 * `rawBody`: see `getUser`.
 */
export function requestUser(connection: Connection, id: string, options: RequestTuning & { rawBody?: boolean } = {}): Promise<ApiResponse<unknown>> {
  return merchantStaffClient.request<unknown>({ ...connection, ...options, method: 'GET', path: USER_PATH, pathParams: { id } });
}

/**
 * `GET /api/Users/{id}`: not in the provider's docs, but served by the ASP.NET family the API comes from.
 * The answer must be the requested user, in the shape this piece knows, or nothing is written from
 * it: a record read wrongly would be written back over the user. `etag` is set only when the ETag
 * can guard the PUT (see `strongEtag`).
 *
 * `writeBack`: the user will be PUT back, so the body is taken exactly as received. By default the
 * client redacts every value in which a piece of the token shows up, and a redacted note or phone
 * number written back would be lost; a read that may reach the step's output keeps that default.
 */
export async function getUser(connection: Connection, id: string, writeBack = false): Promise<UserRead> {
  const response = await requestUser(connection, id, { rawBody: writeBack });
  const body = response.body;
  const unknownShape = describeUnknownShape(body);
  if (unknownShape !== undefined || !isRecord(body)) throw invalidResponse(response, notAStaffUser(id, unknownShape ?? 'not an object'));
  const returnedId = body['id'];
  // .NET writes a Guid in lower case; the flow may have given it in upper case.
  if (typeof returnedId !== 'string' || returnedId.toLowerCase() !== id.toLowerCase()) {
    throw invalidResponse(response, anotherUser(id, returnedId), USER_MISMATCH);
  }
  return { user: body, etag: strongEtag(response.headers.get('etag')), response };
}

/** A user read by `getUser`: checked, with its guard ETag and the response (request id, attempts, redactor). */
export interface UserRead {
  user: UncheckedStaffUser;
  etag?: string;
  response: ApiResponse<unknown>;
}

// An entity tag as RFC 9110 writes it: a quoted string, weak when prefixed with W/.
const STRONG_ETAG = /^"[\x21\x23-\x7e]*"$/;

/**
 * The ETag to send back as If-Match, or undefined. If-Match compares strongly (RFC 9110 §13.1.1),
 * so a weak tag (`W/"3"`) never matches and every update would fail with 412, forever. A weak or
 * malformed tag is therefore not sent: the read-merge-write then has no concurrency guard.
 */
export function strongEtag(header: string | null): string | undefined {
  const etag = header?.trim();
  return etag !== undefined && STRONG_ETAG.test(etag) ? etag : undefined;
}

/** `PUT /api/Users/{id}`: replaces the whole profile. With an ETag the API refuses (412) to overwrite a newer version. */
export function replaceUser(connection: Connection, body: UpdateUserBody, etag?: string): Promise<ApiResponse<unknown>> {
  return merchantStaffClient.request<unknown>({
    ...connection,
    method: 'PUT',
    path: USER_PATH,
    pathParams: { id: body.id },
    body,
    headers: etag === undefined ? undefined : { 'if-match': etag },
  });
}

export interface UserListQuery {
  page: number;
  pageSize: number;
  /** Passed on for a deployment that filters; the caller filters again, for one that does not. */
  search?: string;
}

/** `GET /api/Users?page=&pageSize=&search=`: one page, undocumented, in a shape that varies by deployment (see `readUserPage`). */
export function listUsersPage(connection: Connection, query: UserListQuery, tuning: RequestTuning = {}): Promise<ApiResponse<unknown>> {
  const { page, pageSize, search } = query;
  return merchantStaffClient.request<unknown>({
    ...connection,
    ...tuning,
    method: 'GET',
    path: USERS_PATH,
    query: { page, pageSize, search },
  });
}
