// A small in-memory Activepieces for the tests of users, invitations, projects and members: the
// routes the piece calls, paged as the API pages (`limit`, an offset as `cursor`), with upstream's
// error bodies (404 ENTITY_NOT_FOUND for what is not there, 409 VALIDATION for the owner, 204 on
// DELETE). Tests assert on the state (what the server stored) as well as on the requests the
// TestServer recorded.
import { json, ReceivedRequest, Responder, TestServer } from '@user-admin-pieces/common/testing';
import { Invitation, PlatformUser, Project, ProjectMember } from '../src/lib/common/types';
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

/** Member `n`: user `u` in project `p` (its number, or the project itself) with a role, shaped as upstream's ProjectMemberWithUser. */
export function member(n: number, u: number, p: number | Project, roleName = 'Editor'): ProjectMember {
  const person = user(u);
  const of = typeof p === 'number' ? project(p) : p;
  return {
    id: memberId(n),
    userId: person.id,
    projectId: of.id,
    projectRoleId: roleId(roleName),
    platformId: PLATFORM_ID,
    created: AT,
    updated: AT,
    user: { id: person.id, email: person.email, firstName: person.firstName, lastName: person.lastName },
    projectRole: role(roleName),
    project: { id: of.id, displayName: of.displayName },
  };
}

export interface AccessState {
  invitations: Invitation[];
  projects: Project[];
  members: ProjectMember[];
}

/** The access state with the platform's users and its owner, for the user routes. */
export interface PlatformState extends AccessState {
  users: PlatformUser[];
  ownerId: string;
}

function page<T>(request: ReceivedRequest, items: T[], defaultLimit: number) {
  const query = queryOf(request);
  const limit = Number(query['limit'] ?? defaultLimit);
  const start = Number(query['cursor'] ?? 0);
  const end = start + limit;
  return { data: items.slice(start, end), next: end < items.length ? String(end) : null, previous: null };
}

const notFound = (entityType: string, id: string) => ({ code: 'ENTITY_NOT_FOUND', params: { entityType, entityId: `id=${id}` } });

function noContent(response: Parameters<Responder>[1]): void {
  response.writeHead(204);
  response.end();
}

/**
 * Serves the routes from `state`, changing it as the API would. The user routes need a
 * PlatformState; anything not served is a Fastify 404.
 */
export function platformApi(state: AccessState | PlatformState): Responder {
  return (request, response) => {
    const path = pathOf(request).replace(/^\/api/, '');
    const query = queryOf(request);
    const [, , resource, id] = path.split('/');
    const body = request.body === '' ? {} : (JSON.parse(request.body) as Record<string, unknown>);
    const route = `${request.method} ${resource}${id === undefined ? '' : '/:id'}`;
    if ('users' in state && serveUserRoute(state, route, id, request, body, response)) return;
    switch (route) {
      case 'GET user-invitations': {
        const listed = state.invitations.filter(
          (item) =>
            item.type === query['type'] &&
            (query['status'] === undefined || item.status === query['status']) &&
            (query['projectId'] === undefined || item.projectId === query['projectId']),
        );
        return json(response, 200, page(request, listed, 10));
      }
      case 'POST user-invitations': {
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
      case 'DELETE user-invitations/:id': {
        const index = state.invitations.findIndex((item) => item.id === id);
        if (index < 0) return json(response, 404, notFound('UserInvitation', id));
        state.invitations.splice(index, 1);
        return noContent(response);
      }
      case 'GET projects': {
        const search = (query['displayName'] ?? '').toLowerCase();
        const listed = state.projects.filter((item) => (query['types'] === undefined || item.type === query['types']) && item.displayName.toLowerCase().includes(search));
        return json(response, 200, page(request, listed, 50));
      }
      case 'GET projects/:id': {
        const found = state.projects.find((item) => item.id === id);
        return found ? json(response, 200, found) : json(response, 404, { code: 'ENTITY_NOT_FOUND', params: { entityType: 'project', entityId: id } });
      }
      case 'GET project-members':
        if (query['projectId'] === undefined) {
          return json(response, 400, { statusCode: 400, code: 'FST_ERR_VALIDATION', error: 'Bad Request', message: "querystring must have required property 'projectId'" });
        }
        return json(response, 200, page(request, state.members.filter((item) => item.projectId === query['projectId']), 10));
      case 'POST project-members/:id':
      case 'DELETE project-members/:id': {
        const index = state.members.findIndex((item) => item.id === id);
        if (index < 0) return json(response, 404, notFound('ProjectMember', id));
        if (request.method === 'DELETE') {
          state.members.splice(index, 1);
          return noContent(response);
        }
        const name = String(body['role']);
        state.members[index] = { ...state.members[index], projectRoleId: roleId(name), projectRole: role(name) };
        return json(response, 200, state.members[index]);
      }
    }
    json(response, 404, { statusCode: 404, error: 'Not Found', message: `Route ${request.method}:${path} not found` });
  };
}

/** The user and platform routes; false when `route` is none of them. */
function serveUserRoute(state: PlatformState, route: string, id: string, request: ReceivedRequest, body: Record<string, unknown>, response: Parameters<Responder>[1]): boolean {
  switch (route) {
    case 'GET users':
      json(response, 200, page(request, state.users, 10));
      return true;
    case 'GET platforms/:id':
      json(response, 200, { id: PLATFORM_ID, name: 'Acme', ownerId: state.ownerId });
      return true;
    case 'POST users/:id': {
      const index = state.users.findIndex((candidate) => candidate.id === id);
      if (index < 0) json(response, 404, notFound('user', id));
      else if (state.ownerId === id && body['status'] === 'INACTIVE') json(response, 409, { code: 'VALIDATION', params: { message: 'Admin cannot be deactivated' } });
      else {
        state.users[index] = { ...state.users[index], ...body, updated: '2026-12-01T06:00:00.000Z' };
        json(response, 200, state.users[index]);
      }
      return true;
    }
    case 'DELETE users/:id':
      if (state.ownerId === id) json(response, 409, { code: 'VALIDATION', params: { message: 'Platform owner cannot be deleted' } });
      else {
        state.users = state.users.filter((candidate) => candidate.id !== id);
        noContent(response);
      }
      return true;
    default:
      return false;
  }
}

/**
 * Serves `state` on `server` for every request, each answer carrying `x-request-id: req-<n>`.
 * `failures` answers a route ("METHOD /v1/path") instead, every time it is asked (so retries see
 * the same failure).
 */
export function servePlatform(server: TestServer, state: PlatformState, failures: Record<string, Responder> = {}): void {
  const api = platformApi(state);
  server.always((request, response) => {
    response.setHeader('x-request-id', `req-${server.requests.length}`);
    const failure = failures[`${request.method} ${pathOf(request).replace(/^\/api/, '')}`];
    return (failure ?? api)(request, response);
  });
}

/** "GET /api/v1/users?limit=100", the way a test lists what reached the server. */
export const requestLine = (request: ReceivedRequest) => `${request.method} ${request.path}`;
export const writesOf = (requests: ReceivedRequest[]) => requests.filter((request) => request.method !== 'GET').map(requestLine);
