import { AuditTrail, Connection, ranOutOfTime } from '@user-admin-pieces/common';
import { listInvitationsPage, listProjectMembersPage, listProjectsPage } from './client';
import { INVITATION_TYPES } from './enums';
import { Invitation, Page, Project, ProjectMember } from './types';

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

/**
 * Every pending invitation for `email`: PLATFORM ones and PROJECT ones of every project (an API key
 * that names no project lists them all). The API cannot filter by email, so all pending
 * invitations are read; `complete` is false when the deadline came first.
 */
export async function findPendingInvitations(
  connection: Connection,
  email: string,
  deadline: number,
  trail?: AuditTrail,
): Promise<{ invitations: Invitation[]; complete: boolean }> {
  const invitations: Invitation[] = [];
  for (const type of INVITATION_TYPES) {
    const complete = await walkPages(
      deadline,
      (cursor) => listInvitationsPage(connection, { type, status: 'PENDING', limit: ACCESS_PAGE_SIZE, cursor }, { deadline }, trail),
      (items) => {
        // The filters are the API's; checking again guards against a server that ignores them.
        invitations.push(...items.filter((invitation) => invitation.status === 'PENDING' && invitation.type === type && sameEmail(invitation.email, email)));
        return true;
      },
    );
    if (!complete) return { invitations, complete: false };
  }
  return { invitations, complete: true };
}

/**
 * The user's memberships in TEAM projects (a personal project is theirs, not a membership to
 * remove). There is no "projects of user X" query: the team projects are listed, then each one's
 * members until the user turns up. `projectsScanned` counts the projects whose members were read.
 * A membership without the API's `project` gets it from the project list, so it can name it.
 */
export async function findUserMemberships(
  connection: Connection,
  userId: string,
  deadline: number,
  trail?: AuditTrail,
): Promise<{ memberships: ProjectMember[]; complete: boolean; projectsScanned: number }> {
  const memberships: ProjectMember[] = [];
  let projectsScanned = 0;
  let cutShort = false;
  const scanProject = async (project: Project): Promise<boolean> =>
    walkPages(
      deadline,
      (cursor) => listProjectMembersPage(connection, { projectId: project.id, limit: ACCESS_PAGE_SIZE, cursor }, { deadline }, trail),
      (members) => {
        const member = members.find((candidate) => candidate.userId === userId && candidate.projectId === project.id);
        if (member === undefined) return true;
        memberships.push({ ...member, project: member.project ?? { id: project.id, displayName: project.displayName } });
        // A user is a member of a project once.
        return false;
      },
    );
  const complete = await walkPages(
    deadline,
    (cursor) => listProjectsPage(connection, { limit: ACCESS_PAGE_SIZE, cursor, types: ['TEAM'] }, { deadline }, trail),
    async (projects) => {
      for (const project of projects) {
        // The filter is the API's; a server that ignores it still gets no personal project scanned.
        if (project.type !== undefined && project.type !== 'TEAM') continue;
        if (!(await scanProject(project))) {
          cutShort = true;
          return false;
        }
        projectsScanned++;
      }
      return true;
    },
  );
  return { memberships, complete: complete && !cutShort, projectsScanned };
}
