import { ApiError, AuditTrail, Connection, InputError, ranOutOfTime } from '@user-admin-pieces/common';
import { listInvitationsPage, listProjectMembersPage, listProjectsPage } from './client';
import { INVITATION_TYPES, InvitationStatus, InvitationType } from './enums';
import { Invitation, Page, Project, ProjectMember } from './types';
import { findUserByRef, UserRef } from './user-list';

/** Items asked for per page of every list these scans walk. */
export const ACCESS_PAGE_SIZE = 100;

/**
 * Reads pages from the first on, handing each page's items to `visit`, until the list ends,
 * `visit` answers false, or `deadline` (epoch ms) comes. No request starts past the deadline, and a
 * request it cuts short ends the walk as well. True when the walk was not cut short by the deadline.
 */
export async function walkPages<T>(
  deadline: number,
  read: (cursor: string | undefined) => Promise<Page<T>>,
  visit: (items: T[]) => boolean | Promise<boolean>,
): Promise<boolean> {
  let cursor: string | undefined;
  for (;;) {
    if (Date.now() >= deadline) return false;
    let page: Page<T>;
    try {
      page = await read(cursor);
    } catch (error) {
      if (ranOutOfTime(error, deadline)) return false;
      throw error;
    }
    if (!(await visit(page.data))) return true;
    // An empty page ends the walk even if a cursor came with it.
    if (!page.next || page.data.length === 0) return true;
    cursor = page.next;
  }
}

/** The email as Activepieces stores an invitation's: trimmed, lower case. */
export function sameEmail(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

export interface InvitationSearch {
  /** Only invitations for this email, matched without regard to case. */
  email?: string;
  types: readonly InvitationType[];
  /** Only PROJECT invitations of this project. */
  projectId?: string;
  status?: InvitationStatus;
}

/**
 * The invitations a search names, read type by type within the deadline. The API filters by type,
 * project and status but not by email, so an email search reads every invitation of those types.
 * `complete` is false when the deadline came first.
 */
export async function findInvitations(
  connection: Connection,
  search: InvitationSearch,
  deadline: number,
  trail?: AuditTrail,
): Promise<{ invitations: Invitation[]; complete: boolean }> {
  const invitations: Invitation[] = [];
  const { email, projectId, status } = search;
  // The filters are the API's; checking again guards against a server that ignores them.
  const wanted = (invitation: Invitation, type: InvitationType) =>
    invitation.type === type &&
    (status === undefined || invitation.status === status) &&
    (projectId === undefined || invitation.projectId === projectId) &&
    (email === undefined || sameEmail(invitation.email, email));
  for (const type of search.types) {
    const complete = await walkPages(
      deadline,
      (cursor) => listInvitationsPage(connection, { type, projectId, status, limit: ACCESS_PAGE_SIZE, cursor }, { deadline }, trail),
      (items) => {
        invitations.push(...items.filter((invitation) => wanted(invitation, type)));
        return true;
      },
    );
    if (!complete) return { invitations, complete: false };
  }
  return { invitations, complete: true };
}

/**
 * Every invitation for `email` that can still let the person in, PLATFORM ones and PROJECT ones of
 * every project (an API key that names no project lists them all): PENDING ones, and ACCEPTED ones
 * still listed. An invitation sent with an API key is accepted at once; Activepieces applies and
 * deletes it when the person has signed up, so an accepted one that is still there waits for the
 * sign-up, and adds them then. Both statuses come in the same reads (no status filter).
 */
export async function findOpenInvitations(
  connection: Connection,
  email: string,
  deadline: number,
  trail?: AuditTrail,
): Promise<{ invitations: Invitation[]; complete: boolean }> {
  return findInvitations(connection, { email, types: INVITATION_TYPES }, deadline, trail);
}

/** Whose membership: a user id, or an email as the member's embedded user carries it (no user-list read needed). */
export type MemberRef = { id: string } | { email: string };

export function isMemberRef(member: ProjectMember, who: MemberRef): boolean {
  if ('id' in who) return member.userId === who.id;
  return typeof member.user?.email === 'string' && sameEmail(member.user.email, who.email);
}

/**
 * The member `who` in one project, paging its members until they turn up. `complete` is false when
 * the deadline came first (then "not a member" cannot be concluded).
 */
export async function findProjectMember(
  connection: Connection,
  project: Pick<Project, 'id'> & Partial<Pick<Project, 'displayName'>>,
  who: MemberRef,
  deadline: number,
  trail?: AuditTrail,
): Promise<{ member?: ProjectMember; complete: boolean }> {
  let member: ProjectMember | undefined;
  const complete = await walkPages(
    deadline,
    (cursor) => listProjectMembersPage(connection, { projectId: project.id, limit: ACCESS_PAGE_SIZE, cursor }, { deadline }, trail),
    (members) => {
      // The filter is the API's; a member of another project is never taken for one of this one.
      const found = members.find((candidate) => candidate.projectId === project.id && isMemberRef(candidate, who));
      if (found === undefined) return true;
      const named = project.displayName === undefined ? undefined : { id: project.id, displayName: project.displayName };
      member = { ...found, project: found.project ?? named };
      // A user is a member of a project once.
      return false;
    },
  );
  return { member, complete: complete || member !== undefined };
}

export interface MembershipScan {
  memberships: ProjectMember[];
  /** False when the deadline came before every team project was read. */
  complete: boolean;
  /** Projects whose members were read. */
  projectsScanned: number;
}

/**
 * The memberships of `who` in TEAM projects (a personal project is theirs, not a membership to
 * remove). There is no "projects of user X" query: the team projects are listed, then each one's
 * members until the user turns up. A membership without the API's `project` gets it from the
 * project list, so it can be named.
 */
export async function findMemberships(connection: Connection, who: MemberRef, deadline: number, trail?: AuditTrail): Promise<MembershipScan> {
  const memberships: ProjectMember[] = [];
  let projectsScanned = 0;
  let cutShort = false;
  const complete = await walkPages(
    deadline,
    (cursor) => listProjectsPage(connection, { limit: ACCESS_PAGE_SIZE, cursor, types: ['TEAM'] }, { deadline }, trail),
    async (projects) => {
      for (const project of projects) {
        // The filter is the API's; a server that ignores it still gets no personal project scanned.
        if (project.type !== undefined && project.type !== 'TEAM') continue;
        const found = await findProjectMember(connection, project, who, deadline, trail);
        if (!found.complete) {
          cutShort = true;
          return false;
        }
        projectsScanned++;
        if (found.member) memberships.push(found.member);
      }
      return true;
    },
  );
  return { memberships, complete: complete && !cutShort, projectsScanned };
}

/** A user's team memberships by id: what offboarding removes. */
export async function findUserMemberships(connection: Connection, userId: string, deadline: number, trail?: AuditTrail): Promise<MembershipScan> {
  return findMemberships(connection, { id: userId }, deadline, trail);
}

/** One invitation as list and revoke steps return it: the fields a flow maps, without the embedded role object. */
export interface InvitationRow {
  id: string;
  email: string;
  type: InvitationType;
  status: InvitationStatus;
  platformRole: string | null;
  projectId: string | null;
  projectRole: string | null;
  created: string | null;
}

export function invitationRow(invitation: Invitation): InvitationRow {
  return {
    id: invitation.id,
    email: invitation.email,
    type: invitation.type,
    status: invitation.status,
    platformRole: invitation.platformRole ?? null,
    projectId: invitation.projectId ?? null,
    projectRole: invitation.projectRole?.name ?? invitation.projectRoleId ?? null,
    created: invitation.created ?? null,
  };
}

/** One membership as the member steps return it: enough to name it, and to restore it with Invite User. */
export interface MembershipRow {
  memberId: string;
  projectId: string;
  projectName: string | null;
  /** The role's name, which Invite User and Change Project Role take; its id when the API sent no name. */
  role: string;
  userId: string;
  email: string | null;
}

export function membershipRow(member: ProjectMember): MembershipRow {
  return {
    memberId: member.id,
    projectId: member.projectId,
    projectName: member.project?.displayName ?? null,
    role: member.projectRole?.name ?? member.projectRoleId,
    userId: member.userId,
    email: member.user?.email ?? null,
  };
}

/**
 * The member reference a user reference gives: an id or an email is matched on the members
 * themselves (the API embeds each member's user); an external id is looked up first (one request).
 */
export async function resolveMemberRef(connection: Connection, ref: UserRef, trail?: AuditTrail): Promise<MemberRef> {
  if ('externalId' in ref) return { id: (await findUserByRef(connection, ref, trail)).id };
  return ref;
}

/** How a sentence names the person before their membership is found. */
export function describeMemberRef(who: MemberRef): string {
  return 'email' in who ? who.email : `user ${who.id}`;
}

/** How long a step may page one project's members to find one user. Tests shorten it. */
export const memberLookup = { budgetMs: 120_000 };

/**
 * The member `who` in one project within `memberLookup.budgetMs`: undefined when they are not a
 * member; an error when the members could not all be read in time, since then nothing can be concluded.
 */
export async function lookUpProjectMember(connection: Connection, projectId: string, who: MemberRef, trail?: AuditTrail): Promise<ProjectMember | undefined> {
  const budgetMs = memberLookup.budgetMs;
  const found = await findProjectMember(connection, { id: projectId }, who, Date.now() + budgetMs, trail);
  if (found.complete) return found.member;
  throw new ApiError({
    kind: 'timeout',
    message: `Could not read every member of project ${projectId} within ${budgetMs / 1000} s, so whether ${describeMemberRef(who)} is a member is unknown. Nothing was changed. Run the step again later.`,
    retryable: false,
  });
}

/** The sentence for a change that needs a member when the person is none. */
export function notAMember(who: MemberRef, projectId: string): InputError {
  return new InputError(
    'projectId',
    `${describeMemberRef(who)} is not a member of project ${projectId}. Only a member's role can be changed: add them with Invite User (type Project) instead.`,
  );
}

/** "grace@example.com" when the API embedded the user, else their id. */
export function memberName(member: ProjectMember): string {
  return member.user?.email ?? `user ${member.userId}`;
}

/** The project's name when the API embedded it, else its id. */
export function memberProject(member: ProjectMember): string {
  return member.project?.displayName ? `project ${member.project.displayName}` : `project ${member.projectId}`;
}
