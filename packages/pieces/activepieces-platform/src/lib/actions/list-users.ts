import { createAction, Property } from '@activepieces/pieces-framework';
import { enumDropdown, userStatusDropdown } from '@user-admin-pieces/common';
import { activepiecesPlatformAuth } from '../auth';
import { connectionOf } from '../common/client';
import { PLATFORM_ROLE_LABELS, PLATFORM_ROLES } from '../common/enums';
import { matchesFilter, parseUserFilter, parseWholeNumber, UserRow, userRow } from '../common/user-filter';
import { walkUserList } from '../common/user-list';

/** Leaves most of the 600 s flow limit to the other steps. */
export const DEFAULT_LIST_BUDGET_SECONDS = 120;
/** The most a flow may give the scan: the engine stops a whole run at 600 s. */
export const MAX_LIST_BUDGET_SECONDS = 500;

export interface UserListing {
  /** The users that pass every filter, in the API's order (newest first). */
  users: UserRow[];
  matched: number;
  /** Users read from the API, matching or not. */
  scanned: number;
  /** False when the time budget ran out before the end of the list: older users were not read. */
  complete: boolean;
  summary: string;
}

export const listUsersAction = createAction({
  auth: activepiecesPlatformAuth,
  name: 'list_users',
  displayName: 'List Users',
  description:
    "List the platform's users, filtered by status, platform role, email domain or inactivity. Activepieces can filter only by external id, so the step reads the whole list within a time budget, and says so when the budget ran out first.",
  props: {
    status: userStatusDropdown({ required: false, description: 'Only users with this status. Leave empty for any status.' }),
    platformRole: enumDropdown({
      displayName: 'Platform Role',
      description: 'Only users with this platform role. Leave empty for any role.',
      required: false,
      values: PLATFORM_ROLES,
      labels: PLATFORM_ROLE_LABELS,
    }),
    emailDomain: Property.ShortText({
      displayName: 'Email Domain',
      description: 'Only users whose email is at this domain, e.g. example.com (without regard to case; subdomains are not included).',
      required: false,
    }),
    inactiveForDays: Property.Number({
      displayName: 'Not Active for Days',
      description:
        'Only users not active for at least this many days, by their last activity. A user who was never active counts from the day their account was created.',
      required: false,
    }),
    timeBudgetSeconds: Property.Number({
      displayName: 'Time Budget (seconds)',
      description: `How long the step may read the user list (100 users a request): ${DEFAULT_LIST_BUDGET_SECONDS} s when empty, at most ${MAX_LIST_BUDGET_SECONDS}. When it runs out, the step returns what it read with complete false.`,
      required: false,
    }),
  },
  audience: 'both',
  aiMetadata: {
    description:
      'Lists Activepieces platform users, optionally filtered by status (ACTIVE/INACTIVE), platformRole (ADMIN/MEMBER/OPERATOR), emailDomain and inactiveForDays (lastActiveDate, or created for users never active, at least that many days ago). Reads GET /v1/users page by page within timeBudgetSeconds (default 120). Returns {users: [{id, email, name, status, platformRole, externalId, lastActiveDate, created}], matched, scanned, complete, summary}; complete false means the budget ran out and older users were not read. Read-only.',
    idempotent: true,
  },
  async run({ auth, propsValue }): Promise<UserListing> {
    const filter = parseUserFilter(propsValue);
    const budgetSeconds = parseWholeNumber(propsValue.timeBudgetSeconds, 'timeBudgetSeconds', 1, MAX_LIST_BUDGET_SECONDS) ?? DEFAULT_LIST_BUDGET_SECONDS;
    const connection = connectionOf(auth.props);
    const now = Date.now();
    const users: UserRow[] = [];
    const walk = await walkUserList(
      connection,
      (page) => void users.push(...page.filter((user) => matchesFilter(user, filter, now)).map(userRow)),
      { deadline: now + budgetSeconds * 1000 },
    );
    const complete = walk.ended === 'list-end';
    return { users, matched: users.length, scanned: walk.scanned, complete, summary: listingSummary(users.length, walk.scanned, complete, budgetSeconds) };
  },
});

export function listingSummary(matched: number, scanned: number, complete: boolean, budgetSeconds: number): string {
  const match = `${matched} ${matched === 1 ? 'user matches' : 'users match'}`;
  if (complete) return `Read all ${scanned} ${scanned === 1 ? 'user' : 'users'} of the platform: ${match}.`;
  return `Not complete: the ${budgetSeconds} s time budget ran out after the ${scanned} newest users (${match}); older users were not read. Raise Time Budget, or run the step again when Activepieces answers faster.`;
}
