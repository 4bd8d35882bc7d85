// A small in-memory Activepieces for the invitation and project member tests: the routes the piece
// calls, paged as the API pages (`limit`, an offset as `cursor`), with upstream's error bodies. Tests
// assert on `state` (what the server stored) as well as on the requests the TestServer recorded.
import { json, ReceivedRequest, Responder } from '@user-admin-pieces/common/testing';
import { Invitation, Project, ProjectMember } from '../src/lib/common/types';
import { pathOf, queryOf, user, userId } from './helpers';

export const PLATFORM_ID = 'plat0000000000000001x';
const AT = '2026-01-01T00:00:00.000Z';

const id21 = (prefix: string, n: number) => `${prefix}${String(n).padStart(21 - prefix.length, '0')}`;
export const invitationId = (n: number) => id21('inv', n);
export const projectId = (n: number) => id21('prj', n);
export const memberId = (n: number) => id21('mem', n);
export const roleId = (name: string) => id21(`role${name}`, 1);

export function role(name: string) {
  return { id: roleId(name), name, type: 'DEFAULT', platformId: null, permissions: [] };
}

export function invitation(n: number, overrides: Partial<Invitation> = {}): Invitation {
  return {
    id: invitationId(n),
    email: `person${n}@example.com`,
    status: 'PENDING',
    type: 'PLATFORM',
    platformId: PLATFORM_ID,
    platformRole: 'MEMBER',
    projectId: null,
    projectRoleId: null,
    projectRole: null,
    created: AT,
    updated: AT,
    ...overrides,
  };
}

/** A PROJECT invitation to project `p` with a role, as the API embeds it. */
export function projectInvitation(n: number, p: number, roleName = 'Editor', overrides: Partial<Invitation> = {}): Invitation {
  return invitation(n, { type: 'PROJECT', platformRole: null, projectId: projectId(p), projectRoleId: roleId(roleName), projectRole: role(roleName), ...overrides });
}

export function project(n: number, overrides: Partial<Project> = {}): Project {
  return { id: projectId(n), displayName: `Project ${n}`, type: 'TEAM', platformId: PLATFORM_ID, ownerId: userId(1), externalId: null, created: AT, updated: AT, ...overrides };
}

/** Member `n`: user `u` in project `p` with a role, shaped as upstream's ProjectMemberWithUser. */
export function member(n: number, u: number, p: number, roleName = 'Editor'): ProjectMember {
  const person = user(u);
  return {
    id: memberId(n),
    userId: person.id,
    projectId: projectId(p),
    projectRoleId: roleId(roleName),
    platformId: PLATFORM_ID,
    created: AT,
    updated: AT,
    user: { id: person.id, email: person.email, firstName: person.firstName, lastName: person.lastName },
    projectRole: role(roleName),
    project: { id: projectId(p), displayName: `Project ${p}` },
  };
}

export interface AccessState {
  invitations: Invitation[];
  projects: Project[];
  members: ProjectMember[];
}

function page<T>(request: ReceivedRequest, items: T[], defaultLimit: number) {
  const query = queryOf(request);
  const limit = Number(query['limit'] ?? defaultLimit);
  const start = Number(query['cursor'] ?? 0);
  const end = start + limit;
  return { data: items.slice(start, end), next: end < items.length ? String(end) : null, previous: null };
}

const notFound = (entityType: string, id: string) => ({ code: 'ENTITY_NOT_FOUND', params: { entityType, entityId: `id=${id}` } });

/** Serves the access routes from `state`, changing it as the API would. Anything else is a Fastify 404. */
export function accessApi(state: AccessState): Responder {
  return (request, response) => {
    const path = pathOf(request).replace(/^\/api/, '');
    const query = queryOf(request);
    const [, , resource, id] = path.split('/');
    const body = request.body === '' ? {} : (JSON.parse(request.body) as Record<string, unknown>);
    if (resource === 'user-invitations' && request.method === 'GET' && id === undefined) {
      const listed = state.invitations.filter(
        (item) =>
          item.type === query['type'] &&
          (query['status'] === undefined || item.status === query['status']) &&
          (query['projectId'] === undefined || item.projectId === query['projectId']),
      );
      return json(response, 200, page(request, listed, 10));
    }
    if (resource === 'user-invitations' && request.method === 'POST' && id === undefined) {
      const email = String(body['email']).toLowerCase().trim();
      const isProject = body['type'] === 'PROJECT';
      const upserted = isProject
        ? projectInvitation(state.invitations.length + 100, 0, String(body['projectRole']), { email, projectId: String(body['projectId']), status: 'ACCEPTED' })
        : invitation(state.invitations.length + 100, { email, platformRole: body['platformRole'] as Invitation['platformRole'], status: 'ACCEPTED' });
      // Upstream upserts on (email, platform, project); a platform invitation's NULL project never matches.
      const index = isProject ? state.invitations.findIndex((item) => item.email === email && item.projectId === upserted.projectId) : -1;
      if (index >= 0) state.invitations[index] = { ...upserted, id: state.invitations[index].id };
      else state.invitations.push(upserted);
      return json(response, 201, index >= 0 ? state.invitations[index] : upserted);
    }
    if (resource === 'user-invitations' && request.method === 'DELETE' && id !== undefined) {
      const index = state.invitations.findIndex((item) => item.id === id);
      if (index < 0) return json(response, 404, notFound('UserInvitation', id));
      state.invitations.splice(index, 1);
      response.writeHead(204);
      return response.end();
    }
    if (resource === 'projects' && request.method === 'GET' && id === undefined) {
      const search = (query['displayName'] ?? '').toLowerCase();
      const listed = state.projects.filter((item) => (query['types'] === undefined || item.type === query['types']) && item.displayName.toLowerCase().includes(search));
      return json(response, 200, page(request, listed, 50));
    }
    if (resource === 'projects' && request.method === 'GET' && id !== undefined) {
      const found = state.projects.find((item) => item.id === id);
      return found ? json(response, 200, found) : json(response, 404, { code: 'ENTITY_NOT_FOUND', params: { entityType: 'project', entityId: id } });
    }
    if (resource === 'project-members' && request.method === 'GET' && id === undefined) {
      if (query['projectId'] === undefined) {
        return json(response, 400, { statusCode: 400, code: 'FST_ERR_VALIDATION', error: 'Bad Request', message: "querystring must have required property 'projectId'" });
      }
      return json(response, 200, page(request, state.members.filter((item) => item.projectId === query['projectId']), 10));
    }
    if (resource === 'project-members' && id !== undefined && (request.method === 'POST' || request.method === 'DELETE')) {
      const index = state.members.findIndex((item) => item.id === id);
      if (index < 0) return json(response, 404, notFound('ProjectMember', id));
      if (request.method === 'DELETE') {
        state.members.splice(index, 1);
        response.writeHead(204);
        return response.end();
      }
      const name = String(body['role']);
      state.members[index] = { ...state.members[index], projectRoleId: roleId(name), projectRole: role(name) };
      return json(response, 200, state.members[index]);
    }
    json(response, 404, { statusCode: 404, error: 'Not Found', message: `Route ${request.method}:${path} not found` });
  };
}
