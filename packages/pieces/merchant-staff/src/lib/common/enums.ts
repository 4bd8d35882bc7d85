/** Staff roles the API accepts, in the order the dropdown shows them. */
export const ROLES = ['Owner', 'Admin', 'Staff', 'Viewer'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  Owner: 'Owner',
  Admin: 'Admin',
  Staff: 'Staff',
  Viewer: 'Viewer',
};

/** The API has a boolean `isActive`; flows pick a status, which reads better and can be left unset. */
export const STATUSES = ['ACTIVE', 'INACTIVE'] as const;
export type Status = (typeof STATUSES)[number];

export const STATUS_LABELS: Record<Status, string> = {
  ACTIVE: 'Active',
  INACTIVE: 'Inactive (revoke access)',
};

export function isActiveFor(status: Status): boolean {
  return status === 'ACTIVE';
}
