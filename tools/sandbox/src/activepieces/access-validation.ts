import { isPlainObject, jsonTypeName } from '../http-utils';
import { validationError } from './fastify-errors';
import {
  AP_INVITATION_STATUSES,
  AP_INVITATION_TYPES,
  AP_PLATFORM_ROLES,
  AP_PROJECT_TYPES,
  type ApInvitationStatus,
  type ApInvitationType,
  type ApPlatformRole,
  type ApProjectType,
} from './types';
import { invalidOption, isOneOf, readPaging, type Checked, type Paging } from './validation';

// Schemas of the access endpoints, from upstream @activepieces/shared (invitations/index.ts,
// project-member-request.ts, ListProjectRequestForPlatformQueryParams), worded as zod words its issues
// behind Fastify's `<part>/<field>` prefix, like validation.ts.

/** Invitations and members: `limit ?? 10` in their controllers. Projects: `DEFAULT_LIMIT_SIZE = 50`. */
const INVITATIONS_AND_MEMBERS_LIMIT = 10;
const PROJECTS_LIMIT = 50;

export type InvitationBody =
  | { type: 'PLATFORM'; email: string; platformRole: ApPlatformRole }
  | { type: 'PROJECT'; email: string; projectId: string; projectRole: string };

/**
 * `SendUserInvitationRequest` is `z.union([...PROJECT body, ...PLATFORM body])` (shared invitations/index.ts).
 * zod reports a union that no option accepts as one `invalid_union` issue at the union's own path,
 * "Invalid input", without saying which field was wrong: so every bad body gets `body Invalid input`.
 * Unknown keys are dropped.
 */
export function checkInvitationBody(body: unknown): Checked<InvitationBody> {
  const invalid = fail<InvitationBody>(['body Invalid input']);
  if (!isPlainObject(body) || typeof body['email'] !== 'string') return invalid;
  const { type, email, platformRole, projectId, projectRole } = body;
  if (type === 'PLATFORM') {
    return isOneOf(platformRole, AP_PLATFORM_ROLES) ? { ok: true, value: { type, email, platformRole } } : invalid;
  }
  if (type === 'PROJECT' && typeof projectId === 'string' && typeof projectRole === 'string') {
    return { ok: true, value: { type, email, projectId, projectRole } };
  }
  return invalid;
}

export interface InvitationQuery extends Paging {
  type: ApInvitationType;
  projectId?: string;
  status?: ApInvitationStatus;
}

/** `ListUserInvitationsRequest`: `type` required; `projectId` and `status` optional. */
export function checkInvitationQuery(query: URLSearchParams): Checked<InvitationQuery> {
  const issues: string[] = [];
  const paging = readPaging(query, issues, { defaultLimit: INVITATIONS_AND_MEMBERS_LIMIT });
  const type = query.get('type');
  if (!isOneOf(type, AP_INVITATION_TYPES)) issues.push(`querystring/type ${invalidOption(AP_INVITATION_TYPES)}`);
  const status = query.get('status');
  if (status !== null && !isOneOf(status, AP_INVITATION_STATUSES)) issues.push(`querystring/status ${invalidOption(AP_INVITATION_STATUSES)}`);
  if (issues.length) return fail(issues);
  return {
    ok: true,
    value: {
      ...paging,
      type: type as ApInvitationType,
      ...optional('projectId', query.get('projectId')),
      ...optional('status', status as ApInvitationStatus | null),
    },
  };
}

export interface MemberQuery extends Paging {
  projectId: string;
  projectRoleId?: string;
}

/** `ListProjectMembersRequestQuery`: `projectId` required. */
export function checkMemberQuery(query: URLSearchParams): Checked<MemberQuery> {
  const issues: string[] = [];
  const paging = readPaging(query, issues, { defaultLimit: INVITATIONS_AND_MEMBERS_LIMIT });
  const projectId = query.get('projectId');
  if (projectId === null) issues.push('querystring/projectId Invalid input: expected string, received undefined');
  if (issues.length) return fail(issues);
  return { ok: true, value: { ...paging, projectId: projectId as string, ...optional('projectRoleId', query.get('projectRoleId')) } };
}

/** `UpdateProjectMemberRoleRequestBody`: `{role: string}`, any role name (checked by the handler). */
export function checkMemberRoleBody(body: unknown): Checked<{ role: string }> {
  if (!isPlainObject(body)) return fail([`body Invalid input: expected object, received ${jsonTypeName(body)}`]);
  const issues: string[] = [];
  const role = requiredString(body, 'role', 'body', issues);
  return issues.length ? fail(issues) : { ok: true, value: { role: role as string } };
}

export interface ProjectQuery extends Paging {
  externalId?: string;
  displayName?: string;
  types?: ApProjectType[];
}

/** `ListProjectRequestForPlatformQueryParams`: `types` repeats (`types=TEAM&types=PERSONAL`). */
export function checkProjectQuery(query: URLSearchParams): Checked<ProjectQuery> {
  const issues: string[] = [];
  const paging = readPaging(query, issues, { defaultLimit: PROJECTS_LIMIT });
  const types = query.getAll('types');
  types.forEach((type, index) => {
    if (!isOneOf(type, AP_PROJECT_TYPES)) issues.push(`querystring/types/${index} ${invalidOption(AP_PROJECT_TYPES)}`);
  });
  if (issues.length) return fail(issues);
  return {
    ok: true,
    value: {
      ...paging,
      ...optional('externalId', query.get('externalId')),
      ...optional('displayName', query.get('displayName')),
      ...(types.length ? { types: types as ApProjectType[] } : {}),
    },
  };
}

function requiredString(body: Record<string, unknown>, key: string, part: string, issues: string[]): string | undefined {
  const value = body[key];
  if (typeof value === 'string') return value;
  issues.push(`${part}/${key} Invalid input: expected string, received ${value === undefined ? 'undefined' : jsonTypeName(value)}`);
  return undefined;
}

function optional<K extends string, V>(key: K, value: V | null): Partial<Record<K, V>> {
  return value === null ? {} : ({ [key]: value } as Record<K, V>);
}

function fail<T>(issues: string[]): Checked<T> {
  return { ok: false, error: validationError(issues) };
}
