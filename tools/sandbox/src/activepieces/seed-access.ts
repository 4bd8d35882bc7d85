import {
  AP_ADMIN_ID,
  AP_INACTIVE_ID,
  AP_MEMBER_FINANCE_MEMBERSHIP_ID,
  AP_MEMBER_ID,
  AP_MEMBER_MARKETING_MEMBERSHIP_ID,
  AP_MEMBER_SUPPORT_INVITATION_ID,
  AP_OPERATOR_ID,
  AP_OTHER_PLATFORM_ID,
  AP_OTHER_PLATFORM_PROJECT_ID,
  AP_OTHER_PLATFORM_USER_ID,
  AP_OWNER_ID,
  AP_PENDING_PLATFORM_INVITATION_ID,
  AP_PENDING_PLATFORM_INVITE_EMAIL,
  AP_PENDING_PROJECT_INVITATION_ID,
  AP_PENDING_PROJECT_INVITE_EMAIL,
  AP_PLATFORM_ID,
  AP_PROJECT_FINANCE_ID,
  AP_PROJECT_MARKETING_ID,
  AP_PROJECT_SUPPORT_ID,
  AP_ROLE_ADMIN_ID,
  AP_ROLE_CUSTOM_ID,
  AP_ROLE_EDITOR_ID,
  AP_ROLE_VIEWER_ID,
  AP_UNLINKED_MEMBER_ID,
} from '../seed';
import type { ApInvitation, ApPlan, ApProject, ApProjectMember, ApProjectRole, ApUser } from './types';

export interface AccessSeed {
  projects: ApProject[];
  roles: ApProjectRole[];
  members: ApProjectMember[];
  invitations: ApInvitation[];
}

const ROLES_CREATED = '2023-06-01T00:00:00.000Z';
const TEAM_PROJECTS_CREATED = '2024-01-03T09:00:00.000Z';

/**
 * A user's personal project id, derived from the user id so tests can name it: `personal` plus the
 * first 13 characters of the user id (21 characters, like every Activepieces id).
 */
export function personalProjectId(userId: string): string {
  return `personal${userId.slice(0, 13)}`;
}

// Upstream's built-in roles (DefaultProjectRole: Admin, Editor, Viewer) carry permission lists
// (`rolePermissions` in @activepieces/shared): Admin all, Editor all but WRITE_PROJECT*, WRITE_PROJECT_MEMBER
// and WRITE_INVITATION, Viewer the READ_ ones. The sandbox lists a representative part of each.
const ROLE_SPECS: Array<Pick<ApProjectRole, 'id' | 'name' | 'permissions'>> = [
  { id: AP_ROLE_ADMIN_ID, name: 'Admin', permissions: ['READ_PROJECT_MEMBER', 'WRITE_PROJECT_MEMBER', 'READ_INVITATION', 'WRITE_INVITATION', 'READ_FLOW', 'WRITE_FLOW', 'WRITE_PROJECT'] },
  { id: AP_ROLE_EDITOR_ID, name: 'Editor', permissions: ['READ_PROJECT_MEMBER', 'READ_INVITATION', 'READ_FLOW', 'WRITE_FLOW'] },
  { id: AP_ROLE_VIEWER_ID, name: 'Viewer', permissions: ['READ_PROJECT_MEMBER', 'READ_INVITATION', 'READ_FLOW'] },
];

function roles(plan: ApPlan): ApProjectRole[] {
  const builtIn = ROLE_SPECS.map((spec): ApProjectRole => ({ ...spec, created: ROLES_CREATED, updated: ROLES_CREATED, platformId: null, type: 'DEFAULT' }));
  if (!plan.customRolesEnabled) return builtIn;
  const custom: ApProjectRole = {
    id: AP_ROLE_CUSTOM_ID,
    name: 'Auditor',
    permissions: ['READ_PROJECT_MEMBER', 'READ_INVITATION', 'READ_FLOW'],
    created: '2024-03-01T00:00:00.000Z',
    updated: '2024-03-01T00:00:00.000Z',
    platformId: AP_PLATFORM_ID,
    type: 'CUSTOM',
  };
  return [...builtIn, custom];
}

function teamProject(id: string, displayName: string, externalId: string | null, minutes: number, platformId = AP_PLATFORM_ID, ownerId = AP_OWNER_ID): ApProject {
  const created = new Date(Date.parse(TEAM_PROJECTS_CREATED) + minutes * 60_000).toISOString();
  return { id, created, updated: created, displayName, ownerId, platformId, externalId, type: 'TEAM' };
}

/** Every user gets a personal project when they join a platform (upstream `getOrCreateWithProject`). */
export function personalProject(user: Pick<ApUser, 'id' | 'firstName' | 'platformId' | 'created'>, created = user.created): ApProject {
  return {
    id: personalProjectId(user.id),
    created,
    updated: created,
    displayName: `${user.firstName}'s Project`,
    ownerId: user.id,
    platformId: user.platformId ?? AP_PLATFORM_ID,
    externalId: null,
    type: 'PERSONAL',
  };
}

function member(id: string, projectId: string, userId: string, projectRoleId: string, created: string, platformId = AP_PLATFORM_ID): ApProjectMember {
  return { id, created, updated: created, platformId, projectId, userId, projectRoleId };
}

function invitation(spec: Omit<ApInvitation, 'updated' | 'platformId' | 'platformRole' | 'projectId' | 'projectRoleId'> & Partial<ApInvitation>): ApInvitation {
  return { platformId: AP_PLATFORM_ID, platformRole: null, projectId: null, projectRoleId: null, updated: spec.created, ...spec };
}

/**
 * Team projects owned by the platform owner, a personal project for every user, memberships with
 * different roles and pending invitations. The story user Grace Hopper (AP_MEMBER_ID) is Editor in
 * Marketing, Viewer in Finance and has a pending invitation to Support.
 */
export function seedAccess(users: readonly ApUser[], plan: ApPlan): AccessSeed {
  const projects = [
    teamProject(AP_PROJECT_MARKETING_ID, 'Marketing', 'mkt', 0),
    teamProject(AP_PROJECT_FINANCE_ID, 'Finance', 'fin', 1),
    teamProject(AP_PROJECT_SUPPORT_ID, 'Support Automations', null, 2),
    teamProject(AP_OTHER_PLATFORM_PROJECT_ID, 'Other Platform Team', 'mkt', 3, AP_OTHER_PLATFORM_ID, AP_OTHER_PLATFORM_USER_ID),
    ...users.map((user) => personalProject(user)),
  ];
  const members = [
    member(AP_MEMBER_MARKETING_MEMBERSHIP_ID, AP_PROJECT_MARKETING_ID, AP_MEMBER_ID, AP_ROLE_EDITOR_ID, '2024-02-06T09:00:00.000Z'),
    member(AP_MEMBER_FINANCE_MEMBERSHIP_ID, AP_PROJECT_FINANCE_ID, AP_MEMBER_ID, AP_ROLE_VIEWER_ID, '2024-02-07T09:00:00.000Z'),
    member('memberAlanMarketing04', AP_PROJECT_MARKETING_ID, AP_OPERATOR_ID, AP_ROLE_VIEWER_ID, '2024-03-12T09:00:00.000Z'),
    member('memberKatherineSupp03', AP_PROJECT_SUPPORT_ID, AP_ADMIN_ID, AP_ROLE_ADMIN_ID, '2024-04-21T09:00:00.000Z'),
    member('memberLinusSupport006', AP_PROJECT_SUPPORT_ID, AP_INACTIVE_ID, AP_ROLE_VIEWER_ID, '2024-05-10T09:00:00.000Z'),
    member('memberMargaretFinan05', AP_PROJECT_FINANCE_ID, AP_UNLINKED_MEMBER_ID, AP_ROLE_EDITOR_ID, '2024-06-18T09:00:00.000Z'),
    member('memberOttoOtherPlat07', AP_OTHER_PLATFORM_PROJECT_ID, AP_OTHER_PLATFORM_USER_ID, AP_ROLE_ADMIN_ID, '2024-07-02T09:00:00.000Z', AP_OTHER_PLATFORM_ID),
  ];
  const invitations = [
    invitation({
      id: AP_MEMBER_SUPPORT_INVITATION_ID,
      created: '2024-09-02T10:00:00.000Z',
      email: 'grace.hopper@example.com',
      status: 'PENDING',
      type: 'PROJECT',
      projectId: AP_PROJECT_SUPPORT_ID,
      projectRoleId: AP_ROLE_EDITOR_ID,
    }),
    invitation({
      id: AP_PENDING_PLATFORM_INVITATION_ID,
      created: '2024-09-03T10:00:00.000Z',
      email: AP_PENDING_PLATFORM_INVITE_EMAIL,
      status: 'PENDING',
      type: 'PLATFORM',
      platformRole: 'MEMBER',
    }),
    invitation({
      id: AP_PENDING_PROJECT_INVITATION_ID,
      created: '2024-09-04T10:00:00.000Z',
      email: AP_PENDING_PROJECT_INVITE_EMAIL,
      status: 'PENDING',
      type: 'PROJECT',
      projectId: AP_PROJECT_MARKETING_ID,
      projectRoleId: AP_ROLE_VIEWER_ID,
    }),
    // Accepted through an API key before this person signed up: it waits for their first sign-in.
    invitation({
      id: 'inviteAcceptedFutur05',
      created: '2024-09-05T10:00:00.000Z',
      email: 'future.analyst@example.com',
      status: 'ACCEPTED',
      type: 'PLATFORM',
      platformRole: 'OPERATOR',
    }),
    invitation({
      id: 'inviteOtherPlatform04',
      created: '2024-09-06T10:00:00.000Z',
      email: 'grace.hopper@example.com',
      status: 'PENDING',
      type: 'PROJECT',
      platformId: AP_OTHER_PLATFORM_ID,
      projectId: AP_OTHER_PLATFORM_PROJECT_ID,
      projectRoleId: AP_ROLE_VIEWER_ID,
    }),
  ];
  return { projects, roles: roles(plan), members, invitations };
}
