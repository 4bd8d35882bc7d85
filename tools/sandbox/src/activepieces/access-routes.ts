import type { IncomingCall } from '../fake-server';
import { sendEmpty, sendJson, tryDecodeURIComponent } from '../http-utils';
import type { ApAccessStore } from './access-store';
import { checkInvitationBody, checkInvitationQuery, checkMemberQuery, checkMemberRoleBody, checkProjectQuery } from './access-validation';
import { authenticate, type ApEdition } from './auth';
import { sendApError, sendFastifyError } from './fastify-errors';
import { compareOldestFirst, seekPageBy } from './pagination';
import type { ApUserStore } from './store';
import type { ApDeployment, ApInvitation, ApPlan, ApProject, ApProjectMember } from './types';
import { checkUserIdParam, parseFastifyBody, type Checked } from './validation';

// The people-and-access endpoints. Upstream paths are relative to packages/server/api/src/app/ of
// activepieces/activepieces (read at commits 03c3239 and aec04db, late 2025). Every route here allows
// an API key (PrincipalType.SERVICE) upstream:
// - DELETE /v1/users/:id            user/platform/platform-user-controller.ts (platformAdminOnly([USER, SERVICE]))
// - /v1/user-invitations            user-invitations/user-invitation.module.ts (POST and GET publicPlatform,
//                                   DELETE unscoped, all [USER, SERVICE])
// - GET /v1/projects, /v1/projects/:id   ee/projects/platform-project-controller.ts
// - /v1/project-members             ee/projects/project-members/project-member.controller.ts (project([USER, SERVICE]))
// - GET /v1/project-roles           ee/projects/project-role/project-role.controller.ts (publicPlatform([USER, SERVICE]))
// Check order as in routes.ts: body parsing, schema validation, the API key, then the handler.

export interface AccessContext {
  users: ApUserStore;
  access: ApAccessStore;
  edition: ApEdition;
  deployment: ApDeployment;
  plan: ApPlan;
}

const USER_PATH = /^\/api\/v1\/users\/([^/]+)$/;
const INVITATIONS_PATH = '/api/v1/user-invitations';
const INVITATION_PATH = /^\/api\/v1\/user-invitations\/([^/]+)$/;
const PROJECTS_PATH = '/api/v1/projects';
const PROJECT_PATH = /^\/api\/v1\/projects\/([^/]+)$/;
const MEMBERS_PATH = '/api/v1/project-members';
const MEMBER_PATH = /^\/api\/v1\/project-members\/([^/]+)$/;
const ROLES_PATH = '/api/v1/project-roles';

/** True when the request was one of these routes (and has been answered). */
export function routeAccess(call: IncomingCall, ctx: AccessContext): boolean {
  const { method, path } = call;
  const param = (pattern: RegExp): string | undefined => {
    const match = pattern.exec(path);
    // routes.ts already answered a path that does not decode, so each segment does.
    return match ? (tryDecodeURIComponent(match[1]) ?? match[1]) : undefined;
  };
  const userId = param(USER_PATH);
  const invitationId = param(INVITATION_PATH);
  const projectId = param(PROJECT_PATH);
  const memberId = param(MEMBER_PATH);
  if (method === 'DELETE' && userId !== undefined) deleteUser(call, ctx, userId);
  else if (method === 'POST' && path === INVITATIONS_PATH) createInvitation(call, ctx);
  else if (method === 'GET' && path === INVITATIONS_PATH) listInvitations(call, ctx);
  else if (method === 'DELETE' && invitationId !== undefined) deleteInvitation(call, ctx, invitationId);
  else if (method === 'GET' && path === PROJECTS_PATH) listProjects(call, ctx);
  else if (method === 'GET' && projectId !== undefined) getProject(call, ctx, projectId);
  else if (method === 'GET' && path === MEMBERS_PATH) listMembers(call, ctx);
  else if (method === 'POST' && memberId !== undefined) updateMember(call, ctx, memberId);
  else if (method === 'DELETE' && memberId !== undefined) deleteMember(call, ctx, memberId);
  else if (method === 'GET' && path === ROLES_PATH) listRoles(call, ctx);
  else return false;
  return true;
}

/** Schema validation, then the API key; undefined once an error has been answered. */
function admit<T>(call: IncomingCall, ctx: AccessContext, checked: Checked<T>): { platformId: string; value: T } | undefined {
  if (!checked.ok) {
    sendFastifyError(call.res, checked.error);
    return undefined;
  }
  const caller = authenticate(call.res, call.headers.authorization, ctx.edition);
  return caller && { platformId: caller.platformId, value: checked.value };
}

/** For routes whose only schema is a string id param, which any path segment satisfies. */
const NOTHING_TO_CHECK: Checked<undefined> = { ok: true, value: undefined };

/**
 * platform-user-controller.ts: `ApEdition.CLOUD` -> `userService.removeFromPlatform`, otherwise
 * `userService.delete` (user/user-service.ts). Both first run `assertNotPlatformOwner` (409 VALIDATION
 * "Platform owner cannot be deleted"). Neither checks that the id is a user of the caller's platform:
 * self-hosted deletes `{id, platformId}` and answers 204 whatever matched; cloud reads the user with
 * `getOneOrFail({id})`, which throws TypeORM's EntityNotFoundError (a 500) for an id no platform has.
 */
function deleteUser(call: IncomingCall, ctx: AccessContext, id: string): void {
  const idError = checkUserIdParam(id);
  if (idError) return sendFastifyError(call.res, idError);
  const caller = admit(call, ctx, NOTHING_TO_CHECK);
  if (!caller) return;
  if (ctx.users.ownerOf(caller.platformId) === id) {
    return sendApError(call.res, 409, 'VALIDATION', { message: 'Platform owner cannot be deleted' });
  }
  if (ctx.deployment === 'cloud' && ctx.users.get(id) === undefined) {
    return sendJson(call.res, 500, {
      statusCode: 500,
      error: 'Internal Server Error',
      message: `Could not find any entity of type "user" matching: {\n    "where": {\n        "id": "${id}"\n    }\n}`,
    });
  }
  ctx.access.deleteUser(id, caller.platformId, ctx.deployment);
  sendEmpty(call.res, 204);
}

/**
 * user-invitation.module.ts `POST /`: a PROJECT invitation needs a team project (`projectMustBeTeamType`,
 * 409), of the caller's platform (403), and `plan.projectRolesEnabled` (402), then a role by that name
 * (404); a PLATFORM invitation passes `platformMustBeOwnedByCurrentUser` with an API key. An API key's
 * invitation is ACCEPTED at once (`status = principal.type === SERVICE ? ACCEPTED : PENDING`) and
 * user-invitation.service.ts `create` then provisions it and returns it without `link` (the link is
 * only added to a PENDING one when SMTP is not configured, so an API key never gets one).
 */
function createInvitation(call: IncomingCall, ctx: AccessContext): void {
  const body = parseFastifyBody(call);
  if (!body.ok) return sendFastifyError(call.res, body.error);
  const caller = admit(call, ctx, checkInvitationBody(body.value));
  if (!caller) return;
  const request = caller.value;
  let projectRoleId: string | null = null;
  if (request.type === 'PROJECT') {
    if (!admitProjectInvitation(call, ctx, caller.platformId, request.projectId)) return;
    const role = ctx.access.roleByName(request.projectRole, caller.platformId);
    if (!role) return sendRoleNotFound(call, request.projectRole);
    projectRoleId = role.id;
  }
  const seats = ctx.plan.userSeatsLimit;
  if (seats !== null && ctx.access.wouldAddUser(request.email, caller.platformId) && ctx.users.countActiveOnPlatform(caller.platformId) >= seats) {
    // Not found in the upstream invitation path (see README): ee platform-plan `checkQuotaOrThrow` shape.
    return sendApError(call.res, 402, 'QUOTA_EXCEEDED', { metric: 'user-seats' });
  }
  const invitation = ctx.access.upsertInvitation({
    email: request.email,
    type: request.type,
    platformId: caller.platformId,
    platformRole: request.type === 'PLATFORM' ? request.platformRole : null,
    projectId: request.type === 'PROJECT' ? request.projectId : null,
    projectRoleId,
    status: 'ACCEPTED',
  });
  ctx.access.provision(invitation.email);
  sendJson(call.res, 201, invitation);
}

/** ee/projects/project-role/project-role.service.ts `getOneOrThrow`, looking a role up by name. */
function sendRoleNotFound(call: IncomingCall, name: string): void {
  sendApError(call.res, 404, 'ENTITY_NOT_FOUND', { entityType: 'project_role', entityId: name, message: 'Project Role by name and platformId not found' });
}

/**
 * The checks a PROJECT invitation's project passes (user-invitation.module.ts
 * `assertPrincipalHasPermissionToProject`, ee/authentication/ee-authorization.ts): false once answered.
 */
function admitProjectInvitation(call: IncomingCall, ctx: AccessContext, platformId: string, projectId: string, teamOnly = true): boolean {
  const project = ctx.access.project(projectId);
  if (!project) {
    sendApError(call.res, 404, 'ENTITY_NOT_FOUND', { entityType: 'project', entityId: projectId });
    return false;
  }
  if (teamOnly && project.type !== 'TEAM') {
    sendApError(call.res, 409, 'VALIDATION', { message: 'Project must be a team project' });
    return false;
  }
  if (project.platformId !== platformId) {
    sendApError(call.res, 403, 'AUTHORIZATION', { message: 'user does not have access to the project' });
    return false;
  }
  if (!ctx.plan.projectRolesEnabled) {
    sendApError(call.res, 402, 'FEATURE_DISABLED', { message: 'Feature is disabled' });
    return false;
  }
  return true;
}

/**
 * user-invitation.module.ts `GET /`: with an API key and a `projectId`, the project passes the same
 * checks as a new invitation (`projectMustBeTeamType` only for type PROJECT); without one, every
 * invitation of the type on the platform.
 * user-invitation.service.ts `list` adds the `projectRole` object to each.
 */
function listInvitations(call: IncomingCall, ctx: AccessContext): void {
  const caller = admit(call, ctx, checkInvitationQuery(call.query));
  if (!caller) return;
  const query = caller.value;
  // A `projectId` is checked whatever the type; only a PROJECT list must name a team project and is filtered by it.
  if (query.projectId !== undefined && !admitProjectInvitation(call, ctx, caller.platformId, query.projectId, query.type === 'PROJECT')) return;
  const projectId = query.type === 'PROJECT' ? query.projectId : undefined;
  const invitations = ctx.access.invitationsOnPlatform(caller.platformId, { type: query.type, projectId, status: query.status });
  const page = seekPageBy(invitations, query.limit, query.cursor, compareOldestFirst);
  sendJson(call.res, 200, { ...page, data: page.data.map((invitation) => invitationWithRole(ctx, invitation)) });
}

function invitationWithRole(ctx: AccessContext, invitation: ApInvitation): unknown {
  return { projectRole: invitation.projectRoleId === null ? null : (ctx.access.role(invitation.projectRoleId) ?? null), ...invitation };
}

/**
 * user-invitation.module.ts `DELETE /:id`: `getOneOrThrow` (404 ENTITY_NOT_FOUND, entityId `id=<id>`),
 * then for a PROJECT invitation the project checks (402 without `projectRolesEnabled`), then 204.
 */
function deleteInvitation(call: IncomingCall, ctx: AccessContext, id: string): void {
  const caller = admit(call, ctx, NOTHING_TO_CHECK);
  if (!caller) return;
  const invitation = ctx.access.invitation(id, caller.platformId);
  if (!invitation) return sendApError(call.res, 404, 'ENTITY_NOT_FOUND', { entityId: `id=${id}`, entityType: 'UserInvitation' });
  if (invitation.type === 'PROJECT' && invitation.projectId !== null && !admitProjectInvitation(call, ctx, caller.platformId, invitation.projectId, false)) return;
  ctx.access.removeInvitation(id);
  sendEmpty(call.res, 204);
}

/**
 * platform-project-controller.ts `GET /`: an API key lists as the platform owner, who sees every
 * project of the platform; filters `externalId`, `displayName` (contains, any case), `types`.
 */
function listProjects(call: IncomingCall, ctx: AccessContext): void {
  const caller = admit(call, ctx, checkProjectQuery(call.query));
  if (!caller) return;
  const { limit, cursor, ...filter } = caller.value;
  const page = seekPageBy(ctx.access.projectsOnPlatform(caller.platformId, filter), limit, cursor, compareOldestFirst);
  sendJson(call.res, 200, { ...page, data: page.data.map((project) => projectWithLimits(ctx, project)) });
}

function getProject(call: IncomingCall, ctx: AccessContext, id: string): void {
  const caller = admit(call, ctx, NOTHING_TO_CHECK);
  if (!caller) return;
  const project = projectOnPlatform(call, ctx, caller.platformId, id);
  if (project) sendJson(call.res, 200, projectWithLimits(ctx, project));
}

/**
 * A project-scoped route's project (`securityAccess.project`, core/security/v2/authz/authorize.ts and
 * ee/authentication/project-role/rbac-service.ts for a SERVICE principal): `projectService.getOneOrThrow`
 * (404), then 403 when it belongs to another platform. Undefined once refused.
 */
function projectOnPlatform(call: IncomingCall, ctx: AccessContext, platformId: string, id: string): ApProject | undefined {
  const project = ctx.access.project(id);
  if (!project) {
    sendApError(call.res, 404, 'ENTITY_NOT_FOUND', { entityId: id, entityType: 'project' });
    return undefined;
  }
  if (project.platformId !== platformId) {
    sendApError(call.res, 403, 'AUTHORIZATION', { message: 'Service is not allowed to access this project', projectId: id, platformId });
    return undefined;
  }
  return project;
}

/**
 * `ProjectWithLimits` has the project plus `plan`, `usage` and `analytics`; the sandbox sends the
 * project and `analytics`, whose member counts a piece may show.
 */
function projectWithLimits(ctx: AccessContext, project: ApProject): unknown {
  const members = ctx.access.membersOnPlatform(project.platformId, { projectId: project.id });
  const activeUsers = members.filter((member) => ctx.users.get(member.userId)?.status === 'ACTIVE').length;
  return { ...project, analytics: { totalUsers: members.length, activeUsers, totalFlows: 0, activeFlows: 0 } };
}

/** project-member.controller.ts `GET /` and project-member.service.ts `list` (ProjectMemberWithUser). */
function listMembers(call: IncomingCall, ctx: AccessContext): void {
  const caller = admit(call, ctx, checkMemberQuery(call.query));
  if (!caller) return;
  const { projectId, projectRoleId, limit, cursor } = caller.value;
  if (!projectOnPlatform(call, ctx, caller.platformId, projectId)) return;
  const page = seekPageBy(ctx.access.membersOnPlatform(caller.platformId, { projectId, projectRoleId }), limit, cursor, compareOldestFirst);
  // Like upstream, a member whose user or project is gone is dropped after paging.
  const data = page.data.map((member) => memberWithUser(ctx, member)).filter((member) => member !== undefined);
  sendJson(call.res, 200, { ...page, data });
}

function memberWithUser(ctx: AccessContext, member: ApProjectMember): unknown {
  const user = ctx.users.get(member.userId);
  const project = ctx.access.project(member.projectId);
  if (!user || !project) return undefined;
  return {
    ...member,
    projectRole: ctx.access.role(member.projectRoleId) ?? null,
    project: { id: project.id, displayName: project.displayName },
    user: {
      platformId: user.platformId,
      platformRole: user.platformRole,
      status: user.status,
      externalId: user.externalId,
      email: user.email,
      id: user.id,
      firstName: user.firstName,
      lastName: user.lastName,
      created: user.created,
      updated: user.updated,
    },
  };
}

/**
 * The member routes find their project through the member row (`ProjectResourceType.TABLE`,
 * core/security/v2/authz/projectIdExtractor.ts `fromTable`): 404 `{entityId, entityType: 'project_member'}`
 * for an unknown id, then the project checks. Undefined once refused.
 */
function memberOnPlatform(call: IncomingCall, ctx: AccessContext, platformId: string, id: string): ApProjectMember | undefined {
  const member = ctx.access.member(id);
  if (!member) {
    sendApError(call.res, 404, 'ENTITY_NOT_FOUND', { entityId: id, entityType: 'project_member' });
    return undefined;
  }
  return projectOnPlatform(call, ctx, platformId, member.projectId) && member;
}

/**
 * project-member.service.ts `update`: the role by name (404 project_role), the member (404), then the
 * member as stored, without the user and role objects the list adds.
 */
function updateMember(call: IncomingCall, ctx: AccessContext, id: string): void {
  const body = parseFastifyBody(call);
  if (!body.ok) return sendFastifyError(call.res, body.error);
  const caller = admit(call, ctx, checkMemberRoleBody(body.value));
  if (!caller) return;
  if (!memberOnPlatform(call, ctx, caller.platformId, id)) return;
  const role = ctx.access.roleByName(caller.value.role, caller.platformId);
  if (!role) return sendRoleNotFound(call, caller.value.role);
  sendJson(call.res, 200, ctx.access.updateMemberRole(id, role.id));
}

function deleteMember(call: IncomingCall, ctx: AccessContext, id: string): void {
  const caller = admit(call, ctx, NOTHING_TO_CHECK);
  if (!caller) return;
  if (!memberOnPlatform(call, ctx, caller.platformId, id)) return;
  ctx.access.removeMember(id);
  sendEmpty(call.res, 204);
}

/**
 * project-role.service.ts `list`: the built-in roles and the platform's own, oldest first, each with
 * `userCount`, in one page (`next` and `previous` always null).
 */
function listRoles(call: IncomingCall, ctx: AccessContext): void {
  const caller = admit(call, ctx, NOTHING_TO_CHECK);
  if (!caller) return;
  const data = ctx.access.rolesForPlatform(caller.platformId).map((role) => ({ ...role, userCount: ctx.access.countMembersWithRole(caller.platformId, role.id) }));
  sendJson(call.res, 200, { data, next: null, previous: null });
}
