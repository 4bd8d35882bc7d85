// The single source of the values the API accepts: dropdown options, request types and
// run-time validation all derive from these tuples.

// Status is the same list in every piece, so it lives in common.
export { USER_STATUSES, USER_STATUS_LABELS } from '@user-admin-pieces/common';
export type { UserStatus } from '@user-admin-pieces/common';

export const PLATFORM_ROLES = ['ADMIN', 'MEMBER', 'OPERATOR'] as const;
export type PlatformRole = (typeof PLATFORM_ROLES)[number];

export const PLATFORM_ROLE_LABELS: Record<PlatformRole, string> = {
  ADMIN: 'Admin: full control of the platform, its users and settings',
  MEMBER: 'Member: works only in the projects they are invited to',
  OPERATOR: 'Operator: works in every project, without platform settings',
};
