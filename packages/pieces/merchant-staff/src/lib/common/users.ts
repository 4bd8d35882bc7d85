import { ApiError, Connection } from '@user-admin-pieces/common';
import { merchantStaffClient } from './client';
import { isRecord } from './json';
import { StaffUser, UpdateUserRequest } from './types';

export const USER_PATH = '/api/Users/{id}';

/**
 * `GET /api/Users/{id}`: not in the provider's docs, but served by the ASP.NET family the API comes from.
 * `etag` is set only when the ETag can guard the PUT (see `strongEtag`).
 */
export async function getUser(connection: Connection, id: string): Promise<{ user: StaffUser; etag?: string }> {
  const response = await merchantStaffClient.request<unknown>({
    ...connection,
    method: 'GET',
    path: USER_PATH,
    pathParams: { id },
  });
  const user = response.body;
  if (!isRecord(user)) {
    throw new ApiError({
      kind: 'invalid_response',
      status: response.status,
      message: `Reading user ${id} returned no user object (${response.status}).`,
      requestId: response.requestId,
      retryable: false,
    });
  }
  return { user, etag: strongEtag(response.headers.get('etag')) };
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
export async function replaceUser(connection: Connection, request: UpdateUserRequest, etag?: string): Promise<unknown> {
  const response = await merchantStaffClient.request<unknown>({
    ...connection,
    method: 'PUT',
    path: USER_PATH,
    pathParams: { id: request.id },
    body: request,
    headers: etag === undefined ? undefined : { 'if-match': etag },
  });
  return response.body;
}
