import { ApiError, AuditTrail, Connection, InputError, ranOutOfTime, RequestTuning } from '@user-admin-pieces/common';
import { listUsersPage } from './client';
import { PlatformUser } from './types';

/** The API caps `limit` at 100. */
export const USER_PAGE_SIZE = 100;
/** Pages walked when a lookup has to scan the user list: about 1000 users, newest first. */
export const MAX_USER_PAGES = 10;

export interface UserScan {
  matches: PlatformUser[];
  /** False when the scan stopped at MAX_USER_PAGES while more users remained. */
  complete: boolean;
}

/**
 * Walks the user list, newest first, keeping every user `keep` accepts. The API has no search by
 * email or name, so this is the only way to find them; it stops after MAX_USER_PAGES pages.
 */
export async function scanUsers(connection: Connection, keep: (user: PlatformUser) => boolean, tuning: RequestTuning = {}): Promise<UserScan> {
  const matches: PlatformUser[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < MAX_USER_PAGES; page++) {
    const { data, next } = await listUsersPage(connection, { limit: USER_PAGE_SIZE, cursor }, tuning);
    matches.push(...data.filter(keep));
    // An empty page ends the walk even if a cursor came with it.
    if (!next || data.length === 0) return { matches, complete: true };
    cursor = next;
  }
  return { matches, complete: false };
}

/** "First Last <email>", or the email alone when the user has no name. */
export function userLabel(user: PlatformUser): string {
  const name = [user.firstName, user.lastName].filter((part) => part && part.trim() !== '').join(' ').trim();
  return name === '' ? user.email : `${name} <${user.email}>`;
}

/** The dropdown's search: the label and the id, without regard to case; `search` is lower case already. */
export function matchesSearch(user: PlatformUser, search: string): boolean {
  return `${userLabel(user)} ${user.id}`.toLowerCase().includes(search);
}

/**
 * How long a preview may look for its user. Activepieces has no "get user by id" for API keys, so
 * the preview pages the list, newest first, until it finds the id: every page counts, none is
 * skipped, and one deadline bounds the whole walk. 120 s leaves most of the 600 s flow limit to the
 * other steps. Tests shorten it.
 */
export const previewLookup = { budgetMs: 120_000 };

export interface UserLookup {
  user: PlatformUser;
  /** Users read before and including the match. */
  scanned: number;
}

/** The user with this id, read from the list within `previewLookup.budgetMs`; a sentence when not found, or not in time. */
export async function findUserById(connection: Connection, userId: string, trail: AuditTrail): Promise<UserLookup> {
  const budgetMs = previewLookup.budgetMs;
  const deadline = Date.now() + budgetMs;
  let scanned = 0;
  let cursor: string | undefined;
  for (;;) {
    if (Date.now() >= deadline) throw notFoundInTime(userId, scanned, budgetMs);
    let page;
    try {
      page = await listUsersPage(connection, { limit: USER_PAGE_SIZE, cursor }, { deadline }, trail);
    } catch (error) {
      if (ranOutOfTime(error, deadline)) throw notFoundInTime(userId, scanned, budgetMs);
      throw error;
    }
    const index = page.data.findIndex((user) => user.id === userId);
    if (index >= 0) return { user: page.data[index], scanned: scanned + index + 1 };
    scanned += page.data.length;
    // An empty page ends the walk even if a cursor came with it.
    if (!page.next || page.data.length === 0) {
      // The sentence a real run gets from the API's 404.
      throw new InputError('userId', `No user with id ${userId} on this platform.`);
    }
    cursor = page.next;
  }
}

function notFoundInTime(userId: string, scanned: number, budgetMs: number): ApiError {
  const seconds = budgetMs % 1000 === 0 ? `${budgetMs / 1000} s` : `${(budgetMs / 1000).toFixed(1)} s`;
  return new ApiError({
    kind: 'timeout',
    message: `Preview only: user ${userId} was not found among the ${scanned} newest users within ${seconds}. Activepieces cannot look a user up by id with an API key, so the preview reads the user list page by page, and Activepieces answered too slowly to reach this user. Nothing was changed. Run the preview again later, or run the step without Preview only.`,
    retryable: false,
  });
}
