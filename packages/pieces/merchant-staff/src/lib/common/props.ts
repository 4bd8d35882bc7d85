import { DropdownState, Property } from '@activepieces/pieces-framework';
import { ApiError, enumOptions, InputError } from '@user-admin-pieces/common';
import { merchantStaffAuth } from '../auth';
import { INTERACTIVE_BUDGET_MS, MerchantStaffAuthProps, ranOutOfTime, toConnection } from './client';
import { ROLE_LABELS, ROLES, USER_STATUS_LABELS, USER_STATUSES } from './enums';
import { listUsers, matchesSearch, UserList, userOptions } from './user-list';

export const NOT_CONNECTED = 'Connect your account first';
export const LIST_NOT_SERVED = 'This deployment does not list users; map a user id from an earlier step';
export const LIST_UNREADABLE = 'The user list came back in a shape this piece does not know; map a user id from an earlier step';
export const NO_USERS = 'No staff users found';
export const LIST_OUT_OF_TIME = `The user list did not load within ${INTERACTIVE_BUDGET_MS / 1000} s; try again later, or map a user id from an earlier step`;

/**
 * The staff user to act on: picked from `GET /api/Users`, searched as the user types, or a GUID
 * mapped from an earlier step (the run accepts any GUID, listed or not).
 */
export function userIdDropdown<R extends boolean>(required: R) {
  return Property.Dropdown<string, R, typeof merchantStaffAuth>({
    auth: merchantStaffAuth,
    displayName: 'User',
    description: 'Pick a staff user (type to search by name or email), or map a user id (GUID) from an earlier step.',
    required,
    refreshers: [],
    refreshOnSearch: true,
    options: async ({ auth }, { searchValue }) => {
      if (auth === undefined) return disabled(NOT_CONNECTED);
      return loadUserOptions(auth.props, searchValue?.trim() ?? '');
    },
  });
}

async function loadUserOptions(props: MerchantStaffAuthProps, search: string): Promise<DropdownState<string>> {
  const deadline = Date.now() + INTERACTIVE_BUDGET_MS;
  let list: UserList | undefined;
  try {
    list = await listUsers(toConnection(props), deadline, search === '' ? undefined : search);
  } catch (error) {
    if (ranOutOfTime(error, deadline)) return disabled(LIST_OUT_OF_TIME);
    // The list is not in the provider's docs: a deployment without it still works with mapped ids.
    if (error instanceof ApiError && [404, 405, 501].includes(error.status ?? 0)) return disabled(LIST_NOT_SERVED);
    if (error instanceof ApiError || error instanceof InputError) return disabled(error.summary);
    return disabled(`Could not load users: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (list === undefined) return disabled(LIST_UNREADABLE);
  // Filtered here too: a deployment that ignores `search` sends everyone.
  const options = userOptions(list.users.filter((user) => matchesSearch(user, search)));
  const placeholder = list.cut === undefined ? emptyListPlaceholder(options.length, search) : cutListPlaceholder(list, search);
  return placeholder === undefined ? { disabled: false, options } : { disabled: false, options, placeholder };
}

function emptyListPlaceholder(shown: number, search: string): string | undefined {
  if (shown > 0) return undefined;
  return search === '' ? NO_USERS : `No staff user matches "${shorten(search)}"`;
}

/** "Only the first 1000 of 2345 users were loaded; type to search, or map a user id from an earlier step". */
function cutListPlaceholder(list: UserList, search: string): string {
  const of = list.totalCount === undefined ? '' : ` of ${list.totalCount}`;
  const which = search === '' ? 'users' : `users matching "${shorten(search)}"`;
  const why =
    list.cut?.reason === 'time' ? ' (the rest took too long)' : list.cut?.reason === 'failed' ? ` (loading more failed: ${list.cut.summary})` : '';
  const next = search === '' ? 'type to search' : 'refine the search';
  return `Only the first ${list.users.length}${of} ${which} were loaded${why}; ${next}, or map a user id from an earlier step`;
}

function shorten(search: string): string {
  return search.length > 40 ? `${search.slice(0, 39)}…` : search;
}

function disabled(placeholder: string): DropdownState<string> {
  return { disabled: true, options: [], placeholder };
}

export function roleDropdown<R extends boolean>(required: R) {
  return enumDropdown(ROLES, ROLE_LABELS, 'Role', 'Leave empty to keep the current role.', required);
}

export function statusDropdown<R extends boolean>(required: R) {
  const description = 'Inactive revokes the user\'s access; Active restores it. Leave empty to keep the current status.';
  return enumDropdown(USER_STATUSES, USER_STATUS_LABELS, 'Status', description, required);
}

/** A static dropdown over an `as const` enum; the run still parses the value, since a mapped one can be anything. */
function enumDropdown<V extends string, R extends boolean>(
  values: readonly V[],
  labels: Record<V, string>,
  displayName: string,
  description: string,
  required: R,
) {
  return Property.StaticDropdown<V, R>({ displayName, description, required, options: { options: enumOptions(values, labels) } });
}
