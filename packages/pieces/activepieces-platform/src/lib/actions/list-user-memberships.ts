import { createAction } from '@activepieces/pieces-framework';
import { activepiecesPlatformAuth } from '../auth';
import { findMemberships, MembershipRow, membershipRow, resolveMemberRef } from '../common/access';
import { connectionOf } from '../common/client';
import { scanDeadline, timeBudgetProp } from '../common/props';
import { parseUserRef, userRefProps } from '../common/user-ref-props';

export interface MembershipListing {
  memberships: MembershipRow[];
  count: number;
  /** Team projects whose members were read. */
  projectsScanned: number;
  /** False when the time budget ran out before every team project was read: there may be more. */
  complete: boolean;
  summary: string;
}

export const listUserMembershipsAction = createAction({
  auth: activepiecesPlatformAuth,
  name: 'list_user_memberships',
  displayName: 'List User Memberships',
  description:
    "List the team projects a user is a member of, with their role in each. Activepieces cannot list a user's projects, so the step reads every team project's members within a time budget, and says so when the budget ran out first.",
  props: {
    ...userRefProps,
    timeBudgetSeconds: timeBudgetProp("the team projects' members"),
  },
  audience: 'both',
  aiMetadata: {
    description:
      "Lists a user's memberships in Activepieces team projects (personal projects are not memberships). The user is given by exactly one of userId, email (case-insensitive) or externalId. Reads every team project's members within timeBudgetSeconds (default 120). Returns {memberships: [{memberId, projectId, projectName, role, userId, email}], count, projectsScanned, complete, summary}; complete false means the budget ran out and there may be more. Read-only.",
    idempotent: true,
  },
  async run({ auth, propsValue }): Promise<MembershipListing> {
    const ref = parseUserRef(propsValue);
    const { deadline, budgetSeconds } = scanDeadline(propsValue.timeBudgetSeconds, Date.now());
    const connection = connectionOf(auth.props);
    const who = await resolveMemberRef(connection, ref);
    const scan = await findMemberships(connection, who, deadline);
    const memberships = scan.memberships.map(membershipRow);
    return {
      memberships,
      count: memberships.length,
      projectsScanned: scan.projectsScanned,
      complete: scan.complete,
      summary: membershipSummary(memberships.length, scan.projectsScanned, scan.complete, budgetSeconds),
    };
  },
});

export function membershipSummary(count: number, projectsScanned: number, complete: boolean, budgetSeconds: number): string {
  const found = `Member of ${count} team ${count === 1 ? 'project' : 'projects'}`;
  const read = `${projectsScanned} team ${projectsScanned === 1 ? 'project' : 'projects'} read`;
  return complete ? `${found} (${read})` : `${found} among the ${read} before the time budget of ${budgetSeconds} s ran out: there may be more.`;
}
