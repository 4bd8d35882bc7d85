import { enumDropdown } from './dropdown';

/**
 * The status a flow picks for a user, shared by every piece: Activepieces sends it as is, the
 * merchant API as its boolean `isActive`. One list, one set of labels, for all dropdowns.
 */
export const USER_STATUSES = ['ACTIVE', 'INACTIVE'] as const;
export type UserStatus = (typeof USER_STATUSES)[number];

export const USER_STATUS_LABELS: Record<UserStatus, string> = {
  ACTIVE: 'Active',
  INACTIVE: 'Inactive (revoke access)',
};

/** The Status dropdown of every piece; `description` says what Inactive means for that provider. */
export function userStatusDropdown<R extends boolean>(params: { required: R; description: string }) {
  return enumDropdown({ displayName: 'Status', values: USER_STATUSES, labels: USER_STATUS_LABELS, ...params });
}
