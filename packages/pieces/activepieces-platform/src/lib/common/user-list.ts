import { ApiError, AuditTrail, Connection, InputError, ranOutOfTime, RequestTuning } from '@user-admin-pieces/common';
import { getPlatformOwnerId, listUsersPage } from './client';
import { PlatformUser } from './types';

/** The API caps `limit` at 100. */
export const USER_PAGE_SIZE = 100;
/** Pages a dropdown's search walks: about 1000 users, newest first (each keystroke waits for it). */
export const MAX_USER_PAGES = 10;

export interface UserScan {
  matches: PlatformUser[];
  /** False when the scan stopped at MAX_USER_PAGES while more users remained. */
  complete: boolean;
}

/**
 * Walks the user list, newest first, keeping every user `keep` accepts, for a dropdown's search: the
 * API has no search by email or name. It stops after MAX_USER_PAGES pages; a lookup by email reads
 * the whole list instead (lookUpUser).
 */
export async function scanUsers(
  connection: Connection,
  keep: (user: PlatformUser) => boolean,
  tuning: RequestTuning = {},
  trail?: AuditTrail,
): Promise<UserScan> {
  const matches: PlatformUser[] = [];
  const walk = await walkUserList(connection, (page) => void matches.push(...page.filter(keep)), { maxPages: MAX_USER_PAGES }, tuning, trail);
  return { matches, complete: walk.ended === 'list-end' };
}

/** Why a walk over the user list ended. */
export type WalkEnd = 'list-end' | 'stopped' | 'page-limit' | 'out-of-time';

export interface UserWalk {
  ended: WalkEnd;
  /** Users handed to the visitor. */
  scanned: number;
}

export interface WalkLimits {
  maxPages?: number;
  /**
   * Epoch ms after which no page is requested. A page cut short by it ends the walk as
   * 'out-of-time' instead of failing; without it, a timeout is the request's own error.
   */
  deadline?: number;
}

/**
 * Pages `GET /v1/users` newest first, handing each page to `visit` until the list ends, `visit`
 * answers 'stop', `maxPages` pages were read or the deadline passes. Every page counts: none is
 * skipped, and an empty page ends the walk even if a cursor came with it.
 */
export async function walkUserList(
  connection: Connection,
  visit: (page: PlatformUser[]) => 'stop' | void,
  limits: WalkLimits,
  tuning: RequestTuning = {},
  trail?: AuditTrail,
): Promise<UserWalk> {
  const { maxPages = Infinity, deadline } = limits;
  const requestTuning = deadline === undefined ? tuning : { ...tuning, deadline: Math.min(deadline, tuning.deadline ?? Infinity) };
  let scanned = 0;
  let cursor: string | undefined;
  for (let pages = 0; ; pages++) {
    if (pages >= maxPages) return { ended: 'page-limit', scanned };
    if (deadline !== undefined && Date.now() >= deadline) return { ended: 'out-of-time', scanned };
    let page;
    try {
      page = await listUsersPage(connection, { limit: USER_PAGE_SIZE, cursor }, requestTuning, trail);
    } catch (error) {
      if (deadline !== undefined && ranOutOfTime(error, deadline)) return { ended: 'out-of-time', scanned };
      throw error;
    }
    scanned += page.data.length;
    if (visit(page.data) === 'stop') return { ended: 'stopped', scanned };
    if (!page.next || page.data.length === 0) return { ended: 'list-end', scanned };
    cursor = page.next;
  }
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
  const search = await searchById(connection, userId, Date.now() + budgetMs, {}, trail);
  if (search.user) return { user: search.user, scanned: search.scanned };
  if (search.complete) {
    // The sentence a real run gets from the API's 404.
    throw new InputError('userId', `No user with id ${userId} on this platform.`);
  }
  throw notFoundInTime(userId, search.scanned, budgetMs);
}

interface IdSearch {
  user?: PlatformUser;
  /** Users read before and including the match. */
  scanned: number;
  /** True when the whole list was read (or the user found); false when the deadline came first. */
  complete: boolean;
}

/** Pages the list until the user with this id turns up, the list ends or the deadline passes. */
async function searchById(connection: Connection, userId: string, deadline: number, tuning: RequestTuning, trail?: AuditTrail): Promise<IdSearch> {
  let found: IdSearch | undefined;
  let before = 0;
  const walk = await walkUserList(
    connection,
    (page) => {
      const index = page.findIndex((candidate) => candidate.id === userId);
      if (index < 0) {
        before += page.length;
        return undefined;
      }
      found = { user: page[index], scanned: before + index + 1, complete: true };
      return 'stop';
    },
    { deadline },
    tuning,
    trail,
  );
  return found ?? { scanned: walk.scanned, complete: walk.ended === 'list-end' };
}

function notFoundInTime(userId: string, scanned: number, budgetMs: number): ApiError {
  const seconds = budgetMs % 1000 === 0 ? `${budgetMs / 1000} s` : `${(budgetMs / 1000).toFixed(1)} s`;
  return new ApiError({
    kind: 'timeout',
    message: `Preview only: user ${userId} was not found among the ${scanned} newest users within ${seconds}. Activepieces cannot look a user up by id with an API key, so the preview reads the user list page by page, and Activepieces answered too slowly to reach this user. Nothing was changed. Run the preview again later, or run the step without Preview only.`,
    retryable: false,
  });
}

/** Which user an action is about, as a flow knows them: by Activepieces id, by email or by the HR system's id. */
export type UserRef = { id: string } | { email: string } | { externalId: string };

/**
 * What a lookup by reference found, with the sentences for the caller to throw: no match (or more
 * than one) is for the caller to judge, e.g. Find User may answer null.
 */
export interface RefLookup {
  /** Every user found that matches; more than one is an error, never a guess. */
  matches: PlatformUser[];
  /** False when the user may exist beyond what was searched: then not finding them is an error. */
  searchedAll: boolean;
  /** The prop to correct. */
  field: string;
  notFound: string;
  /** The sentence for more than one match. */
  several: string;
}

/**
 * How long a lookup by id or email may page the list when the caller gives no deadline: 120 s
 * leaves most of the 600 s flow limit to the other steps. A caller's deadline (a dropdown's 45 s, an
 * offboarding's shared budget) takes its place. Tests shorten it.
 */
export const userLookup = { budgetMs: 120_000 };

/**
 * Finds the users a reference names. An external id uses the API's filter (one request); an email
 * reads the whole list, since the API cannot search by email and a second user with the same
 * address in another case must not be missed; an id pages the list until it turns up. Both walks
 * stop at `tuning.deadline` (or after `userLookup.budgetMs`) and then fail saying so, never "not found".
 */
export async function lookUpUser(connection: Connection, ref: UserRef, trail?: AuditTrail, tuning: RequestTuning = {}): Promise<RefLookup> {
  if ('externalId' in ref) return byExternalId(connection, ref.externalId, trail, tuning);
  if ('email' in ref) return byEmail(connection, ref.email, trail, tuning);
  return byId(connection, ref.id, trail, tuning);
}

/** The one user a reference names; an InputError with Find User's sentences when none or several match. */
export async function findUserByRef(connection: Connection, ref: UserRef, trail?: AuditTrail, tuning?: RequestTuning): Promise<PlatformUser> {
  const lookup = await lookUpUser(connection, ref, trail, tuning);
  if (lookup.matches.length > 1) throw new InputError(lookup.field, lookup.several);
  const [user] = lookup.matches;
  if (!user) throw new InputError(lookup.field, lookup.notFound);
  return user;
}

/** Ids named in a "several users match" sentence; beyond that, a count. */
const LISTED_IDS = 10;

/** "2 users match email x: id1, id2." with how far the search went. */
function severalMatch(matches: PlatformUser[], what: string, cut: string, fix: string): string {
  const ids = matches.slice(0, LISTED_IDS).map((user) => user.id);
  const more = matches.length > LISTED_IDS ? ` and ${matches.length - LISTED_IDS} more` : '';
  return `${matches.length} users match ${what}${cut}: ${ids.join(', ')}${more}. Find User returns one user; ${fix}`;
}

async function byExternalId(connection: Connection, externalId: string, trail: AuditTrail | undefined, tuning: RequestTuning): Promise<RefLookup> {
  const page = await listUsersPage(connection, { limit: USER_PAGE_SIZE, externalId }, tuning, trail);
  // The filter is the API's; checking again guards against a server that ignores it. Such a
  // server also sends a next page, and then nothing can be concluded from an empty result.
  const matches = page.data.filter((candidate) => candidate.externalId === externalId);
  const searchedAll = !page.next;
  const notFound = searchedAll
    ? `No user with external id "${externalId}" on this platform.`
    : `Activepieces ignored the external id filter (it answered with other users), so "${externalId}" cannot be looked up this way. Look the user up by email instead.`;
  const several = severalMatch(
    matches,
    `external id "${externalId}"`,
    searchedAll ? '' : ` on the first page of ${USER_PAGE_SIZE} users (there may be more)`,
    'give each user their own external id, or look the user up by email.',
  );
  return { matches, searchedAll, field: 'externalId', notFound, several };
}

async function byEmail(connection: Connection, email: string, trail: AuditTrail | undefined, tuning: RequestTuning): Promise<RefLookup> {
  const wanted = email.toLowerCase();
  const matches: PlatformUser[] = [];
  const deadline = tuning.deadline ?? Date.now() + userLookup.budgetMs;
  const walk = await walkUserList(connection, (page) => void matches.push(...page.filter((user) => user.email.toLowerCase() === wanted)), { deadline }, tuning, trail);
  const complete = walk.ended === 'list-end';
  // Two matches are an answer even from part of the list; fewer are not: the user, or a second one, may be further on.
  if (!complete && matches.length < 2) throw emailOutOfTime(email, walk.scanned, matches.length);
  const several = severalMatch(
    matches,
    `email ${email} (without regard to case)`,
    complete ? '' : ` among the ${walk.scanned} newest users read before the time budget ran out (there may be more)`,
    'look the user up by External ID instead.',
  );
  return { matches, searchedAll: complete, field: 'email', notFound: `No user with email ${email} on this platform.`, several };
}

function emailOutOfTime(email: string, scanned: number, found: number): ApiError {
  const read = `${scanned} newest users read, ${found === 0 ? 'none of them' : 'one of them'} with this email`;
  return new ApiError({
    kind: 'timeout',
    message: `Could not read the whole user list before the time budget ran out (${read}): Activepieces cannot search users by email, so the list is read page by page, and it answered too slowly. Whether exactly one user has the email ${email} is unknown. Nothing was changed; run the step again later, or give the user's external id.`,
    retryable: false,
  });
}

async function byId(connection: Connection, userId: string, trail: AuditTrail | undefined, tuning: RequestTuning): Promise<RefLookup> {
  const deadline = tuning.deadline ?? Date.now() + userLookup.budgetMs;
  const search = await searchById(connection, userId, deadline, tuning, trail);
  if (!search.complete) {
    throw new ApiError({
      kind: 'timeout',
      message: `User ${userId} was not found among the ${search.scanned} newest users before the time budget ran out: Activepieces cannot look a user up by id with an API key, so the list is read page by page, and it answered too slowly to reach this user. Nothing was changed; run the step again later, or give the user's email or external id.`,
      retryable: false,
    });
  }
  const notFound = `No user with id ${userId} on this platform.`;
  // Ids are unique: a list that names one twice is not a choice to refuse, so `several` stays empty.
  return { matches: search.user ? [search.user] : [], searchedAll: true, field: 'userId', notFound, several: '' };
}

/**
 * Whether this user owns the platform. Only the platform's `ownerId` says so (every admin has
 * platformRole ADMIN), and Activepieces refuses to deactivate or delete its owner. A user without
 * a platform id cannot be checked here; the server still refuses the owner itself.
 */
export async function isPlatformOwner(connection: Connection, user: PlatformUser, tuning: RequestTuning = {}, trail?: AuditTrail): Promise<boolean> {
  if (!user.platformId) return false;
  return (await getPlatformOwnerId(connection, user.platformId, tuning, trail)) === user.id;
}
