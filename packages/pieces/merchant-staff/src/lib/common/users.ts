import { ApiError, Connection } from '@user-admin-pieces/common';
import { merchantStaffClient } from './client';
import { isRecord } from './json';
import { StaffUser, UpdateUserRequest } from './types';

export const USER_PATH = '/api/Users/{id}';

/** Set on a read that answered with another user, or with one without an id: nothing may be written from it. */
export const USER_MISMATCH = 'USER_MISMATCH';

/**
 * A staff user's fields as the API names them (camelCase, System.Text.Json's web default). A key
 * that is one of these in another case (`Id`, `FirstName`) means a serializer this piece does not
 * know; ASP.NET binds a PUT body case-insensitively, so sending `FirstName` back next to our
 * `firstName` would let the server pick either.
 */
const STAFF_USER_FIELDS = [
  'id',
  'merchantId',
  'email',
  'firstName',
  'lastName',
  'fullName',
  'role',
  'isActive',
  'lastLoginAt',
  'createdAt',
  'updatedAt',
] as const;

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
export async function getUser(connection: Connection, id: string, writeBack = false): Promise<{ user: StaffUser; etag?: string }> {
  const response = await merchantStaffClient.request<unknown>({
    ...connection,
    method: 'GET',
    path: USER_PATH,
    pathParams: { id },
    rawBody: writeBack,
  });
  const invalid = (message: string, code?: string) =>
    new ApiError({ kind: 'invalid_response', status: response.status, code, message, requestId: response.requestId, retryable: false });

  const body = response.body;
  const unknownShape = describeUnknownShape(body);
  if (unknownShape !== undefined || !isRecord(body)) {
    throw invalid(`User ${id} came back from the API in a shape this piece does not know (${unknownShape ?? 'not an object'}).`);
  }
  const returnedId = body['id'];
  // .NET writes a Guid in lower case; the flow may have given it in upper case.
  if (typeof returnedId !== 'string' || returnedId.toLowerCase() !== id.toLowerCase()) {
    const which = returnedId === undefined || returnedId === null ? 'a user without an id' : `another user (id ${shown(returnedId)})`;
    throw invalid(`Asked for user ${id}, the API returned ${which}.`, USER_MISMATCH);
  }
  return { user: body, etag: strongEtag(response.headers.get('etag')) };
}

/** Why a body is not a staff user as this piece knows one; undefined when it is. */
function describeUnknownShape(body: unknown): string | undefined {
  if (body === undefined) return 'an empty body';
  if (Array.isArray(body)) return 'a list instead of one user';
  if (!isRecord(body)) return `${body === null ? 'null' : typeof body} instead of an object`;
  const keys = Object.keys(body);
  const otherCase = keys.filter((key) => STAFF_USER_FIELDS.some((field) => field !== key && field.toLowerCase() === key.toLowerCase()));
  if (otherCase.length > 0) return `field names in another case, such as ${listKeys(otherCase)}`;
  if (!keys.some((key) => (STAFF_USER_FIELDS as readonly string[]).includes(key))) {
    return keys.length === 0 ? 'an empty object' : `none of a staff user's fields, only ${listKeys(keys)}`;
  }
  return undefined;
}

function listKeys(keys: string[]): string {
  const named = keys.slice(0, 3).map((key) => shown(key));
  return keys.length > 3 ? `${named.join(', ')} and ${keys.length - 3} more` : named.join(', ');
}

/** A value from the network, quoted and short enough for a sentence. */
function shown(value: unknown): string {
  const text = typeof value === 'string' ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value));
  return text.length > 60 ? `${text.slice(0, 59)}…` : text;
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
