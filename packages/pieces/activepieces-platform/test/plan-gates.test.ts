// What a flow builder reads when the plan lacks a feature (402 FEATURE_DISABLED, whose params say only
// "Feature is disabled", so the route names the feature), a limit is reached (402 QUOTA_EXCEEDED, whose
// `metric` names it), or the API refuses a change (409 VALIDATION, EXISTING_USER).
import { ApiError, Connection } from '@user-admin-pieces/common';
import { rejection, respond, runActionInProcess, useTestServer } from '@user-admin-pieces/common/testing';
import { customApiCallAction } from '../src/lib/actions/custom-api-call';
import { createInvitation, deleteInvitation, listProjectMembersPage, listUsersPage, listProjectsPage, updateProjectMemberRole } from '../src/lib/common/client';
import { invitationId, memberId, projectId } from './platform-fake';
import { API_KEY, authProps } from './helpers';

const live = useTestServer();
const { server } = live;
const connection = (): Connection => ({ baseUrl: `${live.url()}/api/v1`, token: API_KEY });

const FEATURE_DISABLED = { code: 'FEATURE_DISABLED', params: { message: 'Feature is disabled' } };
const upgrade = 'Ask the platform owner to upgrade the plan or turn the feature on, then run again.';

describe('402 FEATURE_DISABLED names the feature the route needs', () => {
  it.each<[string, () => Promise<unknown>, string]>([
    [
      'project members',
      () => listProjectMembersPage(connection(), { projectId: projectId(1), limit: 10 }),
      `This Activepieces plan does not include project members and roles (plan flag projectRolesEnabled), so it refused GET /v1/project-members: Feature is disabled. ${upgrade}`,
    ],
    [
      'a role change',
      () => updateProjectMemberRole(connection(), memberId(1), 'Editor'),
      `This Activepieces plan does not include project members and roles (plan flag projectRolesEnabled), so it refused POST /v1/project-members/${memberId(1)}: Feature is disabled. ${upgrade}`,
    ],
    [
      'a project invitation',
      () => createInvitation(connection(), { type: 'PROJECT', email: 'grace@example.com', projectId: projectId(1), projectRole: 'Editor' }),
      `This Activepieces plan does not include project members and roles, which project invitations need (plan flag projectRolesEnabled), so it refused POST /v1/user-invitations: Feature is disabled. ${upgrade}`,
    ],
    [
      'a revocation',
      () => deleteInvitation(connection(), invitationId(1)),
      `This Activepieces plan does not include project members and roles, which project invitations need (plan flag projectRolesEnabled), so it refused DELETE /v1/user-invitations/${invitationId(1)}: Feature is disabled. ${upgrade}`,
    ],
    [
      'projects',
      () => listProjectsPage(connection(), { limit: 10 }),
      `This Activepieces plan does not include managing projects (plan flag manageProjectsEnabled), so it refused GET /v1/projects: Feature is disabled. ${upgrade}`,
    ],
  ])('%s', async (_name, call, sentence) => {
    server.reply(respond(402, FEATURE_DISABLED));
    const error = await rejection(call(), ApiError);
    expect(error).toMatchObject({ status: 402, code: 'FEATURE_DISABLED', message: sentence });
    expect(server.requests).toHaveLength(1);
  });

  it('names the route when the custom API call reaches a gate it does not know', async () => {
    server.reply(respond(402, FEATURE_DISABLED));
    const error = await rejection(
      runActionInProcess(customApiCallAction, authProps(`${live.url()}/api/v1`), { url: '/v1/git-repos', method: 'GET', headers: {}, queryParams: {} }),
      ApiError,
    );
    expect(error.message).toBe(`This Activepieces plan does not include a feature that GET /v1/git-repos needs: Feature is disabled. Ask the platform owner to upgrade the plan or turn the feature on, then run again.`);
  });

  it('keeps saying that the edition lacks API keys on the user routes, whose only gate is the keys', async () => {
    server.reply(respond(402, FEATURE_DISABLED));
    const error = await rejection(listUsersPage(connection(), { limit: 1 }), ApiError);
    expect(error.message).toBe('API keys need the Platform or Enterprise edition of Activepieces; this instance does not offer them.');
  });
});

describe('402 QUOTA_EXCEEDED names the limit', () => {
  it.each<[string, unknown, string]>([
    ['team members with the quota', { metric: 'team-members', quota: 3 }, 'The Activepieces plan limit (team members per project: 3) is reached. Raise the limit or free up usage, then run again.'],
    ['user seats with usage and limit', { metric: 'user-seats', usage: 10, limit: 10 }, 'The Activepieces plan limit (user seats: 10, 10 in use) is reached. Raise the limit or free up usage, then run again.'],
    ['a metric this piece does not know', { metric: 'flow-runs' }, 'The Activepieces plan limit (flow-runs) is reached. Raise the limit or free up usage, then run again.'],
    ['no metric', {}, 'The Activepieces plan limit is reached. Raise the limit or free up usage, then run again.'],
  ])('%s', async (_name, params, sentence) => {
    server.reply(respond(402, { code: 'QUOTA_EXCEEDED', params }));
    const error = await rejection(createInvitation(connection(), { type: 'PROJECT', email: 'grace@example.com', projectId: projectId(1), projectRole: 'Editor' }), ApiError);
    expect(error).toMatchObject({ status: 402, code: 'QUOTA_EXCEEDED', message: sentence });
  });
});

describe('409 and 404 read as sentences', () => {
  it.each<[string, unknown, string]>([
    [
      'EXISTING_USER',
      { code: 'EXISTING_USER', params: { email: 'grace@example.com', platformId: 'plat0000000000000001x' } },
      'Activepieces refused the change: a user with email grace@example.com already exists on this platform. Use that user (Find User looks them up by email) instead of creating another.',
    ],
    ['EXISTING_USER without params', { code: 'EXISTING_USER', params: {} }, 'Activepieces refused the change: a user with this email already exists on this platform. Use that user (Find User looks them up by email) instead of creating another.'],
    ['VALIDATION', { code: 'VALIDATION', params: { message: 'Project role not found' } }, 'Activepieces refused the change: Project role not found.'],
    ['VALIDATION without a message', { code: 'VALIDATION', params: {} }, 'Activepieces refused the change.'],
  ])('409 %s', async (_name, body, sentence) => {
    server.reply(respond(409, body));
    const error = await rejection(createInvitation(connection(), { type: 'PLATFORM', email: 'grace@example.com', platformRole: 'MEMBER' }), ApiError);
    expect(error).toMatchObject({ status: 409, message: sentence });
  });

  it('404 ENTITY_NOT_FOUND for a role names it as a name: roles are looked up by name', async () => {
    server.reply(respond(404, { code: 'ENTITY_NOT_FOUND', params: { entityType: 'project_role', entityId: 'Editr', message: 'Project Role by name and platformId not found' } }));
    const error = await rejection(updateProjectMemberRole(connection(), memberId(4), 'Editr'), ApiError);
    expect(error.message).toBe('No project role named "Editr" on this platform. Pick one from the Project Role dropdown.');
  });

  it('404 ENTITY_NOT_FOUND names the entity as a person would, without the "id=" upstream writes', async () => {
    server.reply(respond(404, { code: 'ENTITY_NOT_FOUND', params: { entityType: 'ProjectMember', entityId: `id=${memberId(4)}` } }));
    const error = await rejection(updateProjectMemberRole(connection(), memberId(4), 'Editor'), ApiError);
    expect(error.message).toBe(`No project member with id ${memberId(4)} on this platform.`);
  });
});
