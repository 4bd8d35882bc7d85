// invite_user, list_invitations and revoke_invitation at the network boundary: the exact requests,
// what the server stored afterwards, refusals before any request, previews that only read, and
// re-runs that find nothing left to do.
import { InputError } from '@user-admin-pieces/common';
import { rejection, respond, runActionInProcess, useTestServer } from '@user-admin-pieces/common/testing';
import { buildInvitationBody, invitePreview, inviteUserAction } from '../src/lib/actions/invite-user';
import { listInvitationsAction } from '../src/lib/actions/list-invitations';
import { revokeInvitationAction, revokeScan } from '../src/lib/actions/revoke-invitation';
import { invitationRow } from '../src/lib/common/access';
import { platformApi, AccessState, invitation, invitationId, project, projectId, projectInvitation } from './platform-fake';
import { API_KEY, authProps, pathOf, queryOf } from './helpers';

const live = useTestServer();
const { server } = live;
const run = (action: Parameters<typeof runActionInProcess>[0], props: Record<string, unknown>) => runActionInProcess(action, authProps(`${live.url()}/api/v1`), props);
const routes = () => server.requests.map((request) => `${request.method} ${pathOf(request)} ${new URLSearchParams(queryOf(request))}`.trim());
const audit = (action: string, target: string, attempts: number) => ({ at: expect.any(String), action: `activepieces-platform/${action}`, target, requestIds: [], attempts });

function withState(state: AccessState): AccessState {
  server.always(platformApi(state));
  return state;
}

describe('buildInvitationBody', () => {
  it.each<[string, Record<string, unknown>, unknown]>([
    ['a platform invitation', { type: 'PLATFORM', email: ' grace@example.com ', platformRole: 'admin' }, { type: 'PLATFORM', email: 'grace@example.com', platformRole: 'ADMIN' }],
    [
      'a project invitation',
      { type: 'project', email: 'grace@example.com', projectId: projectId(2), projectRole: 'Editor' },
      { type: 'PROJECT', email: 'grace@example.com', projectId: projectId(2), projectRole: 'Editor' },
    ],
  ])('%s', (_name, props, body) => {
    expect(buildInvitationBody(props)).toEqual(body);
  });

  it.each<[string, Record<string, unknown>, string, string]>([
    ['no type', { email: 'grace@example.com' }, 'type', 'type is required: choose Platform or Project.'],
    ['no email', { type: 'PLATFORM', platformRole: 'MEMBER' }, 'email', 'email is required: the address of the person to invite.'],
    ['not an email', { type: 'PLATFORM', email: 'grace at example.com', platformRole: 'MEMBER' }, 'email', 'email must be one email address such as grace@example.com (got "grace at example.com").'],
    ['a list of emails', { type: 'PLATFORM', email: '["a@example.com","b@example.com"]', platformRole: 'MEMBER' }, 'email', 'email got a list where one value belongs: a list or record was mapped from an earlier step. Map a single text value (one item or one field of it).'],
    ['a platform invitation without a role', { type: 'PLATFORM', email: 'grace@example.com' }, 'platformRole', 'platformRole is required for a platform invitation: choose Admin, Member or Operator.'],
    ['an unknown platform role', { type: 'PLATFORM', email: 'grace@example.com', platformRole: 'OWNER' }, 'platformRole', 'platformRole must be one of ADMIN, MEMBER, OPERATOR (got "OWNER").'],
    [
      'a platform invitation with a project',
      { type: 'PLATFORM', email: 'grace@example.com', platformRole: 'MEMBER', projectId: projectId(1) },
      'projectId, projectRole',
      'A platform invitation takes no project or project role: clear them, or choose Project as the invitation type.',
    ],
    [
      'a project invitation with a platform role',
      { type: 'PROJECT', email: 'grace@example.com', platformRole: 'ADMIN', projectId: projectId(1), projectRole: 'Editor' },
      'platformRole',
      'A project invitation takes no platform role (a new user joins the platform as a member): clear it, or choose Platform as the invitation type.',
    ],
    ['a project invitation without a project', { type: 'PROJECT', email: 'grace@example.com', projectRole: 'Editor' }, 'projectId', 'projectId is required: pick a project, or map a project id from an earlier step.'],
    ['a malformed project id', { type: 'PROJECT', email: 'grace@example.com', projectId: '../users', projectRole: 'Editor' }, 'projectId', 'projectId must be an Activepieces project id of 21 letters and digits (got "../users").'],
    ['a project invitation without a role', { type: 'PROJECT', email: 'grace@example.com', projectId: projectId(1) }, 'projectRole', 'projectRole is required for a project invitation: pick a role, e.g. Editor.'],
  ])('refuses %s', (_name, props, field, sentence) => {
    expect(() => buildInvitationBody(props)).toThrow(new InputError(field, sentence));
  });
});

describe('invite_user', () => {
  it('sends one POST and returns the invitation with what was sent', async () => {
    const state = withState({ invitations: [], projects: [], members: [] });

    const output = await run(inviteUserAction, { type: 'PROJECT', email: 'Grace@Example.com', projectId: projectId(2), projectRole: 'Viewer' });

    expect(server.requests).toHaveLength(1);
    expect(server.requests[0].method).toBe('POST');
    expect(pathOf(server.requests[0])).toBe('/api/v1/user-invitations');
    expect(server.requests[0].body).toBe(`{"type":"PROJECT","email":"Grace@Example.com","projectId":"${projectId(2)}","projectRole":"Viewer"}`);
    expect(state.invitations).toHaveLength(1);
    expect(state.invitations[0]).toMatchObject({ email: 'grace@example.com', type: 'PROJECT', projectId: projectId(2), status: 'ACCEPTED' });
    expect(output).toStrictEqual({
      ...state.invitations[0],
      change: {
        applied: true,
        preview: false,
        fields: [
          { field: 'type', to: 'PROJECT' },
          { field: 'email', to: 'Grace@Example.com' },
          { field: 'projectId', to: projectId(2) },
          { field: 'projectRole', to: 'Viewer' },
        ],
        summary: `Invited Grace@Example.com to project ${projectId(2)} as Viewer (status ACCEPTED)`,
        audit: audit('invite_user', 'Grace@Example.com', 1),
      },
    });
  });

  it('refuses bad input before any request', async () => {
    const error = await rejection(run(inviteUserAction, { type: 'PLATFORM', email: 'grace@example.com', projectRole: 'Editor', platformRole: 'MEMBER' }), InputError);
    expect(error.field).toBe('projectId, projectRole');
    expect(server.requests).toHaveLength(0);
  });

  it('previews a new invitation from reads only', async () => {
    const state = withState({ invitations: [invitation(1)], projects: [], members: [] });

    const output = await run(inviteUserAction, { type: 'PLATFORM', email: 'grace@example.com', platformRole: 'OPERATOR', previewOnly: true });

    expect(server.requests.map((request) => `${request.method} ${pathOf(request)} ${new URLSearchParams(queryOf(request))}`)).toEqual([
      'GET /api/v1/user-invitations type=PLATFORM&limit=100',
    ]);
    expect(state.invitations).toEqual([invitation(1)]);
    expect(output).toStrictEqual({
      request: { type: 'PLATFORM', email: 'grace@example.com', platformRole: 'OPERATOR' },
      existing: null,
      change: {
        applied: false,
        preview: true,
        fields: [
          { field: 'type', to: 'PLATFORM' },
          { field: 'email', to: 'grace@example.com' },
          { field: 'platformRole', to: 'OPERATOR' },
        ],
        summary:
          'Would invite grace@example.com to the platform as OPERATOR (no invitation for this email yet). Activepieces accepts an invitation sent with an API key at once.',
        audit: audit('invite_user', 'grace@example.com', 1),
      },
    });
  });

  it('previews the update of an existing invitation of that project, with the role it had', async () => {
    const existing = projectInvitation(1, 2, 'Viewer', { email: 'grace@example.com' });
    withState({ invitations: [projectInvitation(3, 4, 'Admin', { email: 'grace@example.com' }), existing], projects: [project(2)], members: [] });

    const output = (await run(inviteUserAction, { type: 'PROJECT', email: 'GRACE@example.com', projectId: projectId(2), projectRole: 'Editor', previewOnly: true })) as Record<string, unknown>;

    expect(routes()).toEqual([`GET /api/v1/projects/${projectId(2)}`, `GET /api/v1/user-invitations type=PROJECT&projectId=${projectId(2)}&limit=100`]);
    expect(output['existing']).toEqual(existing);
    expect(output['change']).toMatchObject({
      fields: [{ field: 'projectRole', from: 'Viewer', to: 'Editor' }],
      summary: `Would update the pending invitation of GRACE@example.com to project Project 2: role Viewer → Editor. Activepieces accepts an invitation sent with an API key at once.`,
    });
  });

  it('refuses in a preview what a real run would be refused: a personal project', async () => {
    withState({ invitations: [], projects: [project(5, { type: 'PERSONAL', displayName: "Grace's Project" })], members: [] });
    const error = await rejection(run(inviteUserAction, { type: 'PROJECT', email: 'ada@example.com', projectId: projectId(5), projectRole: 'Editor', previewOnly: true }), InputError);
    expect(error.message).toBe(`Project Grace's Project (${projectId(5)}) is a personal project: Activepieces invites only to team projects, so a real run would be refused. Pick a team project.`);
    expect(routes()).toEqual([`GET /api/v1/projects/${projectId(5)}`]);
  });

  it('says when a preview could not read every invitation in time', async () => {
    const saved = invitePreview.budgetMs;
    invitePreview.budgetMs = 0;
    try {
      const output = (await run(inviteUserAction, { type: 'PLATFORM', email: 'grace@example.com', platformRole: 'MEMBER', previewOnly: true })) as Record<string, unknown>;
      expect(output['change']).toMatchObject({
        summary:
          'Would invite grace@example.com to the platform as MEMBER (not every invitation could be read within 0 s, so one may exist already). Activepieces accepts an invitation sent with an API key at once.',
      });
      expect(server.requests).toHaveLength(0);
    } finally {
      invitePreview.budgetMs = saved;
    }
  });

  it('never puts the API key in its output', async () => {
    withState({ invitations: [], projects: [], members: [] });
    const output = await run(inviteUserAction, { type: 'PLATFORM', email: 'grace@example.com', platformRole: 'MEMBER' });
    expect(JSON.stringify(output)).not.toContain(API_KEY.slice(3, 11));
  });
});

describe('list_invitations', () => {
  const state = (): AccessState => ({
    invitations: [
      invitation(1, { email: 'Grace@example.com' }),
      invitation(2, { status: 'ACCEPTED' }),
      projectInvitation(3, 1, 'Editor', { email: 'grace@example.com' }),
      projectInvitation(4, 2),
      ...Array.from({ length: 120 }, (_, i) => invitation(10 + i)),
    ],
    projects: [],
    members: [],
  });

  it('reads every page of one type and returns compact rows', async () => {
    withState(state());

    const output = await run(listInvitationsAction, { type: 'PLATFORM', status: 'PENDING', email: 'grace@EXAMPLE.com' });

    expect(output).toEqual({ invitations: [invitationRow(invitation(1, { email: 'Grace@example.com' }))], count: 1, complete: true, summary: '1 invitation' });
    expect(server.requests.map((request) => queryOf(request))).toEqual([
      { type: 'PLATFORM', status: 'PENDING', limit: '100' },
      { type: 'PLATFORM', status: 'PENDING', limit: '100', cursor: '100' },
    ]);
  });

  it('filters by project', async () => {
    withState(state());
    const output = await run(listInvitationsAction, { type: 'PROJECT', projectId: projectId(2) });
    expect(output).toMatchObject({ count: 1, complete: true, invitations: [{ id: invitationId(4), projectId: projectId(2), projectRole: 'Editor', type: 'PROJECT', platformRole: null }] });
    expect(queryOf(server.requests[0])).toEqual({ type: 'PROJECT', projectId: projectId(2), limit: '100' });
  });

  it('says honestly when the time budget ran out', async () => {
    const api = platformApi(state());
    server.always((request, response) => (queryOf(request)['cursor'] ? setTimeout(() => api(request, response), 2_500) : api(request, response)));

    const output = await run(listInvitationsAction, { type: 'PLATFORM', timeBudgetSeconds: 1 });

    expect(output).toMatchObject({
      count: 100,
      complete: false,
      summary: '100 invitations found before the time budget of 1 s ran out: the list was not read to its end, so there may be more.',
    });
    expect(server.requests).toHaveLength(2);
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['a project with platform invitations', { type: 'PLATFORM', projectId: projectId(1) }, 'Platform invitations belong to no project: clear Project, or choose Project as the invitation type.'],
    ['no type', {}, 'type is required: choose Platform or Project.'],
    ['an unknown status', { type: 'PLATFORM', status: 'EXPIRED' }, 'status must be one of PENDING, ACCEPTED (got "EXPIRED").'],
    ['a budget beyond the flow limit', { type: 'PLATFORM', timeBudgetSeconds: 900 }, 'timeBudgetSeconds must be a whole number from 1 to 500 (got "900").'],
  ])('refuses %s before any request', async (_name, props, sentence) => {
    const error = await rejection(run(listInvitationsAction, props), InputError);
    expect(error.message).toBe(sentence);
    expect(server.requests).toHaveLength(0);
  });
});

describe('revoke_invitation', () => {
  it('revokes by id with one DELETE, and a second run finds it gone', async () => {
    const state = withState({ invitations: [invitation(1), invitation(2)], projects: [], members: [] });

    const first = await run(revokeInvitationAction, { invitationId: invitationId(1) });
    const second = await run(revokeInvitationAction, { invitationId: invitationId(1) });

    expect(state.invitations).toEqual([invitation(2)]);
    expect(server.requests.map((request) => `${request.method} ${pathOf(request)}`)).toEqual([
      `DELETE /api/v1/user-invitations/${invitationId(1)}`,
      `DELETE /api/v1/user-invitations/${invitationId(1)}`,
    ]);
    expect(first).toStrictEqual({
      invitations: [{ id: invitationId(1), outcome: 'revoked' }],
      complete: true,
      change: { applied: true, preview: false, fields: [{ field: `invitation ${invitationId(1)}`, to: 'REVOKED' }], summary: `Revoked invitation ${invitationId(1)}`, audit: audit('revoke_invitation', invitationId(1), 1) },
    });
    expect(second).toMatchObject({
      invitations: [{ id: invitationId(1), outcome: 'already-gone' }],
      change: { applied: false, fields: [], summary: `Nothing to revoke: invitation ${invitationId(1)} is already gone (revoked, or accepted by someone who has joined)` },
    });
  });

  it('previews by id from the lists, without a DELETE', async () => {
    const state = withState({ invitations: [invitation(2), projectInvitation(1, 3, 'Viewer', { email: 'grace@example.com' })], projects: [], members: [] });

    const output = await run(revokeInvitationAction, { invitationId: invitationId(1), previewOnly: true });

    expect(server.requests.map((request) => `${request.method} ${queryOf(request)['type']}`)).toEqual(['GET PLATFORM', 'GET PROJECT']);
    expect(state.invitations).toHaveLength(2);
    expect(output).toMatchObject({
      invitations: [{ id: invitationId(1), email: 'grace@example.com', outcome: 'would-revoke' }],
      change: { applied: false, preview: true, fields: [{ field: `invitation ${invitationId(1)}`, from: 'PENDING', to: 'REVOKED' }], summary: 'Would revoke the pending project invitation of grace@example.com' },
    });
  });

  it('revokes every pending invitation for an email, platform and project, and a second run has nothing to do', async () => {
    const state = withState({
      invitations: [
        invitation(1, { email: 'grace@example.com' }),
        invitation(2),
        projectInvitation(3, 1, 'Editor', { email: 'GRACE@example.com' }),
        projectInvitation(4, 2, 'Editor', { email: 'grace@example.com', status: 'ACCEPTED' }),
      ],
      projects: [],
      members: [],
    });

    const first = await run(revokeInvitationAction, { email: 'Grace@Example.com' });
    const requestsOfFirst = server.requests.map((request) => `${request.method} ${pathOf(request)} ${new URLSearchParams(queryOf(request))}`);
    const second = await run(revokeInvitationAction, { email: 'Grace@Example.com' });

    expect(requestsOfFirst).toEqual([
      'GET /api/v1/user-invitations type=PLATFORM&status=PENDING&limit=100',
      'GET /api/v1/user-invitations type=PROJECT&status=PENDING&limit=100',
      `DELETE /api/v1/user-invitations/${invitationId(1)} `,
      `DELETE /api/v1/user-invitations/${invitationId(3)} `,
    ]);
    expect(state.invitations.map((item) => item.id)).toEqual([invitationId(2), invitationId(4)]);
    expect(first).toMatchObject({
      invitations: [
        { id: invitationId(1), type: 'PLATFORM', outcome: 'revoked' },
        { id: invitationId(3), type: 'PROJECT', projectId: projectId(1), outcome: 'revoked' },
      ],
      complete: true,
      change: { applied: true, preview: false, summary: 'Revoked 2 pending invitations for Grace@Example.com' },
    });
    expect(second).toStrictEqual({
      invitations: [],
      complete: true,
      change: { applied: false, preview: false, fields: [], summary: 'Nothing to revoke: no pending invitation for Grace@Example.com', audit: audit('revoke_invitation', 'Grace@Example.com', 2) },
    });
  });

  it('limits a revocation by email to one project', async () => {
    const state = withState({
      invitations: [invitation(1, { email: 'grace@example.com' }), projectInvitation(3, 1, 'Editor', { email: 'grace@example.com' }), projectInvitation(5, 2, 'Editor', { email: 'grace@example.com' })],
      projects: [],
      members: [],
    });

    await run(revokeInvitationAction, { email: 'grace@example.com', projectId: projectId(2) });

    expect(queryOf(server.requests[0])).toEqual({ type: 'PROJECT', projectId: projectId(2), status: 'PENDING', limit: '100' });
    expect(state.invitations.map((item) => item.id)).toEqual([invitationId(1), invitationId(3)]);
  });

  it('says when it could not read every invitation in time', async () => {
    const saved = revokeScan.budgetMs;
    revokeScan.budgetMs = 0;
    try {
      const output = await run(revokeInvitationAction, { email: 'grace@example.com', previewOnly: true });
      expect(output).toMatchObject({
        complete: false,
        change: { summary: 'Nothing to revoke: no pending invitation for grace@example.com; not every invitation could be read within 0 s, so run the step again to catch any left' },
      });
    } finally {
      revokeScan.budgetMs = saved;
    }
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['neither id nor email', {}, 'Give exactly one of invitationId or email.'],
    ['both id and email', { invitationId: invitationId(1), email: 'grace@example.com' }, 'Give exactly one of invitationId or email.'],
    ['an id with a type', { invitationId: invitationId(1), type: 'PLATFORM' }, 'An invitation id names one invitation: clear Invitation Type, Project and Also accepted invitations, which only apply to a revocation by email.'],
    ['a project with platform invitations', { email: 'grace@example.com', type: 'PLATFORM', projectId: projectId(1) }, 'Platform invitations belong to no project: clear Project, or choose Project as the invitation type.'],
    ['a malformed id', { invitationId: '12345' }, 'invitationId must be an Activepieces invitation id of 21 letters and digits (got "12345").'],
  ])('refuses %s before any request', async (_name, props, sentence) => {
    server.always(respond(500, {}));
    const error = await rejection(run(revokeInvitationAction, props), InputError);
    expect(error.message).toBe(sentence);
    expect(server.requests).toHaveLength(0);
  });
});
