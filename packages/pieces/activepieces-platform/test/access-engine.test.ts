// The invitation and project member actions the way today's engine runs them: the built package in a
// fresh child process per call, props processed as the engine does ("true" becomes a checkbox true, a
// list mapped into a text prop arrives as its JSON text), the output and errors sent back over IPC.
import { useTestServer } from '@user-admin-pieces/common/testing';
import { platformApi, AccessState, invitation, invitationId, member, memberId, project, projectId, projectInvitation } from './platform-fake';
import { useEngineChild } from './engine-child';
import { pathOf } from './helpers';

const live = useTestServer();
const { server } = live;
const engineChild = useEngineChild();
const runInChild = (actionName: string, input: Record<string, unknown>) => engineChild(actionName, live.url, input);

function withState(state: AccessState): AccessState {
  server.always(platformApi(state));
  return state;
}

describe('invitations in the engine\'s child process', () => {
  it('invite_user previews ("true" from a mapping) and then invites', async () => {
    const state = withState({ invitations: [invitation(1, { email: 'grace@example.com', platformRole: 'MEMBER' })], projects: [], members: [] });

    const preview = await runInChild('invite_user', { type: 'PLATFORM', email: 'grace@example.com', platformRole: 'ADMIN', previewOnly: 'true' });
    const real = await runInChild('invite_user', { type: 'PLATFORM', email: 'grace@example.com', platformRole: 'ADMIN', previewOnly: 'false' });

    expect(preview).toMatchObject({
      ok: true,
      value: {
        existing: { id: invitationId(1) },
        change: {
          applied: false,
          preview: true,
          fields: [
            { field: 'type', to: 'PLATFORM' },
            { field: 'email', to: 'grace@example.com' },
            { field: 'platformRole', to: 'ADMIN' },
          ],
          summary:
            'Would invite grace@example.com to the platform as ADMIN again (the pending invitation of grace@example.com has role MEMBER). Activepieces accepts an invitation sent with an API key at once.',
        },
      },
    });
    expect(real).toMatchObject({ ok: true, value: { platformRole: 'ADMIN', status: 'ACCEPTED', change: { applied: true, summary: 'Invited grace@example.com to the platform as ADMIN (status ACCEPTED)' } } });
    expect(state.invitations).toEqual([invitation(1, { email: 'grace@example.com', platformRole: 'MEMBER' }), expect.objectContaining({ platformRole: 'ADMIN', status: 'ACCEPTED' })]);
    expect(server.requests.map((request) => request.method)).toEqual(['GET', 'POST']);
  });

  it('revoke_invitation by email revokes both types, and says so', async () => {
    const state = withState({
      invitations: [invitation(1, { email: 'grace@example.com' }), projectInvitation(2, 3, 'Editor', { email: 'grace@example.com' }), invitation(3)],
      projects: [],
      members: [],
    });

    const outcome = await runInChild('revoke_invitation', { email: 'grace@example.com', invitationId: '' });

    expect(outcome).toMatchObject({ ok: true, value: { complete: true, change: { applied: true, summary: 'Revoked 2 pending invitations for grace@example.com' } } });
    expect(state.invitations.map((item) => item.id)).toEqual([invitationId(3)]);
  });

  it('list_invitations reads every page of one type (a budget mapped as text becomes a number), and refuses a project for platform invitations before any request', async () => {
    withState({ invitations: [invitation(1, { email: 'grace@example.com' }), projectInvitation(2, 1, 'Editor'), invitation(3, { status: 'ACCEPTED' })], projects: [], members: [] });

    const listed = await runInChild('list_invitations', { type: 'PLATFORM', status: 'PENDING', timeBudgetSeconds: '30' });
    expect(listed).toMatchObject({ ok: true, value: { count: 1, complete: true, summary: '1 invitation', invitations: [{ id: invitationId(1), email: 'grace@example.com', type: 'PLATFORM', status: 'PENDING' }] } });
    expect(server.requests.map((request) => `${request.method} ${request.path}`)).toEqual(['GET /api/v1/user-invitations?type=PLATFORM&status=PENDING&limit=100']);

    server.reset();
    const refused = await runInChild('list_invitations', { type: 'PLATFORM', projectId: projectId(1) });
    if (refused.ok) throw new Error('expected a refusal');
    expect(refused.error).toMatchObject({
      name: 'InputError',
      field: 'projectId',
      message: 'Platform invitations belong to no project: clear Project, or choose Project as the invitation type.',
    });
    expect(server.requests).toHaveLength(0);
  });

  it('a list mapped into Email is refused before any request, as the builder shows it', async () => {
    const outcome = await runInChild('invite_user', { type: 'PLATFORM', email: ['a@example.com', 'b@example.com'], platformRole: 'MEMBER' });
    if (outcome.ok) throw new Error('expected a refusal');
    expect(outcome.error).toMatchObject({
      name: 'InputError',
      field: 'email',
      message: 'email got a list where one value belongs: a list or record was mapped from an earlier step. Map a single text value (one item or one field of it).',
    });
    expect(server.requests).toHaveLength(0);
  });
});

describe('project members in the engine\'s child process', () => {
  const team = (): AccessState => ({ invitations: [], projects: [project(1), project(2)], members: [member(1, 7, 1, 'Viewer'), member(2, 7, 2, 'Editor')] });

  it('list_user_memberships reads every team project (a budget mapped as text becomes a number)', async () => {
    withState(team());
    const outcome = await runInChild('list_user_memberships', { email: 'person7@example.com', timeBudgetSeconds: '30' });
    expect(outcome).toMatchObject({ ok: true, value: { count: 2, projectsScanned: 2, complete: true, memberships: [{ memberId: memberId(1), role: 'Viewer' }, { memberId: memberId(2), role: 'Editor' }] } });
  });

  it('change_project_role changes the role, and a re-run sends nothing', async () => {
    const state = withState(team());
    const first = await runInChild('change_project_role', { email: 'person7@example.com', projectId: projectId(1), role: 'Admin' });
    const second = await runInChild('change_project_role', { email: 'person7@example.com', projectId: projectId(1), role: 'Admin' });
    expect(first).toMatchObject({ ok: true, value: { change: { applied: true, summary: 'Changed the role of person7@example.com in project Project 1: Viewer → Admin' } } });
    expect(second).toMatchObject({ ok: true, value: { change: { applied: false, summary: 'Nothing to change: person7@example.com is already Admin in project Project 1' } } });
    expect(state.members[0].projectRole?.name).toBe('Admin');
    expect(server.requests.map((request) => `${request.method} ${pathOf(request)}`)).toEqual([
      'GET /api/v1/project-members',
      `POST /api/v1/project-members/${memberId(1)}`,
      'GET /api/v1/project-members',
    ]);
  });

  it('remove_from_project fails with the plan gate as a sentence with its status', async () => {
    server.always((_request, response) => {
      response.writeHead(402, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ code: 'FEATURE_DISABLED', params: { message: 'Feature is disabled' } }));
    });
    const outcome = await runInChild('remove_from_project', { email: 'person7@example.com', projectId: projectId(2) });
    if (outcome.ok) throw new Error('expected a failure');
    expect(outcome.error).toMatchObject({
      name: 'ApiError',
      status: 402,
      code: 'FEATURE_DISABLED',
      message:
        'This Activepieces plan does not include project members and roles (plan flag projectRolesEnabled), so it refused GET /v1/project-members: Feature is disabled. Ask the platform owner to upgrade the plan or turn the feature on, then run again.',
    });
  });
});
