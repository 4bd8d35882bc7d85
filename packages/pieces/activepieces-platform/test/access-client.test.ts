// The client functions and scans for invitations, projects and project members, at the network
// boundary: exact method, path, query, headers and body, and what a wrong answer reads like.
import { ApiError, AuditTrail, Connection } from '@user-admin-pieces/common';
import { json, rejection, respond, useTestServer } from '@user-admin-pieces/common/testing';
import { findOpenInvitations, findUserMemberships } from '../src/lib/common/access';
import {
  createInvitation,
  deleteInvitation,
  deleteProjectMember,
  listInvitationsPage,
  listProjectMembersPage,
  listProjectRolesPage,
  listProjectsPage,
  updateProjectMemberRole,
} from '../src/lib/common/client';
import { platformApi, AccessState, invitation, member, memberId, project, projectId, projectInvitation, role } from './platform-fake';
import { API_KEY, notAnApiSentence, pathOf, queryOf, userId } from './helpers';

const live = useTestServer();
const { server } = live;
const connection = (): Connection => ({ baseUrl: `${live.url()}/api/v1`, token: API_KEY });

describe('invitation requests', () => {
  it('lists one page with every filter, and the key as a Bearer header', async () => {
    const listed = projectInvitation(1, 2);
    server.reply(respond(200, { data: [listed], next: 'c2', previous: null }));

    const page = await listInvitationsPage(connection(), { type: 'PROJECT', projectId: projectId(2), status: 'PENDING', limit: 100, cursor: 'c1' });

    expect(page).toEqual({ data: [listed], next: 'c2', previous: null });
    expect(server.requests).toHaveLength(1);
    const [request] = server.requests;
    expect(request.method).toBe('GET');
    expect(pathOf(request)).toBe('/api/v1/user-invitations');
    expect(queryOf(request)).toEqual({ type: 'PROJECT', projectId: projectId(2), status: 'PENDING', limit: '100', cursor: 'c1' });
    expect(request.headers.authorization).toBe(`Bearer ${API_KEY}`);
  });

  it('takes a 200 that is not a page of invitations for a wrong base URL', async () => {
    server.reply(respond(200, { data: [{ id: 'x' }], next: null }));
    const error = await rejection(listInvitationsPage(connection(), { type: 'PLATFORM', limit: 10 }));
    expect(error).toMatchObject({ kind: 'invalid_response', status: 200 });
    expect(error.message).toBe(notAnApiSentence(`${live.url()}/api`, 'GET /v1/user-invitations did not answer with a list of invitations'));
  });

  it('sends exactly the platform body and returns the invitation', async () => {
    const answer = invitation(5, { email: 'grace@example.com', platformRole: 'ADMIN', status: 'ACCEPTED', link: 'https://ap.example.com/invitation?token=t' });
    server.reply(respond(201, answer));

    const created = await createInvitation(connection(), { type: 'PLATFORM', email: 'Grace@Example.com', platformRole: 'ADMIN' });

    expect(created).toEqual(answer);
    expect(server.requests[0].method).toBe('POST');
    expect(pathOf(server.requests[0])).toBe('/api/v1/user-invitations');
    expect(server.requests[0].body).toBe('{"type":"PLATFORM","email":"Grace@Example.com","platformRole":"ADMIN"}');
    expect(server.requests[0].headers['content-type']).toMatch(/^application\/json/);
  });

  it('sends exactly the project body', async () => {
    server.reply(respond(201, projectInvitation(5, 2, 'Viewer', { email: 'grace@example.com' })));
    await createInvitation(connection(), { type: 'PROJECT', email: 'grace@example.com', projectId: projectId(2), projectRole: 'Viewer' });
    expect(server.requests[0].body).toBe(`{"type":"PROJECT","email":"grace@example.com","projectId":"${projectId(2)}","projectRole":"Viewer"}`);
  });

  it('does not take another answer for the invitation, and says the change may have been applied', async () => {
    server.reply(respond(201, invitation(6, { email: 'someone@example.com' })));
    const error = await rejection(createInvitation(connection(), { type: 'PLATFORM', email: 'grace@example.com', platformRole: 'MEMBER' }));
    expect(error.message).toBe(
      `Activepieces answered 201 to the platform invitation of grace@example.com with another invitation (id "${invitation(6).id}") instead of that invitation. The change may have been applied: check the invitations of grace@example.com in Activepieces before running the step again.`,
    );
    expect(server.requests).toHaveLength(1);
  });

  it('revokes with one DELETE, and reads a 404 ENTITY_NOT_FOUND as already gone', async () => {
    server.reply(
      (_request, response) => {
        response.writeHead(204);
        response.end();
      },
      respond(404, { code: 'ENTITY_NOT_FOUND', params: { entityType: 'UserInvitation', entityId: `id=${invitation(1).id}` } }),
    );
    const trail = new AuditTrail('test', 'x');

    await expect(deleteInvitation(connection(), invitation(1).id, trail)).resolves.toBe('revoked');
    await expect(deleteInvitation(connection(), invitation(1).id, trail)).resolves.toBe('already-gone');

    expect(server.requests.map((request) => `${request.method} ${pathOf(request)}`)).toEqual([
      `DELETE /api/v1/user-invitations/${invitation(1).id}`,
      `DELETE /api/v1/user-invitations/${invitation(1).id}`,
    ]);
    expect(trail.finish().attempts).toBe(2);
  });

  it('does not read a route-not-found 404 as already gone', async () => {
    server.reply(respond(404, { statusCode: 404, error: 'Not Found', message: 'Route not found' }));
    const error = await rejection(deleteInvitation(connection(), invitation(1).id), ApiError);
    expect(error.message).toBe(notAnApiSentence(`${live.url()}/api`, `it has no route DELETE /v1/user-invitations/${invitation(1).id}`));
  });

  it('refuses an id that would leave the path before any request', async () => {
    await rejection(deleteInvitation(connection(), '../users'));
    expect(server.requests).toHaveLength(0);
  });
});

describe('project and member requests', () => {
  it('lists projects by name, one type as one value', async () => {
    server.reply(respond(200, { data: [project(1)], next: null, previous: null }));
    const page = await listProjectsPage(connection(), { limit: 100, displayName: 'Mark', types: ['TEAM'] });
    expect(page.data).toEqual([project(1)]);
    expect(pathOf(server.requests[0])).toBe('/api/v1/projects');
    expect(queryOf(server.requests[0])).toEqual({ limit: '100', displayName: 'Mark', types: 'TEAM' });
  });

  it('sends no type filter for both types', async () => {
    server.reply(respond(200, { data: [], next: null, previous: null }));
    await listProjectsPage(connection(), { limit: 5, types: ['TEAM', 'PERSONAL'] });
    expect(queryOf(server.requests[0])).toEqual({ limit: '5' });
  });

  it('lists one project\'s members', async () => {
    server.reply(respond(200, { data: [member(1, 3, 2)], next: null, previous: null }));
    const page = await listProjectMembersPage(connection(), { projectId: projectId(2), limit: 100 });
    expect(page.data).toEqual([member(1, 3, 2)]);
    expect(pathOf(server.requests[0])).toBe('/api/v1/project-members');
    expect(queryOf(server.requests[0])).toEqual({ projectId: projectId(2), limit: '100' });
  });

  it('lists the project roles', async () => {
    server.reply(respond(200, { data: [role('Admin'), role('Editor')], next: null, previous: null }));
    const page = await listProjectRolesPage(connection(), { limit: 100 });
    expect(page.data.map((item) => item.name)).toEqual(['Admin', 'Editor']);
    expect(pathOf(server.requests[0])).toBe('/api/v1/project-roles');
  });

  it('changes a role with exactly {role}, taking only that member as the answer', async () => {
    const changed = { ...member(1, 3, 2, 'Viewer') };
    server.reply(respond(200, changed), respond(200, member(9, 3, 2)));

    await expect(updateProjectMemberRole(connection(), memberId(1), 'Viewer')).resolves.toEqual(changed);
    const error = await rejection(updateProjectMemberRole(connection(), memberId(1), 'Viewer'));

    expect(server.requests[0].method).toBe('POST');
    expect(pathOf(server.requests[0])).toBe(`/api/v1/project-members/${memberId(1)}`);
    expect(server.requests[0].body).toBe('{"role":"Viewer"}');
    expect(error.message).toBe(
      `Activepieces answered 200 to the role change of project member ${memberId(1)} with another project member (id "${memberId(9)}") instead of that member. The change may have been applied: check the project's members in Activepieces before running the step again.`,
    );
  });

  it('removes a member, and reads a 404 ENTITY_NOT_FOUND as already gone', async () => {
    const state: AccessState = { invitations: [], projects: [], members: [member(1, 3, 2)] };
    server.always(platformApi(state));
    await expect(deleteProjectMember(connection(), memberId(1))).resolves.toBe('removed');
    await expect(deleteProjectMember(connection(), memberId(1))).resolves.toBe('already-gone');
    expect(state.members).toEqual([]);
    expect(server.requests.map((request) => request.method)).toEqual(['DELETE', 'DELETE']);
  });
});

describe('findOpenInvitations', () => {
  it("reads both types, every page, in every status, and keeps the email's pending and accepted ones whatever the case", async () => {
    const accepted = invitation(4, { email: 'grace@example.com', status: 'ACCEPTED' });
    const mine = [invitation(1, { email: 'grace@example.com' }), projectInvitation(2, 4, 'Editor', { email: 'grace@example.com' })];
    const state: AccessState = {
      invitations: [mine[0], invitation(3), accepted, ...Array.from({ length: 150 }, (_, i) => invitation(10 + i)), mine[1]],
      projects: [],
      members: [],
    };
    server.always(platformApi(state));

    const found = await findOpenInvitations(connection(), 'Grace@Example.COM ', Date.now() + 10_000);

    expect(found).toEqual({ invitations: [mine[0], accepted, mine[1]], complete: true });
    expect(server.requests.map((request) => queryOf(request))).toEqual([
      { type: 'PLATFORM', limit: '100' },
      { type: 'PLATFORM', limit: '100', cursor: '100' },
      { type: 'PROJECT', limit: '100' },
    ]);
  });

  it('sends nothing past the deadline and says the search is incomplete', async () => {
    const found = await findOpenInvitations(connection(), 'grace@example.com', Date.now() - 1);
    expect(found).toEqual({ invitations: [], complete: false });
    expect(server.requests).toHaveLength(0);
  });
});

describe('findUserMemberships', () => {
  it('reads the team projects, then each one\'s members until the user turns up', async () => {
    const state: AccessState = {
      invitations: [],
      projects: [project(1), project(2, { type: 'PERSONAL' }), project(3), project(4)],
      members: [member(1, 5, 1, 'Admin'), member(2, 7, 1), member(3, 7, 2), member(4, 8, 3), member(5, 7, 4, 'Viewer')],
    };
    server.always(platformApi(state));

    const found = await findUserMemberships(connection(), userId(7), Date.now() + 10_000);

    expect(found).toEqual({ memberships: [member(2, 7, 1), member(5, 7, 4, 'Viewer')], complete: true, projectsScanned: 3 });
    expect(server.requests.map((request) => `${pathOf(request)} ${new URLSearchParams(queryOf(request))}`)).toEqual([
      '/api/v1/projects limit=100&types=TEAM',
      `/api/v1/project-members projectId=${projectId(1)}&limit=100`,
      `/api/v1/project-members projectId=${projectId(3)}&limit=100`,
      `/api/v1/project-members projectId=${projectId(4)}&limit=100`,
    ]);
  });

  it('skips a personal project even from a server that ignores the type filter, and names a project the member lacks', async () => {
    const bare = { ...member(1, 7, 1) };
    delete bare.project;
    server.always((request, response) => {
      if (pathOf(request) === '/api/v1/projects') return json(response, 200, { data: [project(9, { type: 'PERSONAL' }), project(1)], next: null, previous: null });
      json(response, 200, { data: [bare], next: null, previous: null });
    });

    const found = await findUserMemberships(connection(), userId(7), Date.now() + 10_000);

    expect(found.memberships).toEqual([{ ...bare, project: { id: projectId(1), displayName: 'Project 1' } }]);
    expect(found.projectsScanned).toBe(1);
    expect(server.requests).toHaveLength(2);
  });

  it('stops at the deadline with what it found and complete false', async () => {
    const state: AccessState = { invitations: [], projects: [project(1), project(2)], members: [member(1, 7, 1), member(2, 7, 2)] };
    const api = platformApi(state);
    server.always((request, response) => {
      // The second project's members come too late: the deadline cuts that request short.
      if (queryOf(request)['projectId'] === projectId(2)) setTimeout(() => api(request, response), 1_500);
      else api(request, response);
    });

    const found = await findUserMemberships(connection(), userId(7), Date.now() + 400);

    expect(found).toEqual({ memberships: [member(1, 7, 1)], complete: false, projectsScanned: 1 });
    expect(server.requests).toHaveLength(3);
  });
});
