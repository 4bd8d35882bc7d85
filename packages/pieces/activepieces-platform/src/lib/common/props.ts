import { Property } from '@activepieces/pieces-framework';
import { CONNECT_FIRST, disabledDropdown, enumDropdown, INTERACTIVE_BUDGET_MS, interactiveCall, ranOutOfTime, reasonOf } from '@user-admin-pieces/common';
import { activepiecesPlatformAuth } from '../auth';
import { connectionOf } from './client';
import { PLATFORM_ROLE_LABELS, PLATFORM_ROLES } from './enums';
import { matchesSearch, MAX_USER_PAGES, scanUsers, USER_PAGE_SIZE, userLabel } from './user-list';

export const LIST_OUT_OF_TIME = `Could not list users within ${INTERACTIVE_BUDGET_MS / 1000} s: Activepieces answered too slowly. Try again, or map a user id (e.g. from Find User).`;

/**
 * The platform's users, searched by name, email or id. The API cannot search, so the search is
 * done here over the newest MAX_USER_PAGES pages; the placeholder says when that cut the list.
 * At run time the value can be any id mapped from an earlier step.
 */
export const userDropdown = <R extends boolean>(params: { required: R }) =>
  Property.Dropdown<string, R, typeof activepiecesPlatformAuth>({
    auth: activepiecesPlatformAuth,
    displayName: 'User',
    description: 'The user to change. Type to search by name or email, or map a user id (e.g. from Find User).',
    required: params.required,
    refreshers: [],
    refreshOnSearch: true,
    options: async ({ auth }, { searchValue }) => {
      if (!auth) return disabledDropdown(CONNECT_FIRST);
      const search = (searchValue ?? '').trim().toLowerCase();
      // The builder waits on every keystroke: each page gets one quick attempt, all within one budget.
      const call = interactiveCall();
      try {
        const scan = await scanUsers(connectionOf(auth.props), (user) => search === '' || matchesSearch(user, search), call);
        return {
          options: scan.matches.map((user) => ({ label: userLabel(user), value: user.id })),
          placeholder: dropdownPlaceholder(scan.matches.length, scan.complete, search),
        };
      } catch (error) {
        if (ranOutOfTime(error, call.deadline)) return disabledDropdown(LIST_OUT_OF_TIME);
        return disabledDropdown(`Could not list users: ${reasonOf(error)}`);
      }
    },
  });

function dropdownPlaceholder(found: number, complete: boolean, search: string): string {
  if (!complete) {
    const searched = MAX_USER_PAGES * USER_PAGE_SIZE;
    return `Only the ${searched} newest users were searched. For an older user, map its id from Find User by External ID.`;
  }
  if (found === 0) return search === '' ? 'No users on this platform' : `No user matches "${search}"`;
  return 'Select a user';
}

export const platformRoleDropdown = <R extends boolean>(params: { required: R }) =>
  enumDropdown({
    displayName: 'Platform Role',
    description: 'Leave empty to keep the current role.',
    required: params.required,
    values: PLATFORM_ROLES,
    labels: PLATFORM_ROLE_LABELS,
  });
