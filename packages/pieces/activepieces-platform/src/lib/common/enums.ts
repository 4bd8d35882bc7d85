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

export const INVITATION_TYPES = ['PLATFORM', 'PROJECT'] as const;
export type InvitationType = (typeof INVITATION_TYPES)[number];

export const INVITATION_TYPE_LABELS: Record<InvitationType, string> = {
  PLATFORM: 'Platform: joins the platform with a platform role',
  PROJECT: 'Project: joins one team project with a project role',
};

export const INVITATION_STATUSES = ['PENDING', 'ACCEPTED'] as const;
export type InvitationStatus = (typeof INVITATION_STATUSES)[number];

export const INVITATION_STATUS_LABELS: Record<InvitationStatus, string> = {
  PENDING: 'Pending: not yet accepted',
  ACCEPTED: 'Accepted',
};

export const PROJECT_TYPES = ['TEAM', 'PERSONAL'] as const;
export type ProjectType = (typeof PROJECT_TYPES)[number];

/**
 * The project roles every platform has (upstream `DefaultProjectRole`); custom roles need the plan
 * flag `customRolesEnabled`. The API takes a role by its name.
 */
export const BUILT_IN_PROJECT_ROLES = ['Admin', 'Editor', 'Viewer'] as const;
