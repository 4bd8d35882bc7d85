// A small stateful Activepieces for the offboarding and deletion tests: users, the platform's
// owner, invitations, projects and their members, served as the admin API serves them (SeekPages,
// filters, 204 on DELETE, 404 ENTITY_NOT_FOUND for what is not there), with what it stored
// readable afterwards. Failures are scripted per "METHOD /path".
import { json, ReceivedRequest, Responder, TestServer } from '@user-admin-pieces/common/testing';
import { Invitation, PlatformUser, Project, ProjectMember } from '../src/lib/common/types';
import { pathOf, queryOf, user, userId } from './helpers';

export const PLATFORM_ID = 'plat0000000000000001x';

export interface PlatformState {
  users: PlatformUser[];
  ownerId: string;
  invitations: Invitation[];
  projects: Project[];
  members: ProjectMember[];
}

function page<T>(request: ReceivedRequest, items: T[]) {
  const query = queryOf(request);
  const limit = Number(query['limit'] ?? 10);
  const start = Number(query['cursor'] ?? 0);
  const end = start + limit;
  return { data: items.slice(start, end), next: end < items.length ? String(end) : null, previous: null };
}

const notFound = (entityType: string, entityId: string) => ({ code: 'ENTITY_NOT_FOUND', params: { entityType, entityId } });

/**
 * Serves `state` on `server`, changing it as the API would. `failures` answers a route instead,
 * every time it is asked (so retries see the same failure). Every answer carries `req-<n>`.
 */
export function servePlatform(server: TestServer, state: PlatformState, failures: Record<string, Responder> = {}): void {
  server.always((request, response) => {
    response.setHeader('x-request-id', `req-${server.requests.length}`);
    const path = pathOf(request).replace(/^\/api/, '');
    const failure = failures[`${request.method} ${path}`];
    if (failure) return failure(request, response);
    const [, , resource, id] = path.split('/');
    const query = queryOf(request);
    const route = `${request.method} ${resource}${id === undefined ? '' : '/:id'}`;
    switch (route) {
      case 'GET users':
        return json(response, 200, page(request, state.users));
      case 'POST users/:id': {
        const index = state.users.findIndex((candidate) => candidate.id === id);
        if (index < 0) return json(response, 404, notFound('user', id));
        if (state.ownerId === id && JSON.parse(request.body).status === 'INACTIVE') {
          return json(response, 409, { code: 'VALIDATION', params: { message: 'Admin cannot be deactivated' } });
        }
        state.users[index] = { ...state.users[index], ...JSON.parse(request.body), updated: '2026-12-01T06:00:00.000Z' };
        return json(response, 200, state.users[index]);
      }
      case 'DELETE users/:id': {
        if (state.ownerId === id) return json(response, 409, { code: 'VALIDATION', params: { message: 'Platform owner cannot be deleted' } });
        state.users = state.users.filter((candidate) => candidate.id !== id);
        response.writeHead(204).end();
        return;
      }
      case 'GET platforms/:id':
        return json(response, 200, { id: PLATFORM_ID, name: 'Acme', ownerId: state.ownerId });
      case 'GET user-invitations': {
        const listed = state.invitations.filter(
          (invitation) => invitation.type === query['type'] && (query['status'] === undefined || invitation.status === query['status']),
        );
        return json(response, 200, page(request, listed));
      }
      case 'DELETE user-invitations/:id': {
        if (!state.invitations.some((invitation) => invitation.id === id)) return json(response, 404, notFound('UserInvitation', id));
        state.invitations = state.invitations.filter((invitation) => invitation.id !== id);
        response.writeHead(204).end();
        return;
      }
      case 'GET projects':
        return json(response, 200, page(request, state.projects.filter((project) => query['types'] === undefined || project.type === query['types'])));
      case 'GET project-members':
        return json(response, 200, page(request, state.members.filter((member) => member.projectId === query['projectId'])));
      case 'DELETE project-members/:id': {
        if (!state.members.some((member) => member.id === id)) return json(response, 404, notFound('ProjectMember', id));
        state.members = state.members.filter((member) => member.id !== id);
        response.writeHead(204).end();
        return;
      }
      default:
        return json(response, 404, { statusCode: 404, error: 'Not Found', message: `Route ${request.method}:${request.path} not found` });
    }
  });
}

export function invitation(id: string, overrides: Partial<Invitation> = {}): Invitation {
  return {
    id,
    email: 'person7@example.com',
    status: 'PENDING',
    type: 'PLATFORM',
    platformId: PLATFORM_ID,
    platformRole: 'MEMBER',
    projectId: null,
    projectRoleId: null,
    projectRole: null,
    created: '2026-11-01T00:00:00.000Z',
    updated: '2026-11-01T00:00:00.000Z',
    ...overrides,
  };
}

export function projectInvitation(id: string, projectId: string, role: string, overrides: Partial<Invitation> = {}): Invitation {
  return invitation(id, { type: 'PROJECT', platformRole: null, projectId, projectRoleId: `role-${role}`, projectRole: { id: `role-${role}`, name: role }, ...overrides });
}

export function project(id: string, displayName: string, type: 'TEAM' | 'PERSONAL' = 'TEAM'): Project {
  return { id, displayName, type, platformId: PLATFORM_ID };
}

export function member(id: string, of: Project, n: number, role: string): ProjectMember {
  const who = user(n);
  return {
    id,
    userId: userId(n),
    projectId: of.id,
    projectRoleId: `role-${role}`,
    platformId: PLATFORM_ID,
    user: { id: who.id, email: who.email, firstName: who.firstName, lastName: who.lastName },
    projectRole: { id: `role-${role}`, name: role },
    project: { id: of.id, displayName: of.displayName },
  };
}

/** "GET /api/v1/users?limit=100", the way a test lists what reached the server. */
export const requestLine = (request: ReceivedRequest) => `${request.method} ${request.path}`;
export const writesOf = (requests: ReceivedRequest[]) => requests.filter((request) => request.method !== 'GET').map(requestLine);
