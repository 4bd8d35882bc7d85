import { DropdownState, Property } from '@activepieces/pieces-framework';
import { ApiError, enumOptions, InputError } from '@user-admin-pieces/common';
import { merchantStaffAuth } from '../auth';
import { toConnection } from './client';
import { ROLE_LABELS, ROLES, USER_STATUS_LABELS, USER_STATUSES } from './enums';
import { listUsers, userOptions } from './users';

export const NOT_CONNECTED = 'Connect your account first';
export const LIST_NOT_SERVED = 'This deployment does not list users; map a user id from an earlier step';
export const LIST_UNREADABLE = 'The user list came back in a shape this piece does not know; map a user id from an earlier step';
export const NO_USERS = 'No staff users found';

/** The staff user to act on: picked from `GET /api/Users`, or a GUID mapped from an earlier step. */
export function userIdDropdown<R extends boolean>(required: R) {
  return Property.Dropdown<string, R, typeof merchantStaffAuth>({
    auth: merchantStaffAuth,
    displayName: 'User',
    description: 'Pick a staff user, or map a user id (GUID) from an earlier step.',
    required,
    refreshers: [],
    options: async ({ auth }) => {
      if (auth === undefined) return disabled(NOT_CONNECTED);
      return loadUserOptions(auth.props);
    },
  });
}

async function loadUserOptions(props: { baseUrl: string; apiToken: string }): Promise<DropdownState<string>> {
  try {
    const options = userOptions(await listUsers(toConnection(props)));
    if (options === undefined) return disabled(LIST_UNREADABLE);
    return options.length === 0 ? { disabled: false, options, placeholder: NO_USERS } : { disabled: false, options };
  } catch (error) {
    // The list is not in the provider's docs: a deployment without it still works with mapped ids.
    if (error instanceof ApiError && [404, 405, 501].includes(error.status ?? 0)) return disabled(LIST_NOT_SERVED);
    if (error instanceof ApiError || error instanceof InputError) return disabled(error.summary);
    return disabled(`Could not load users: ${error instanceof Error ? error.message : String(error)}`);
  }
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
