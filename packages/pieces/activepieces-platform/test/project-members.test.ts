// list_user_memberships, change_project_role and remove_from_project at the network boundary: the
// exact requests, what the server stored, refusals before any request, previews that only read, and
// re-runs that send nothing.
import { ApiError, InputError } from '@user-admin-pieces/common';
import { json, rejection, respond, runActionInProcess, useTestServer } from '@user-admin-pieces/common/testing';
import { changeProjectRoleAction } from '../src/lib/actions/change-project-role';
import { listUserMembershipsAction } from '../src/lib/actions/list-user-memberships';
import { removeFromProjectAction } from '../src/lib/actions/remove-from-project';
import { memberLookup, membershipRow } from '../src/lib/common/access';
import { platformApi, AccessState, member, memberId, project, projectId, role } from './platform-fake';
import { authProps, pathOf, queryOf, user, userId } from './helpers';

const live = useTestServer();
const { server } = live;
const run = (action: Parameters<typeof runActionInProcess>[0], props: Record<string, unknown>) => runActionInProcess(action, authProps(`${live.url()}/api/v1`), props);
const audit = (action: string, target: string, attempts: number) => ({ at: expect.any(String), action: `activepieces-platform/${action}`, target, requestIds: [], attempts });
const routes = () => server.requests.map((request) => `${request.method} ${pathOf(request)} ${new URLSearchParams(queryOf(request))}`.trim());

function withState(state: AccessState): AccessState {
  const api = platformApi(state);
  server.always((request, response) => {
    // The user list, for a lookup by external id: user 7 has "hr-7".
    if (pathOf(request) === '/api/v1/users') {
      const wanted = queryOf(request)['externalId'];
      return json(response, 200, { data: wanted === 'hr-7' ? [user(7, { externalId: 'hr-7' })] : [], next: null, previous: null });
    }
    api(request, response);
  });
  return state;
}

const team = (): AccessState => ({
  invitations: [],
  projects: [project(1), project(2, { type: 'PERSONAL' }), project(3)],
  members: [member(1, 5, 1, 'Admin'), member(2, 7, 1, 'Viewer'), member(3, 7, 2, 'Admin'), member(4, 7, 3, 'Editor')],
});

describe('list_user_memberships', () => {
  it('lists the team memberships of a user by email, as compact rows', async () => {
    withState(team());

    const output = await run(listUserMembershipsAction, { email: 'PERSON7@example.com' });

    expect(output).toEqual({
      memberships: [membershipRow(member(2, 7, 1, 'Viewer')), membershipRow(member(4, 7, 3, 'Editor'))],
      count: 2,
      projectsScanned: 2,
      complete: true,
      summary: 'Member of 2 team projects (2 team projects read)',
    });
    expect(membershipRow(member(2, 7, 1, 'Viewer'))).toEqual({
      memberId: memberId(2),
      projectId: projectId(1),
      projectName: 'Project 1',
      role: 'Viewer',
      userId: userId(7),
      email: 'person7@example.com',
    });
    expect(routes()).toEqual([
      'GET /api/v1/projects limit=100&types=TEAM',
      `GET /api/v1/project-members projectId=${projectId(1)}&limit=100`,
      `GET /api/v1/project-members projectId=${projectId(3)}&limit=100`,
    ]);
  });

  it('finds the user by external id first', async () => {
    withState(team());
    const output = await run(listUserMembershipsAction, { externalId: 'hr-7' });
    expect(output).toMatchObject({ count: 2 });
    expect(routes()[0]).toBe('GET /api/v1/users limit=100&externalId=hr-7');
  });

  it('says honestly when the time budget ran out', async () => {
    const api = platformApi(team());
    server.always((request, response) => (queryOf(request)['projectId'] === projectId(3) ? setTimeout(() => api(request, response), 2_500) : api(request, response)));

    const output = await run(listUserMembershipsAction, { userId: userId(7), timeBudgetSeconds: 1 });

    expect(output).toMatchObject({
      count: 1,
      projectsScanned: 1,
      complete: false,
      summary: 'Member of 1 team project among the 1 team project read before the time budget of 1 s ran out: there may be more.',
    });
  });

  it('refuses two ways of naming the user before any request', async () => {
    const error = await rejection(run(listUserMembershipsAction, { userId: userId(7), email: 'person7@example.com' }), InputError);
    expect(error.message).toBe('Give exactly one of userId, email or externalId.');
    expect(server.requests).toHaveLength(0);
  });
});

describe('change_project_role', () => {
  it('finds the member by email and changes the role with one POST', async () => {
    const state = withState(team());

    const output = await run(changeProjectRoleAction, { email: 'person7@example.com', projectId: projectId(1), role: 'Editor' });

    expect(routes()).toEqual([`GET /api/v1/project-members projectId=${projectId(1)}&limit=100`, `POST /api/v1/project-members/${memberId(2)}`]);
    expect(server.requests[1].body).toBe('{"role":"Editor"}');
    expect(state.members[1]).toMatchObject({ id: memberId(2), projectRole: role('Editor') });
    expect(output).toStrictEqual({
      ...state.members[1],
      change: {
        applied: true,
        preview: false,
        fields: [{ field: 'projectRole', from: 'Viewer', to: 'Editor' }],
        summary: 'Changed the role of person7@example.com in project Project 1: Viewer → Editor',
        audit: audit('change_project_role', projectId(1), 2),
      },
    });
  });

  it('sends nothing when the user already has the role', async () => {
    withState(team());
    const output = await run(changeProjectRoleAction, { userId: userId(7), projectId: projectId(3), role: 'Editor' });
    expect(server.requests.map((request) => request.method)).toEqual(['GET']);
    expect(output).toMatchObject({ change: { applied: false, preview: false, fields: [], summary: 'Nothing to change: person7@example.com is already Editor in project Project 3' } });
  });

  it('previews from one read', async () => {
    const state = withState(team());
    const output = await run(changeProjectRoleAction, { userId: userId(7), projectId: projectId(1), role: 'Admin', previewOnly: true });
    expect(server.requests.map((request) => request.method)).toEqual(['GET']);
    expect(state.members[1].projectRole?.name).toBe('Viewer');
    expect(output).toMatchObject({
      id: memberId(2),
      change: { applied: false, preview: true, fields: [{ field: 'projectRole', from: 'Viewer', to: 'Admin' }], summary: 'Would change the role of person7@example.com in project Project 1: Viewer → Admin' },
    });
  });

  it('refuses a user who is not a member, saying how to add them', async () => {
    withState(team());
    const error = await rejection(run(changeProjectRoleAction, { email: 'person9@example.com', projectId: projectId(1), role: 'Admin' }), InputError);
    expect(error.message).toBe(`person9@example.com is not a member of project ${projectId(1)}. Only a member's role can be changed: add them with Invite User (type Project) instead.`);
    expect(server.requests).toHaveLength(1);
  });

  it('does not conclude "not a member" when the members could not all be read in time', async () => {
    const saved = memberLookup.budgetMs;
    memberLookup.budgetMs = 0;
    try {
      const error = await rejection(run(changeProjectRoleAction, { userId: userId(7), projectId: projectId(1), role: 'Admin' }), ApiError);
      expect(error.message).toBe(
        `Could not read every member of project ${projectId(1)} within 0 s, so whether user ${userId(7)} is a member is unknown. Nothing was changed. Run the step again later.`,
      );
      expect(server.requests).toHaveLength(0);
    } finally {
      memberLookup.budgetMs = saved;
    }
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['no role', { userId: userId(7), projectId: projectId(1) }, 'role is required: pick a project role, e.g. Editor.'],
    ['no project', { userId: userId(7), role: 'Editor' }, 'projectId is required: pick a project, or map a project id from an earlier step.'],
    ['a project id as a number', { userId: userId(7), projectId: 123, role: 'Editor' }, 'projectId must be text, not a number: a 21-character id loses digits as a number. Map the project id as text.'],
    ['no user', { projectId: projectId(1), role: 'Editor' }, 'Give exactly one of userId, email or externalId.'],
  ])('refuses %s before any request', async (_name, props, sentence) => {
    const error = await rejection(run(changeProjectRoleAction, props), InputError);
    expect(error.message).toBe(sentence);
    expect(server.requests).toHaveLength(0);
  });
});

describe('remove_from_project', () => {
  it('removes the member with one DELETE, and a second run sends nothing', async () => {
    const state = withState(team());

    const first = await run(removeFromProjectAction, { email: 'person7@example.com', projectId: projectId(3) });
    const requestsOfFirst = routes();
    const second = await run(removeFromProjectAction, { email: 'person7@example.com', projectId: projectId(3) });

    expect(requestsOfFirst).toEqual([`GET /api/v1/project-members projectId=${projectId(3)}&limit=100`, `DELETE /api/v1/project-members/${memberId(4)}`]);
    expect(state.members.map((item) => item.id)).toEqual([memberId(1), memberId(2), memberId(3)]);
    expect(first).toStrictEqual({
      removed: membershipRow(member(4, 7, 3, 'Editor')),
      change: {
        applied: true,
        preview: false,
        fields: [{ field: 'membership', from: 'Editor', to: null }],
        summary: 'Removed person7@example.com (Editor) from project Project 3',
        audit: audit('remove_from_project', projectId(3), 2),
      },
    });
    expect(second).toStrictEqual({
      removed: null,
      change: { applied: false, preview: false, fields: [], summary: `Nothing to remove: person7@example.com is already not a member of project ${projectId(3)}`, audit: audit('remove_from_project', projectId(3), 1) },
    });
    expect(server.requests.map((request) => request.method)).toEqual(['GET', 'DELETE', 'GET']);
  });

  it('previews from one read', async () => {
    const state = withState(team());
    const output = await run(removeFromProjectAction, { userId: userId(7), projectId: projectId(1), previewOnly: true });
    expect(server.requests.map((request) => request.method)).toEqual(['GET']);
    expect(state.members).toHaveLength(4);
    expect(output).toMatchObject({ removed: { memberId: memberId(2), role: 'Viewer' }, change: { applied: false, preview: true, summary: 'Would remove person7@example.com (Viewer) from project Project 1' } });
  });

  it('reports a member removed meanwhile as already gone', async () => {
    server.reply(respond(200, { data: [member(4, 7, 3)], next: null, previous: null }), respond(404, { code: 'ENTITY_NOT_FOUND', params: { entityType: 'ProjectMember', entityId: memberId(4) } }));
    const output = await run(removeFromProjectAction, { userId: userId(7), projectId: projectId(3) });
    expect(output).toMatchObject({ removed: null, change: { applied: false, summary: 'Nothing to remove: person7@example.com is already not a member of project Project 3' } });
  });
});
