/** Staff roles the API accepts, in the order the dropdown shows them. */
export const ROLES = ['Owner', 'Admin', 'Staff', 'Viewer'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  Owner: 'Owner',
  Admin: 'Admin',
  Staff: 'Staff',
  Viewer: 'Viewer',
};

// Flows pick a status (shared with the other pieces), which reads better than the API's boolean
// `isActive` and can be left unset.
export { USER_STATUSES, USER_STATUS_LABELS } from '@user-admin-pieces/common';
import type { UserStatus } from '@user-admin-pieces/common';

export function isActiveFor(status: UserStatus): boolean {
  return status === 'ACTIVE';
}
