import { ApiError, Connection, DropdownOption, InputError } from '@user-admin-pieces/common';
import { merchantStaffClient, USER_NOT_FOUND } from './client';
import { StaffUser, UpdateUserRequest } from './types';

const USER_PATH = '/api/Users/{id}';
const USERS_PATH = '/api/Users';

/** `GET /api/Users/{id}`: not in the provider's docs, but served by the ASP.NET family the API comes from. */
export async function getUser(connection: Connection, id: string): Promise<{ user: StaffUser; etag?: string }> {
  const response = await merchantStaffClient.request<unknown>({
    ...connection,
    method: 'GET',
    path: USER_PATH,
    pathParams: { id },
  });
  const user = typeof response.body === 'object' && response.body !== null && !Array.isArray(response.body) ? response.body : undefined;
  if (user === undefined) {
    throw new ApiError({
      kind: 'invalid_response',
      status: response.status,
      message: `Reading user ${id} returned no user object (${response.status}).`,
      requestId: response.requestId,
      retryable: false,
    });
  }
  return { user: user as StaffUser, etag: response.headers.get('etag') ?? undefined };
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

/** `GET /api/Users`: undocumented, and its shape is unknown; see `userOptions`. */
export async function listUsers(connection: Connection): Promise<unknown> {
  const response = await merchantStaffClient.request<unknown>({ ...connection, method: 'GET', path: USERS_PATH });
  return response.body;
}

/**
 * Dropdown options from a user list: a bare array, or an envelope with the array under
 * `items`, `data` or `value` (OData). Undefined when the body is none of those.
 */
export function userOptions(body: unknown): DropdownOption<string>[] | undefined {
  const list = Array.isArray(body) ? body : findEnvelopeList(body);
  if (list === undefined) return undefined;
  return list.flatMap((entry: unknown) => {
    if (typeof entry !== 'object' || entry === null) return [];
    const user = entry as StaffUser;
    return typeof user.id === 'string' && user.id !== '' ? [{ label: userLabel(user), value: user.id }] : [];
  });
}

function findEnvelopeList(body: unknown): unknown[] | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const record = body as Record<string, unknown>;
  return ['items', 'data', 'value'].map((key) => record[key]).find(Array.isArray);
}

/** "First Last <email>", or whatever part of it the user has. */
export function userLabel(user: StaffUser): string {
  const name = [user.firstName, user.lastName].map((part) => part?.trim()).filter(Boolean).join(' ') || user.fullName?.trim() || '';
  const email = user.email?.trim() || '';
  if (name && email) return `${name} <${email}>`;
  return name || email || String(user.id);
}

export type ConnectionCheck = { valid: true } | { valid: false; error: string };

const NO_SUCH_USER_ID = '00000000-0000-0000-0000-000000000000';

/**
 * Checks the connection with a read that changes nothing: the empty GUID names no user, so a
 * 404 with problem details means the API took the token. Never throws.
 */
export async function checkConnection(connection: Connection): Promise<ConnectionCheck> {
  try {
    await getUser(connection, NO_SUCH_USER_ID);
    return { valid: true };
  } catch (error) {
    if (error instanceof ApiError && error.status === 404 && error.code === USER_NOT_FOUND) return { valid: true };
    // A deployment that does not serve this read answers 405/501 from its router, before it looks
    // at the token: nothing is known either way, and refusing would make the piece unusable there.
    // The first run reports a rejected token clearly.
    if (error instanceof ApiError && (error.status === 405 || error.status === 501)) return { valid: true };
    if (error instanceof ApiError || error instanceof InputError) return { valid: false, error: error.summary };
    return { valid: false, error: `Could not check the connection: ${error instanceof Error ? error.message : String(error)}` };
  }
}
