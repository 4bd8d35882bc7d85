import { isRecord, isText } from '@user-admin-pieces/common';
import { INVITATION_TYPES, InvitationStatus, InvitationType, PlatformRole, ProjectType, UserStatus } from './enums';

/** A platform user exactly as `POST /v1/users/{id}` and `GET /v1/users` return it. */
export interface PlatformUser {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  status: UserStatus;
  platformRole: PlatformRole;
  externalId: string | null;
  platformId: string | null;
  created: string;
  updated: string;
  lastActiveDate: string | null;
  imageUrl: string | null;
}

/** Activepieces' `SeekPage`: one page of a list and the cursors around it. */
export interface Page<T> {
  data: T[];
  next: string | null;
  previous: string | null;
}

/** One page of `GET /v1/users`, newest first. */
export type UserPage = Page<PlatformUser>;

/** The body of `POST /v1/users/{id}`: only the fields that change. The API rejects null. */
export interface UpdateUserBody {
  status?: UserStatus;
  platformRole?: PlatformRole;
  externalId?: string;
}

/** Enough of a user to be taken for one: an object with a string id and email. */
export function isUserLike(value: unknown): value is { id: string; email: string } {
  return isRecord(value) && typeof value['id'] === 'string' && typeof value['email'] === 'string';
}

/** A page of users: `data` a list of users, `next` a cursor or nothing. */
export function isUserPage(body: unknown): body is UserPage {
  return isPageOf(body, isUserLike);
}

/** A SeekPage whose every item `isItem` accepts; `next` a cursor or nothing. */
export function isPageOf<T>(body: unknown, isItem: (item: unknown) => boolean): body is Page<T> {
  if (!isRecord(body) || !Array.isArray(body['data'])) return false;
  const next = body['next'];
  return (next === null || next === undefined || typeof next === 'string') && body['data'].every(isItem);
}

/** A project role as the API embeds it in invitations and members (upstream `ProjectRole`). */
export interface ProjectRole {
  id: string;
  name: string;
  /** DEFAULT for the built-in roles, CUSTOM for the platform's own. */
  type?: string;
  platformId?: string | null;
  permissions?: string[];
}

/**
 * An invitation as `GET /v1/user-invitations` lists it and `POST` answers it. `projectRoleId` and
 * `projectRole` are set for PROJECT invitations only, `platformRole` for PLATFORM ones. `link` comes
 * only from a POST on an instance without SMTP: the URL the invitee opens to accept.
 */
export interface Invitation {
  id: string;
  email: string;
  status: InvitationStatus;
  type: InvitationType;
  platformId: string;
  platformRole: PlatformRole | null;
  projectId: string | null;
  projectRoleId: string | null;
  projectRole: ProjectRole | null;
  created: string;
  updated: string;
  link?: string;
}

/** The body of `POST /v1/user-invitations`: upstream accepts exactly these two shapes. */
export type InvitationBody =
  | { type: 'PLATFORM'; email: string; platformRole: PlatformRole }
  | { type: 'PROJECT'; email: string; projectId: string; projectRole: string };

/** A project as `GET /v1/projects` lists it (only the fields this piece reads are named). */
export interface Project {
  id: string;
  displayName: string;
  type?: ProjectType;
  platformId?: string;
  ownerId?: string;
  externalId?: string | null;
  created?: string;
  updated?: string;
}

/** A project member as `GET /v1/project-members` lists it (upstream `ProjectMemberWithUser`). */
export interface ProjectMember {
  id: string;
  userId: string;
  projectId: string;
  projectRoleId: string;
  platformId?: string;
  created?: string;
  updated?: string;
  user?: { id: string; email: string; firstName?: string; lastName?: string; [key: string]: unknown };
  projectRole?: ProjectRole;
  project?: { id: string; displayName: string };
}

export function isInvitation(value: unknown): value is Invitation {
  return (
    isRecord(value) &&
    isText(value['id']) &&
    isText(value['email']) &&
    (INVITATION_TYPES as readonly unknown[]).includes(value['type'])
  );
}

export function isProject(value: unknown): value is Project {
  return isRecord(value) && isText(value['id']) && typeof value['displayName'] === 'string';
}

export function isProjectMember(value: unknown): value is ProjectMember {
  return isRecord(value) && isText(value['id']) && isText(value['userId']) && isText(value['projectId']);
}

export function isProjectRole(value: unknown): value is ProjectRole {
  return isRecord(value) && isText(value['id']) && isText(value['name']);
}
