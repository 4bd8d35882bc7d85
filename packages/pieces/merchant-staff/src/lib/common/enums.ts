// The single source of the values the API accepts: dropdown options, request types and
// run-time validation all derive from these tuples.

// Status is the same list in every piece, so it lives in common. Flows pick a status, which reads
// better than the API's boolean `isActive` and can be left unset.
export { USER_STATUSES, USER_STATUS_LABELS } from '@user-admin-pieces/common';
export type { UserStatus } from '@user-admin-pieces/common';
import type { UserStatus } from '@user-admin-pieces/common';

/** Staff roles the API accepts, in the order the dropdown shows them. */
export const ROLES = ['Owner', 'Admin', 'Staff', 'Viewer'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  Owner: 'Owner',
  Admin: 'Admin',
  Staff: 'Staff',
  Viewer: 'Viewer',
};

/** The API's `isActive` for a status. */
export function isActiveFor(status: UserStatus): boolean {
  return status === 'ACTIVE';
}
