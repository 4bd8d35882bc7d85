// The single source of the values the API accepts: dropdown options, request types and
// run-time validation all derive from these tuples.

export const USER_STATUSES = ['ACTIVE', 'INACTIVE'] as const;
export type UserStatus = (typeof USER_STATUSES)[number];

export const USER_STATUS_LABELS: Record<UserStatus, string> = {
  ACTIVE: 'Active',
  INACTIVE: 'Inactive (revoke access)',
};

export const PLATFORM_ROLES = ['ADMIN', 'MEMBER', 'OPERATOR'] as const;
export type PlatformRole = (typeof PLATFORM_ROLES)[number];

export const PLATFORM_ROLE_LABELS: Record<PlatformRole, string> = {
  ADMIN: 'Admin: full control of the platform, its users and settings',
  MEMBER: 'Member: works only in the projects they are invited to',
  OPERATOR: 'Operator: works in every project, without platform settings',
};
