import {
  ApiError,
  AuditTrail,
  Connection,
  DropdownOption,
  InputError,
  InteractiveCall,
  invalidResponse,
  isRecord,
  nonBlankText,
  ranOutOfTime,
  reasonOf,
  RequestTuning,
  withoutFinalStop,
} from '@user-admin-pieces/common';
import { listUsersPage } from './client';
import { listNotServed, rephrased } from './errors';
import { parseUserRef } from './update-user-body';
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

/** Lower case, with runs of white space made one space: how names are compared. */
function normalName(text: string): string {
  return text.trim().replace(/\s+/g, ' ').toLowerCase();
}

/**
 * True when `name` is the user's first name, last name, "first last" or full name, whole and
 * without regard to case or extra spaces. Whole, not a part: a flow acts on what it finds, and "Ann"
 * must not find Anna or Joanne.
 */
export function hasName(user: UncheckedStaffUser, name: string): boolean {
  const wanted = normalName(name);
  const names = [user.firstName, user.lastName, userName(user), user.fullName];
  return names.some((part) => {
    const text = nonBlankText(part);
    return text !== undefined && normalName(text) === wanted;
  });
}

/** The statuses with which a deployment says it does not serve `GET /api/Users` at all. */
export const LIST_NOT_SERVED_STATUSES: readonly number[] = [404, 405, 501];

/** The owner guard reads at most this many pages (10,000 users) before it gives up and refuses. */
export const OWNER_SCAN_MAX_PAGES = 100;

/** What the owner guard learned from the user list; `cut`: why it could not tell (a clause). */
export type OwnerScan = 'another-active-owner' | 'no-other-active-owner' | { cut: string };

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
  const walk = new ListWalk();
  for (let page = 1; page <= OWNER_SCAN_MAX_PAGES; page++) {
    const response = await listUsersPage(connection, { page, pageSize: USER_PAGE_SIZE });
    onPage(response);
    const read = readUserPage(response.body);
    if (read === undefined) return { cut: 'the user list came back in a shape this piece does not know' };
    const { fresh, next } = walk.take(read, page);
    if (fresh.some((user) => user.id.toLowerCase() !== id.toLowerCase() && isActiveOwner(user))) return 'another-active-owner';
    if (next === 'done') return 'no-other-active-owner';
    if (next !== 'on') return next;
  }
  return { cut: `the first ${(OWNER_SCAN_MAX_PAGES * USER_PAGE_SIZE).toLocaleString('en-US')} users of the list hold no other active Owner, and the piece reads no further` };
}

/**
 * The bookkeeping of one walk of `GET /api/Users`, page after page: each user taken once (ids
 * without regard to case), and whether the pages read so far are the whole list.
 */
class ListWalk {
  private readonly seen = new Set<string>();
  /** Entries toward `totalCount`: a user a page repeats (pages that overlap) is no step nearer the end. */
  private counted = 0;

  /** How many users were read, each once. */
  get scanned(): number {
    return this.seen.size;
  }

  /**
   * The page's users not read before, in the API's order, and what comes next: `on` to the next
   * page, `done` (the whole list read), or `cut` with why the rest cannot be read.
   */
  take(read: UserPage, page: number): { fresh: ListedStaffUser[]; next: 'on' | 'done' | { cut: string } } {
    const fresh = read.users.filter((user) => {
      const id = user.id.toLowerCase();
      if (this.seen.has(id)) return false;
      this.seen.add(id);
      return true;
    });
    this.counted += read.entries - read.users.length + fresh.length;
    const saysMore = read.totalCount === undefined ? read.entries >= read.pageSize : this.counted < read.totalCount;
    // An empty page short of the count (pages numbered from 0, a count that includes what the token
    // may not see): users were skipped, so the pages read are not the whole list.
    if (read.paged && read.entries === 0 && saysMore) {
      return { fresh, next: { cut: `the list ended after ${this.counted.toLocaleString('en-US')} of the ${read.totalCount?.toLocaleString('en-US')} users it counts` } };
    }
    // A list that does not say it is paged (a bare array) is the whole list, as in the dropdown,
    // unless it holds exactly the page size asked for: then it may be a page, and the next one tells.
    const mayHaveMore = read.paged ? saysMore : read.entries === USER_PAGE_SIZE;
    if (read.entries === 0 || !mayHaveMore) return { fresh, next: 'done' };
    // Unlike the dropdown, a walk may not take a page of users already read for the end: what it
    // concludes from "nobody further" (not found, no other Owner) would be a guess.
    if (fresh.length === 0) return { fresh, next: { cut: `page ${page} held only users already read, so the API may not page this list` } };
    return { fresh, next: 'on' };
  }
}

/** A lookup reads at most this many pages (50,000 users), so it ends even on a list that never does. */
export const LOOKUP_MAX_PAGES = 500;
/** A lookup given no deadline starts no page after this long. */
export const LOOKUP_BUDGET_MS = 120_000;

/** One request's outcome, as the audit trail takes it. */
export type OnPage = AuditTrail['record'];

/** What a walk of the whole user list found. */
export interface UserScan {
  /** Every listed user the predicate kept, each once, in the API's order. */
  matches: ListedStaffUser[];
  /** True when every page was read: then "no match" means there is none. */
  complete: boolean;
  /** Why the walk stopped short, as a clause ("the time this lookup may take ran out"); undefined when complete. */
  cut?: string;
  /** How many users were read. */
  scanned: number;
}

/**
 * Walks `GET /api/Users` (no search: its matching is undocumented, so a lookup that trusted it
 * could miss a user and wrongly say "not found") page after page to the end, keeping the users
 * `keep` accepts. It ends at the deadline (`tuning.deadline`, or LOOKUP_BUDGET_MS from now) and
 * after LOOKUP_MAX_PAGES, saying so in `cut`. A first page that fails throws, worded for a lookup
 * (`listNotServed` for 404/405/501); a later one ends the walk incomplete.
 */
export async function scanStaffUsers(
  connection: Connection,
  keep: (user: ListedStaffUser) => boolean,
  tuning: RequestTuning = {},
  onPage?: OnPage,
): Promise<UserScan> {
  const deadline = tuning.deadline ?? Date.now() + LOOKUP_BUDGET_MS;
  const walk = new ListWalk();
  const matches: ListedStaffUser[] = [];
  const result = (cut?: string): UserScan => ({ matches, complete: cut === undefined, cut, scanned: walk.scanned });

  for (let page = 1; page <= LOOKUP_MAX_PAGES; page++) {
    let response;
    try {
      response = await listUsersPage(connection, { page, pageSize: USER_PAGE_SIZE }, { ...tuning, deadline });
    } catch (error) {
      if (error instanceof ApiError) onPage?.(error);
      if (page === 1) throw lookupFailed(error);
      return result(ranOutOfTime(error, deadline) ? TIME_RAN_OUT : `reading page ${page} failed: ${withoutFinalStop(reasonOf(error))}`);
    }
    onPage?.(response);
    const read = readUserPage(response.body);
    if (read === undefined && page === 1) throw invalidResponse(response, LIST_UNREADABLE);
    if (read === undefined) return result(`page ${page} came back in a shape this piece does not know`);
    const { fresh, next } = walk.take(read, page);
    matches.push(...fresh.filter(keep));
    if (next === 'done') return result();
    if (next !== 'on') return result(next.cut);
    if (Date.now() >= deadline) return result(TIME_RAN_OUT);
  }
  return result(`a lookup reads at most ${LOOKUP_MAX_PAGES} pages of the list`);
}

const TIME_RAN_OUT = 'the time this lookup may take ran out';
const LIST_UNREADABLE =
  'The user list (GET /api/Users) came back in a shape this piece does not know, so a staff user cannot be looked up by email or name here. Use the user\'s id (a GUID) instead.';

/** A first page that failed: nothing was learned, so the lookup fails, saying why. */
function lookupFailed(error: unknown): unknown {
  if (!(error instanceof ApiError) || [401, 403].includes(error.status ?? 0)) return error;
  const status = error.status ?? 0;
  if (LIST_NOT_SERVED_STATUSES.includes(status)) return rephrased(error, listNotServed(status));
  return rephrased(error, `Could not read the user list (GET /api/Users): ${error.summary}`);
}

/** What `findStaffUsersByEmail` found. */
export interface StaffEmailLookup {
  /** Every email asked for (trimmed, lower-cased), with the users listed under it; an empty list when none. */
  byEmail: Map<string, ListedStaffUser[]>;
  /** True when every page was read: then an empty entry means no such user. */
  complete: boolean;
  /** Why the list was not read to the end; undefined when complete. */
  cut?: string;
  /** How many users were read. */
  scanned: number;
}

/** An email as the lookup keys it: the API compares emails without regard to case. */
export function emailKey(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * Finds the users of every email in one walk of `GET /api/Users` (see `scanStaffUsers`), however
 * many emails are asked for. The walk reads the whole list, not up to the first match: a second
 * user with the same address in another case must be seen, or a lookup would pick one of two.
 */
export async function findStaffUsersByEmail(
  connection: Connection,
  emails: readonly string[],
  tuning: RequestTuning = {},
  onPage?: OnPage,
): Promise<StaffEmailLookup> {
  const byEmail = new Map(emails.map((email) => [emailKey(email), [] as ListedStaffUser[]]));
  if (byEmail.size === 0) return { byEmail, complete: true, scanned: 0 };
  const emailOf = (user: ListedStaffUser) => (typeof user.email === 'string' ? emailKey(user.email) : undefined);
  const scan = await scanStaffUsers(connection, (user) => byEmail.has(emailOf(user) ?? ''), tuning, onPage);
  for (const user of scan.matches) byEmail.get(emailOf(user) ?? '')?.push(user);
  return { byEmail, complete: scan.complete, cut: scan.cut, scanned: scan.scanned };
}

/** Ids named in a "several users match" sentence; beyond that, a count. */
const LISTED_IDS = 10;

/** "id1, id2 and 3 more". */
export function listIds(users: readonly ListedStaffUser[]): string {
  const ids = users.slice(0, LISTED_IDS).map((user) => user.id);
  return users.length > LISTED_IDS ? `${ids.join(', ')} and ${users.length - LISTED_IDS} more` : ids.join(', ');
}

/** "among the 2,300 users read (the list was not read to the end: …), so …": how far a lookup that found nobody got. */
export function notReadToTheEnd(scan: { cut?: string; scanned: number }): string {
  return `among the ${scan.scanned.toLocaleString('en-US')} users read; the list was not read to the end (${scan.cut}), so the user may still exist`;
}

/**
 * The id of the user `idOrEmail` names: a GUID as given, or the one staff user listed with that
 * email (without regard to case). Input that is neither is refused before any request; an email
 * with no user, or with several, fails with a sentence naming the ids.
 */
export async function resolveStaffUserId(connection: Connection, idOrEmail: unknown, trail?: { record: OnPage }): Promise<string> {
  const ref = parseUserRef(idOrEmail);
  if ('id' in ref) return ref.id;
  const lookup = await findStaffUsersByEmail(connection, [ref.email], {}, trail && ((outcome) => trail.record(outcome)));
  const matches = lookup.byEmail.get(emailKey(ref.email)) ?? [];
  if (matches.length === 1) return matches[0].id;
  if (matches.length > 1) {
    throw new InputError('userId', `${matches.length} staff users have email ${ref.email} (without regard to case): ${listIds(matches)}. Pick the user by id instead.`);
  }
  throw new InputError(
    'userId',
    lookup.complete ? `No staff user has email ${ref.email}.` : `No staff user with email ${ref.email} ${notReadToTheEnd(lookup)}. Pick the user by id instead.`,
  );
}
