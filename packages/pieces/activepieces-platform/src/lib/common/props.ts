import { Property } from '@activepieces/pieces-framework';
import { ApiError, enumOptions, InputError } from '@user-admin-pieces/common';
import { activepiecesPlatformAuth } from '../auth';
import { connectionOf, INTERACTIVE_BUDGET_MS, interactiveCall, MAX_USER_PAGES, ranOutOfTime, scanUsers, USER_PAGE_SIZE } from './client';
import { PLATFORM_ROLE_LABELS, PLATFORM_ROLES, USER_STATUS_LABELS, USER_STATUSES } from './enums';
import { PlatformUser } from './types';

export const LIST_OUT_OF_TIME = `Could not list users within ${INTERACTIVE_BUDGET_MS / 1000} s: Activepieces answered too slowly. Try again, or map a user id (e.g. from Find User).`;

/** "First Last <email>", or the email alone when the user has no name. */
export function userLabel(user: PlatformUser): string {
  const name = [user.firstName, user.lastName].filter((part) => part && part.trim() !== '').join(' ').trim();
  return name === '' ? user.email : `${name} <${user.email}>`;
}

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
      if (!auth) {
        return { disabled: true, options: [], placeholder: 'Connect your account first' };
      }
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
        if (ranOutOfTime(error, call.deadline)) return { disabled: true, options: [], placeholder: LIST_OUT_OF_TIME };
        const reason = error instanceof ApiError || error instanceof InputError ? error.summary : 'unexpected error';
        return { disabled: true, options: [], placeholder: `Could not list users: ${reason}` };
      }
    },
  });

function matchesSearch(user: PlatformUser, search: string): boolean {
  return `${userLabel(user)} ${user.id}`.toLowerCase().includes(search);
}

function dropdownPlaceholder(found: number, complete: boolean, search: string): string {
  if (!complete) {
    const searched = MAX_USER_PAGES * USER_PAGE_SIZE;
    return `Only the ${searched} newest users were searched. For an older user, map its id from Find User by External ID.`;
  }
  if (found === 0) return search === '' ? 'No users on this platform' : `No user matches "${search}"`;
  return 'Select a user';
}

export const userStatusDropdown = Property.StaticDropdown({
  displayName: 'Status',
  description: 'Inactive users can no longer sign in. Leave empty to keep the current status.',
  required: false,
  options: { options: enumOptions(USER_STATUSES, USER_STATUS_LABELS) },
});

export const platformRoleDropdown = Property.StaticDropdown({
  displayName: 'Platform Role',
  description: 'Leave empty to keep the current role.',
  required: false,
  options: { options: enumOptions(PLATFORM_ROLES, PLATFORM_ROLE_LABELS) },
});
