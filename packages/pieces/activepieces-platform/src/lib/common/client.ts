import {
  ApiError,
  AuditTrail,
  Connection,
  createHttpClient,
  HttpClient,
  InputError,
  invalidResponse,
  isRecord,
  QueryValue,
  RequestTuning,
} from '@user-admin-pieces/common';
import { InvitationStatus, InvitationType, ProjectType } from './enums';
import { ExpectedAnswer, mapActivepiecesError, noPlatformOwner, notActivepiecesApi, notAList, notTheAnswer, notTheUpdatedUser, RouteOrigin } from './errors';
import {
  Invitation,
  InvitationBody,
  isInvitation,
  isPageOf,
  isProject,
  isProjectMember,
  isProjectRole,
  isUserLike,
  Page,
  PlatformUser,
  Project,
  ProjectMember,
  ProjectRole,
  UpdateUserBody,
  UserPage,
} from './types';

const PROVIDER = 'Activepieces';
const USERS_PATH = '/v1/users';
const USER_PATH = '/v1/users/{id}';
const PLATFORM_PATH = '/v1/platforms/{id}';
const INVITATIONS_PATH = '/v1/user-invitations';
const INVITATION_PATH = '/v1/user-invitations/{id}';
const PROJECTS_PATH = '/v1/projects';
const PROJECT_PATH = '/v1/projects/{id}';
const PROJECT_MEMBERS_PATH = '/v1/project-members';
const PROJECT_MEMBER_PATH = '/v1/project-members/{id}';
const PROJECT_ROLES_PATH = '/v1/project-roles';

/**
 * Where requests go. The connection may hold `https://host`, `https://host/api` or
 * `https://host/api/v1` (the official piece's default), with or without a trailing slash, and
 * behind a path prefix. All of them become `https://host[/prefix]/api`; every path this piece
 * requests starts with `/v1`. This is the only place that knows the `/api` and `/v1` parts.
 */
export function toApiBase(url: URL): URL {
  const path = url.pathname.replace(/\/+$/, '');
  const suffix = /\/api(\/v1)?$/i.exec(path);
  const prefix = path === '' ? '' : suffix ? path.slice(0, suffix.index) : undefined;
  if (prefix === undefined) {
    throw new InputError(
      'baseApiUrl',
      `The base URL ${url.origin}${path} should end with /api or /api/v1, e.g. https://cloud.activepieces.com/api/v1.`,
    );
  }
  const adjusted = new URL(url.toString());
  adjusted.pathname = `${prefix}/api`;
  return adjusted;
}

/**
 * The piece's request function: the shared client with Activepieces' base-URL rule, the
 * connection's prop names and Activepieces' error wording. `routes` says who chose the path, which
 * decides what a 404 "Route not found" means (see mapActivepiecesError).
 */
function clientFor(routes: RouteOrigin): HttpClient {
  return createHttpClient({
    provider: PROVIDER,
    baseUrlRule: toApiBase,
    baseUrlField: 'baseApiUrl',
    tokenField: 'apiKey',
    tokenLabel: 'API key',
    mapError: (failure) => mapActivepiecesError(failure, routes),
  });
}

/** For the endpoints this piece calls itself. */
export const activepiecesClient: HttpClient = clientFor('piece');
/** For the custom API call, whose path the flow builder typed. */
export const customCallClient: HttpClient = clientFor('typed');

export const normalizeApiBaseUrl = activepiecesClient.normalizeBaseUrl;

/** The connection's props, as `validate` receives them and as `ctx.auth.props` holds them. */
export interface ActivepiecesPlatformAuthProps {
  baseApiUrl: string;
  apiKey: string;
}

/**
 * The shared client trims the key and refuses one a header cannot carry. Only the empty key is
 * checked here, because this sentence can say what a key looks like.
 */
export function connectionOf(props: ActivepiecesPlatformAuthProps): Connection {
  if (typeof props.apiKey !== 'string' || props.apiKey.trim() === '') {
    throw new InputError('apiKey', 'The API key is empty. Paste a platform API key (it starts with sk-) into the connection.');
  }
  return { baseUrl: props.baseApiUrl, token: props.apiKey };
}

export interface UserListQuery {
  limit: number;
  cursor?: string;
  /** Exact match, done by the API. */
  externalId?: string;
}

/** `GET /v1/users`: one page, newest first. A 2xx that is not a page of users means the base URL points elsewhere. */
export async function listUsersPage(connection: Connection, query: UserListQuery, tuning: RequestTuning = {}, trail?: AuditTrail): Promise<UserPage> {
  const list = { path: USERS_PATH, isItem: isUserLike, items: 'users' };
  return getPage<PlatformUser>(connection, list, { limit: query.limit, cursor: query.cursor, externalId: query.externalId }, tuning, trail);
}

interface ListEndpoint {
  path: string;
  isItem: (item: unknown) => boolean;
  /** What the list holds, plural, for the sentence when the answer is something else. */
  items: string;
}

/** One SeekPage of a list endpoint. A 2xx that is not such a page means the base URL points elsewhere. */
async function getPage<T>(
  connection: Connection,
  list: ListEndpoint,
  query: Record<string, QueryValue>,
  tuning: RequestTuning,
  trail: AuditTrail | undefined,
): Promise<Page<T>> {
  const response = await activepiecesClient.request<unknown>({ ...connection, ...tuning, method: 'GET', path: list.path, query });
  trail?.record(response);
  const page = response.body;
  if (!isPageOf<T>(page, list.isItem)) {
    throw invalidResponse(response, notAList(normalizeApiBaseUrl(connection.baseUrl), `GET ${list.path}`, list.items));
  }
  return { data: page.data, next: page.next ?? null, previous: page.previous ?? null };
}

/**
 * `GET /v1/platforms/{id}`: the platform's `ownerId`, the only place that says who the platform
 * owner is (a user's `platformRole` is ADMIN for every admin). API keys may read their own platform.
 */
export async function getPlatformOwnerId(connection: Connection, platformId: string, tuning: RequestTuning = {}, trail?: AuditTrail): Promise<string> {
  const response = await activepiecesClient.request<unknown>({
    ...connection,
    ...tuning,
    method: 'GET',
    path: PLATFORM_PATH,
    pathParams: { id: platformId },
  });
  trail?.record(response);
  const ownerId = isRecord(response.body) ? response.body['ownerId'] : undefined;
  if (typeof ownerId !== 'string' || ownerId === '') throw invalidResponse(response, noPlatformOwner(platformId));
  return ownerId;
}

/**
 * `POST /v1/users/{id}` with only the fields that change. Setting the same fields twice has the
 * same effect, so the request may be retried like a PUT.
 *
 * The answer must be the updated user: an object with a string id and email, and the requested id.
 * A 2xx with anything else (another user, `{"error": …}`, `null`, a list, nothing) is not taken for
 * success; by then the server may have applied the change, and the message says so.
 */
export async function updateUser(connection: Connection, userId: string, body: UpdateUserBody, trail?: AuditTrail): Promise<PlatformUser> {
  const response = await activepiecesClient.request<unknown>({
    ...connection,
    method: 'POST',
    path: USER_PATH,
    pathParams: { id: userId },
    body,
    idempotent: true,
  });
  trail?.record(response);
  const answer = response.body;
  if (isUserLike(answer) && answer.id === userId) return answer as PlatformUser;
  throw invalidResponse(response, notTheUpdatedUser(response.status, userId, answer));
}

export interface InvitationQuery {
  type: InvitationType;
  /** Only PROJECT invitations of this project; without it an API key sees those of every project. */
  projectId?: string;
  status?: InvitationStatus;
  limit: number;
  cursor?: string;
}

/** `GET /v1/user-invitations`: one page, oldest first. `type` is required by the API. */
export async function listInvitationsPage(connection: Connection, query: InvitationQuery, tuning: RequestTuning = {}, trail?: AuditTrail): Promise<Page<Invitation>> {
  const list = { path: INVITATIONS_PATH, isItem: isInvitation, items: 'invitations' };
  const { type, projectId, status, limit, cursor } = query;
  return getPage<Invitation>(connection, list, { type, projectId, status, limit, cursor }, tuning, trail);
}

/**
 * `POST /v1/user-invitations`. With an API key Activepieces accepts the invitation at once (and
 * provisions someone who has an account). It upserts on (email, platform, project); a PLATFORM
 * invitation's NULL project never matches, so a repeat adds a row with the same role, which grants
 * nothing more: safe to retry. The answer must be an invitation for this email and type; anything
 * else may still have been applied, and says so.
 */
export async function createInvitation(connection: Connection, body: InvitationBody, trail?: AuditTrail): Promise<Invitation> {
  const response = await activepiecesClient.request<unknown>({ ...connection, method: 'POST', path: INVITATIONS_PATH, body, idempotent: true });
  trail?.record(response);
  const answer = response.body;
  if (isInvitation(answer) && answer.type === body.type && answer.email.toLowerCase() === body.email.toLowerCase()) return answer;
  const expected: ExpectedAnswer = { noun: 'invitation', article: 'an', is: isInvitation, instead: 'that invitation', check: `the invitations of ${body.email}` };
  throw invalidResponse(response, notTheAnswer(response.status, `the ${body.type.toLowerCase()} invitation of ${body.email}`, expected, answer));
}

/** `DELETE /v1/user-invitations/{id}`; an invitation that is not there (any more) is 'already-gone'. */
export async function deleteInvitation(connection: Connection, invitationId: string, trail?: AuditTrail): Promise<'revoked' | 'already-gone'> {
  return (await deleteUnlessGone(connection, INVITATION_PATH, invitationId, trail)) ? 'revoked' : 'already-gone';
}

export interface ProjectQuery {
  limit: number;
  cursor?: string;
  /** Matched by Activepieces. */
  displayName?: string;
  types?: ProjectType[];
}

/**
 * `GET /v1/projects`: one page of the platform's projects. The API takes `types` as a list; the
 * client sends one value per key, and one type is all a caller needs (both types: no filter).
 */
export async function listProjectsPage(connection: Connection, query: ProjectQuery, tuning: RequestTuning = {}, trail?: AuditTrail): Promise<Page<Project>> {
  const list = { path: PROJECTS_PATH, isItem: isProject, items: 'projects' };
  const types = new Set(query.types ?? []);
  const type = types.size === 1 ? [...types][0] : undefined;
  return getPage<Project>(connection, list, { limit: query.limit, cursor: query.cursor, displayName: query.displayName, types: type }, tuning, trail);
}

/** `GET /v1/project-members`: one page of one project's members (the API requires `projectId`). */
export async function listProjectMembersPage(
  connection: Connection,
  query: { projectId: string; limit: number; cursor?: string },
  tuning: RequestTuning = {},
  trail?: AuditTrail,
): Promise<Page<ProjectMember>> {
  const list = { path: PROJECT_MEMBERS_PATH, isItem: isProjectMember, items: 'project members' };
  return getPage<ProjectMember>(connection, list, { projectId: query.projectId, limit: query.limit, cursor: query.cursor }, tuning, trail);
}

/**
 * `GET /v1/project-roles`: the platform's project roles, built-in and custom. Some Activepieces
 * versions serve it to users only and refuse an API key (401/403); callers fall back to the
 * built-in roles then.
 */
export async function listProjectRolesPage(connection: Connection, query: { limit: number; cursor?: string }, tuning: RequestTuning = {}, trail?: AuditTrail): Promise<Page<ProjectRole>> {
  const list = { path: PROJECT_ROLES_PATH, isItem: isProjectRole, items: 'project roles' };
  return getPage<ProjectRole>(connection, list, { limit: query.limit, cursor: query.cursor }, tuning, trail);
}

/** `POST /v1/project-members/{id}` with the role's name. Setting the same role twice is harmless, so it may be retried. */
export async function updateProjectMemberRole(connection: Connection, memberId: string, role: string, trail?: AuditTrail): Promise<ProjectMember> {
  const response = await activepiecesClient.request<unknown>({
    ...connection,
    method: 'POST',
    path: PROJECT_MEMBER_PATH,
    pathParams: { id: memberId },
    body: { role },
    idempotent: true,
  });
  trail?.record(response);
  const answer = response.body;
  if (isProjectMember(answer) && answer.id === memberId) return answer;
  const expected: ExpectedAnswer = { noun: 'project member', article: 'a', is: isProjectMember, instead: 'that member', check: "the project's members" };
  throw invalidResponse(response, notTheAnswer(response.status, `the role change of project member ${memberId}`, expected, answer));
}

/** `DELETE /v1/project-members/{id}`; a member that is not there (any more) is 'already-gone'. */
export async function deleteProjectMember(connection: Connection, memberId: string, trail?: AuditTrail): Promise<'removed' | 'already-gone'> {
  return (await deleteUnlessGone(connection, PROJECT_MEMBER_PATH, memberId, trail)) ? 'removed' : 'already-gone';
}

/**
 * A DELETE that is safe to repeat. True when this request removed the entity, false when the API
 * answered 404 ENTITY_NOT_FOUND: it was gone already (a retry after a lost answer lands here too).
 */
async function deleteUnlessGone(connection: Connection, path: string, id: string, trail: AuditTrail | undefined): Promise<boolean> {
  try {
    const response = await activepiecesClient.request<unknown>({ ...connection, method: 'DELETE', path, pathParams: { id }, idempotent: true });
    trail?.record(response);
    return true;
  } catch (error) {
    if (error instanceof ApiError && error.status === 404 && error.code === 'ENTITY_NOT_FOUND') {
      trail?.record(error);
      return false;
    }
    throw error;
  }
}

/** `GET /v1/projects/{id}`: one project of the platform (404 ENTITY_NOT_FOUND for any other). */
export async function getProject(connection: Connection, id: string, tuning: RequestTuning = {}, trail?: AuditTrail): Promise<Project> {
  const response = await activepiecesClient.request<unknown>({ ...connection, ...tuning, method: 'GET', path: PROJECT_PATH, pathParams: { id } });
  trail?.record(response);
  if (!isProject(response.body)) throw invalidResponse(response, notActivepiecesApi(normalizeApiBaseUrl(connection.baseUrl), `GET /v1/projects/${id} did not answer with a project`));
  return response.body;
}

/**
 * `DELETE /v1/users/{id}`. Self-hosted, Activepieces deletes the user with their personal project
 * (its flows and connections); Cloud removes them from the platform and ends their sessions, and
 * since upstream #10688 deletes their personal project there too. It refuses the platform owner
 * (409 VALIDATION). A 404 is 'already-gone'; self-hosted answers 204 for an id it does not have
 * (and Cloud 500), so callers look the user up first.
 */
export async function deleteUser(connection: Connection, userId: string, trail?: AuditTrail): Promise<'deleted' | 'already-gone'> {
  return (await deleteUnlessGone(connection, USER_PATH, userId, trail)) ? 'deleted' : 'already-gone';
}
