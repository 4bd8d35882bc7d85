import { DropdownState, Property } from '@activepieces/pieces-framework';
import { ApiError, CONNECT_FIRST, disabledDropdown, enumDropdown, INTERACTIVE_BUDGET_MS, interactiveCall, ranOutOfTime, reasonOf } from '@user-admin-pieces/common';
import { merchantStaffAuth } from '../auth';
import { connectionOf, MerchantStaffAuthProps } from './client';
import { ROLE_LABELS, ROLES } from './enums';
import { LIST_NOT_SERVED_STATUSES, listUsers, matchesSearch, UserList, userOptions } from './user-list';

export const LIST_NOT_SERVED = 'This deployment does not list users; map a user id from an earlier step';
export const LIST_UNREADABLE = 'The user list came back in a shape this piece does not know; map a user id from an earlier step';
export const NO_USERS = 'No staff users found';
export const LIST_OUT_OF_TIME = `The user list did not load within ${INTERACTIVE_BUDGET_MS / 1000} s; try again later, or map a user id from an earlier step`;

/**
 * The staff user to act on: picked from `GET /api/Users`, searched as the user types, or a GUID
 * mapped from an earlier step (the run accepts any GUID, listed or not).
 */
export const userDropdown = <R extends boolean>(params: { required: R }) =>
  Property.Dropdown<string, R, typeof merchantStaffAuth>({
    auth: merchantStaffAuth,
    displayName: 'User',
    description: 'Pick a staff user (type to search by name or email), or map a user id (GUID) or email address from an earlier step.',
    required: params.required,
    refreshers: [],
    refreshOnSearch: true,
    options: async ({ auth }, { searchValue }) => {
      if (auth === undefined) return disabledDropdown(CONNECT_FIRST);
      return loadUserOptions(auth.props, searchValue?.trim() ?? '');
    },
  });

async function loadUserOptions(props: MerchantStaffAuthProps, search: string): Promise<DropdownState<string>> {
  // The builder waits on every keystroke: each page gets one quick attempt, all within one budget.
  const call = interactiveCall();
  let list: UserList | undefined;
  try {
    list = await listUsers(connectionOf(props), call, search === '' ? undefined : search);
  } catch (error) {
    if (ranOutOfTime(error, call.deadline)) return disabledDropdown(LIST_OUT_OF_TIME);
    // The list is not in the provider's docs: a deployment without it still works with mapped ids.
    if (error instanceof ApiError && LIST_NOT_SERVED_STATUSES.includes(error.status ?? 0)) return disabledDropdown(LIST_NOT_SERVED);
    return disabledDropdown(reasonOf(error, 'Could not load users'));
  }
  if (list === undefined) return disabledDropdown(LIST_UNREADABLE);
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

export const roleDropdown = <R extends boolean>(params: { required: R }) =>
  enumDropdown({
    displayName: 'Role',
    description: 'Leave empty to keep the current role.',
    required: params.required,
    values: ROLES,
    labels: ROLE_LABELS,
  });
