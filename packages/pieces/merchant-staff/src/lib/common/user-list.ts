import { Connection, DropdownOption, InteractiveCall, isRecord, nonBlankText, ranOutOfTime, reasonOf, withoutFinalStop } from '@user-admin-pieces/common';
import { listUsersPage } from './client';
import { UncheckedStaffUser } from './types';

/** The most the ASP.NET family's list accepts per page. */
export const USER_PAGE_SIZE = 100;
/** The dropdown loads at most this many users; beyond that, a search narrows the list. */
export const MAX_LISTED_USERS = 1000;
/**
 * No new page starts this long after the first one did, so the dropdown answers in about 20 s at
 * worst; the call's budget (INTERACTIVE_BUDGET_MS) bounds it whatever happens.
 */
export const NEW_PAGE_CUTOFF_MS = 10_000;

/** A user from the list; only entries with an id can be picked. */
export type ListedStaffUser = UncheckedStaffUser & { id: string };

export interface UserList {
  /** Users with an id, each once, at most MAX_LISTED_USERS. */
  users: ListedStaffUser[];
  /** The API's count of all users (matching the search), when it gives one. */
  totalCount?: number;
  /** Why the list stops short of what the API has; undefined when nothing is known to be left out. */
  cut?: { reason: 'limit' } | { reason: 'time' } | { reason: 'failed'; summary: string };
}

/**
 * The users of `GET /api/Users`, page after page while the API says there are more, up to
 * MAX_LISTED_USERS. `search` is passed on for a deployment that filters; the caller filters again,
 * for one that does not. Every request ends by the call's deadline, and none starts after it: the
 * client refuses one past it. Undefined when the first page is in no shape this piece knows; a
 * later page that fails (or that the time left does not allow) keeps the earlier ones.
 */
export async function listUsers(connection: Connection, call: InteractiveCall, search?: string): Promise<UserList | undefined> {
  const startedAt = Date.now();
  const users = new Map<string, ListedStaffUser>();
  let received = 0;
  let totalCount: number | undefined;
  const result = (cut?: UserList['cut']): UserList => ({ users: [...users.values()], totalCount, cut });

  for (let page = 1; ; page++) {
    let body: unknown;
    try {
      body = (await listUsersPage(connection, { page, pageSize: USER_PAGE_SIZE, search }, call)).body;
    } catch (error) {
      if (page === 1) throw error;
      return result(ranOutOfTime(error, call.deadline) ? { reason: 'time' } : { reason: 'failed', summary: withoutFinalStop(reasonOf(error)) });
    }
    const read = readUserPage(body);
    if (read === undefined) {
      return page === 1 ? undefined : result({ reason: 'failed', summary: `page ${page} came back in a shape this piece does not know` });
    }
    const before = users.size;
    let overflow = false;
    for (const user of read.users) {
      if (users.has(user.id)) continue;
      if (users.size < MAX_LISTED_USERS) users.set(user.id, user);
      else overflow = true;
    }
    received += read.entries;
    totalCount = read.totalCount ?? totalCount;

    // A page that adds nobody (empty, or the API ignoring `page`) ends the walk, as does a list
    // that does not say it is paged: a bare array is taken as the whole list.
    const more = read.paged && users.size > before && (totalCount === undefined ? read.entries >= read.pageSize : received < totalCount);
    if (overflow || (more && users.size >= MAX_LISTED_USERS)) return result({ reason: 'limit' });
    if (!more) return result();
    if (Date.now() - startedAt >= NEW_PAGE_CUTOFF_MS) return result({ reason: 'time' });
  }
}

interface UserPage {
  /** The entries that are users with an id. */
  users: ListedStaffUser[];
  /** How many entries the page had, users or not. */
  entries: number;
  /** True when the body says it is one page of several (`totalCount`, `page` or `pageSize`). */
  paged: boolean;
  totalCount?: number;
  /** The page size the API used, which may be smaller than the one asked for. */
  pageSize: number;
}

/**
 * One page of users: a bare array, or an envelope with the array under `items` (the ASP.NET
 * family's `{items, totalCount, page, pageSize}`), `data` or `value` (OData). Undefined otherwise.
 */
export function readUserPage(body: unknown): UserPage | undefined {
  const envelope = isRecord(body) ? body : undefined;
  const list = Array.isArray(body) ? body : ['items', 'data', 'value'].map((key) => envelope?.[key]).find(Array.isArray);
  if (list === undefined) return undefined;
  const count = (key: string) => {
    const value = envelope?.[key];
    return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : undefined;
  };
  const pageSize = count('pageSize');
  return {
    users: list.filter((entry: unknown): entry is ListedStaffUser => isRecord(entry) && nonBlankText(entry['id']) !== undefined),
    entries: list.length,
    paged: count('totalCount') !== undefined || count('page') !== undefined || pageSize !== undefined,
    totalCount: count('totalCount'),
    pageSize: pageSize || USER_PAGE_SIZE,
  };
}

/** Dropdown options from a user list, in the API's order. */
export function userOptions(users: readonly ListedStaffUser[]): DropdownOption<string>[] {
  return users.map((user) => ({ label: userLabel(user), value: user.id }));
}

/** "First Last <email>", or whatever part of it the user has. */
export function userLabel(user: ListedStaffUser): string {
  const name = userName(user);
  const email = nonBlankText(user.email)?.trim();
  if (name && email) return `${name} <${email}>`;
  return name || email || user.id;
}

function userName(user: UncheckedStaffUser): string | undefined {
  const parts = [user.firstName, user.lastName].map((part) => nonBlankText(part)?.trim()).filter(Boolean);
  return parts.length > 0 ? parts.join(' ') : nonBlankText(user.fullName)?.trim();
}

/** Case-insensitive, on the name and the email, as the ASP.NET family's `search` does. */
export function matchesSearch(user: UncheckedStaffUser, search: string): boolean {
  const needle = search.trim().toLowerCase();
  const haystack = [userName(user), user.fullName, user.email].map((part) => nonBlankText(part)?.toLowerCase() ?? '');
  return needle === '' || haystack.some((text) => text.includes(needle));
}

/** The owner guard reads at most this many pages (10,000 users) before it gives up and refuses. */
export const OWNER_SCAN_MAX_PAGES = 100;

/** What the owner guard learned from the user list. */
export type OwnerScan = 'another-active-owner' | 'no-other-active-owner' | 'unreadable' | 'too-long';

/** An Owner who can sign in: role Owner (any case) and `isActive` true, as the list shows them. */
export function isActiveOwner(user: UncheckedStaffUser): boolean {
  return typeof user.role === 'string' && user.role.toLowerCase() === 'owner' && user.isActive === true;
}

/**
 * Walks `GET /api/Users` (no search) until it meets an active Owner other than `id`, and stops
 * there: most merchants have one on the first page. Each page's response goes to `onPage` (the
 * audit trail); a failed page throws, for the caller to word.
 */
export async function scanForAnotherActiveOwner(
  connection: Connection,
  id: string,
  onPage: (response: { requestId?: string; attempts: number }) => void,
): Promise<OwnerScan> {
  const seen = new Set<string>();
  let received = 0;
  for (let page = 1; page <= OWNER_SCAN_MAX_PAGES; page++) {
    const response = await listUsersPage(connection, { page, pageSize: USER_PAGE_SIZE });
    onPage(response);
    const read = readUserPage(response.body);
    if (read === undefined) return 'unreadable';
    const before = seen.size;
    for (const user of read.users) {
      const userId = user.id.toLowerCase();
      if (userId !== id.toLowerCase() && isActiveOwner(user)) return 'another-active-owner';
      seen.add(userId);
    }
    received += read.entries;
    const more = read.paged && seen.size > before && (read.totalCount === undefined ? read.entries >= read.pageSize : received < read.totalCount);
    if (!more) return 'no-other-active-owner';
  }
  return 'too-long';
}
