import type { FakeServerConfig } from '../fake-server';

export const AP_USER_STATUSES = ['ACTIVE', 'INACTIVE'] as const;
export type ApUserStatus = (typeof AP_USER_STATUSES)[number];

export const AP_PLATFORM_ROLES = ['ADMIN', 'MEMBER', 'OPERATOR'] as const;
export type ApPlatformRole = (typeof AP_PLATFORM_ROLES)[number];

/** A user exactly as `/v1/users` returns it. Timestamps are ISO strings. */
export interface ApUser {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  status: ApUserStatus;
  platformRole: ApPlatformRole;
  externalId: string | null;
  platformId: string | null;
  created: string;
  updated: string;
  lastActiveDate: string | null;
  imageUrl: string | null;
}

/** The fields `POST /v1/users/:id` may change; absent means leave as is. */
export interface ApUserUpdate {
  status?: ApUserStatus;
  platformRole?: ApPlatformRole;
  externalId?: string;
}

export interface ActivepiecesConfig extends FakeServerConfig {
  /** Community edition has no API keys: every API-key call answers 402. Default `ee`. */
  edition?: 'ee' | 'community';
  /** Generated members added to the API key's platform, for pagination tests. Default 0. */
  extraUsers?: number;
  /**
   * What `DELETE /v1/users/{id}` does (upstream platform-user-controller.ts reads the edition):
   * `self-hosted` deletes the user and their personal project, `cloud` detaches them. Default `self-hosted`.
   */
  deployment?: ApDeployment;
  /** Plan flags; fields left out keep `DEFAULT_AP_PLAN`'s values. */
  plan?: Partial<ApPlan>;
}

export interface ApListPage {
  data: ApUser[];
  next: string | null;
  previous: string | null;
}

// ---- People and access: projects, project roles, members, invitations ----
// Shapes follow upstream `@activepieces/shared` (invitations/index.ts, project-member, project-role)
// and the answers of the controllers named in access-routes.ts.

export const AP_PROJECT_TYPES = ['TEAM', 'PERSONAL'] as const;
export type ApProjectType = (typeof AP_PROJECT_TYPES)[number];

export const AP_INVITATION_TYPES = ['PLATFORM', 'PROJECT'] as const;
export type ApInvitationType = (typeof AP_INVITATION_TYPES)[number];

export const AP_INVITATION_STATUSES = ['PENDING', 'ACCEPTED'] as const;
export type ApInvitationStatus = (typeof AP_INVITATION_STATUSES)[number];

/** A project as stored; `GET /v1/projects` adds `plan` and `analytics` (see access-routes.ts). */
export interface ApProject {
  id: string;
  created: string;
  updated: string;
  displayName: string;
  ownerId: string;
  platformId: string;
  externalId: string | null;
  type: ApProjectType;
}

export interface ApProjectRole {
  id: string;
  created: string;
  updated: string;
  name: string;
  permissions: string[];
  /** Null for the built-in roles, which every platform shares. */
  platformId: string | null;
  type: 'DEFAULT' | 'CUSTOM';
}

/** A membership as stored (and as `POST /v1/project-members/{id}` returns it). */
export interface ApProjectMember {
  id: string;
  created: string;
  updated: string;
  platformId: string;
  projectId: string;
  userId: string;
  projectRoleId: string;
}

/** An invitation as stored (and as `POST /v1/user-invitations` returns it); the list adds `projectRole`. */
export interface ApInvitation {
  id: string;
  created: string;
  updated: string;
  email: string;
  status: ApInvitationStatus;
  type: ApInvitationType;
  platformId: string;
  platformRole: ApPlatformRole | null;
  projectId: string | null;
  projectRoleId: string | null;
}

/**
 * The plan flags the access endpoints consult, named as upstream's `platform.plan` names them.
 * `projectRolesEnabled` gates project invitations (upstream `platformMustHaveFeatureEnabled`);
 * `customRolesEnabled` adds the seeded custom role; `userSeatsLimit` caps the platform's users.
 */
export interface ApPlan {
  projectRolesEnabled: boolean;
  customRolesEnabled: boolean;
  /** Null means unlimited. */
  userSeatsLimit: number | null;
}

export const DEFAULT_AP_PLAN: ApPlan = { projectRolesEnabled: true, customRolesEnabled: false, userSeatsLimit: null };

/** What `DELETE /v1/users/{id}` did, kept so tests can see a self-hosted delete take the personal project with it. */
export interface ApUserDeletion {
  userId: string;
  /** `deleted` on self-hosted (the user row is gone), `detached` on cloud (the user stays, without a platform). */
  outcome: 'deleted' | 'detached';
  personalProjectIds: string[];
  /** Memberships removed: those of the personal projects, and on self-hosted every membership of the user. */
  memberIds: string[];
  invitationIds: string[];
  at: string;
}

export type ApDeployment = 'cloud' | 'self-hosted';
