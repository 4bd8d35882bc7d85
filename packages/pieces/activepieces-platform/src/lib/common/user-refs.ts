import { AuditTrail, Connection } from '@user-admin-pieces/common';
import { lookUpUser, UserRef, walkUserList } from './user-list';
import { PlatformUser } from './types';

/**
 * Finds the users a whole batch names, with as few list reads as possible. The API cannot search
 * by email (nor, with an API key, read a user by id), so one walk over the user list serves every
 * email and id of the batch at once, instead of one walk per item. External ids have the API's own
 * filter (one request each); a batch with many of them, or one that walks the list anyway, matches
 * them in that same walk.
 */

/** Up to this many external ids are looked up with the API's filter; more are matched in one list walk. */
export const EXTERNAL_ID_QUERIES_MAX = 10;

/** What the batch's references turned out to name. */
export type RefAnswer =
  | { found: PlatformUser }
  /** No such user, or several: the item is invalid, with this sentence. */
  | { invalid: string }
  /** The walk ran out of time before it could tell: the item is not reached. */
  | { unknown: string };

export interface RefResolution {
  answer(ref: UserRef): RefAnswer;
  /** The user with this id, where the walk read them (for ids the batch did not ask to read, when a walk happened anyway). */
  seen(id: string): PlatformUser | undefined;
  /** True when the whole list was walked: an id not seen is not on the platform. */
  walkedAll: boolean;
  /** Any user read, e.g. for the platform id. */
  anyUser?: PlatformUser;
}

export interface ResolveOptions {
  /** Read the users named by id too (a preview needs their current values). */
  readIds: boolean;
  /** No list page is requested after this time (the bulk step's budget). */
  deadline: number;
  trail?: AuditTrail;
}

export async function resolveUserRefs(connection: Connection, refs: readonly UserRef[], options: ResolveOptions): Promise<RefResolution> {
  const emails = new Set<string>();
  const externalIds = new Set<string>();
  const ids = new Set<string>();
  for (const ref of refs) {
    if ('email' in ref) emails.add(ref.email.toLowerCase());
    else if ('externalId' in ref) externalIds.add(ref.externalId);
    else if (options.readIds) ids.add(ref.id);
  }
  const walk = emails.size > 0 || ids.size > 0 || externalIds.size > EXTERNAL_ID_QUERIES_MAX;
  if (!walk) return lookUpExternalIds(connection, [...externalIds], options);
  return walkOnce(connection, { emails, externalIds, ids }, options);
}

interface Wanted {
  emails: Set<string>;
  externalIds: Set<string>;
  ids: Set<string>;
}

/** One walk for everything. Without emails it stops once every id and external id turned up; an email must see the whole list, since a second user with the same address in another case must not be missed. */
async function walkOnce(connection: Connection, wanted: Wanted, options: ResolveOptions): Promise<RefResolution> {
  const byId = new Map<string, PlatformUser>();
  const byEmail = new Map<string, PlatformUser[]>();
  const byExternalId = new Map<string, PlatformUser[]>();
  let missing = wanted.ids.size + wanted.externalIds.size;
  const result = await walkUserList(
    connection,
    (page) => {
      for (const user of page) {
        byId.set(user.id, user);
        if (wanted.ids.has(user.id)) missing--;
        const email = user.email.toLowerCase();
        if (wanted.emails.has(email)) byEmail.set(email, [...(byEmail.get(email) ?? []), user]);
        if (user.externalId !== null && wanted.externalIds.has(user.externalId)) {
          if (!byExternalId.has(user.externalId)) missing--;
          byExternalId.set(user.externalId, [...(byExternalId.get(user.externalId) ?? []), user]);
        }
      }
      return wanted.emails.size === 0 && missing === 0 ? 'stop' : undefined;
    },
    { deadline: options.deadline },
    { deadline: options.deadline },
    options.trail,
  );
  const walkedAll = result.ended === 'list-end';
  const complete = walkedAll || result.ended === 'stopped';
  const cutShort = `Not looked up: the time budget ran out after reading ${result.scanned} users.`;
  const answer = (ref: UserRef): RefAnswer => {
    if ('id' in ref) {
      const user = byId.get(ref.id);
      if (user) return { found: user };
      return complete ? { invalid: `No user with id ${ref.id} on this platform.` } : { unknown: cutShort };
    }
    // An email is known to name one user only once the whole list was read.
    if ('email' in ref) return walkedAll ? oneOf(byEmail.get(ref.email.toLowerCase()) ?? [], `email ${ref.email}`) : { unknown: cutShort };
    const matches = byExternalId.get(ref.externalId) ?? [];
    return complete || matches.length > 0 ? oneOf(matches, `external id "${ref.externalId}"`) : { unknown: cutShort };
  };
  return { answer, seen: (id) => byId.get(id), walkedAll, anyUser: byId.values().next().value };
}

/** A few external ids: the API's filter, one request each. */
async function lookUpExternalIds(connection: Connection, externalIds: string[], options: ResolveOptions): Promise<RefResolution> {
  const answers = new Map<string, RefAnswer>();
  let anyUser: PlatformUser | undefined;
  for (const externalId of externalIds) {
    if (Date.now() >= options.deadline) {
      answers.set(externalId, { unknown: 'Not looked up: the time budget ran out.' });
      continue;
    }
    const lookup = await lookUpUser(connection, { externalId }, options.trail, { deadline: options.deadline });
    anyUser ??= lookup.matches[0];
    answers.set(externalId, lookup.matches.length === 1 ? { found: lookup.matches[0] } : { invalid: lookup.matches.length > 1 ? lookup.several : lookup.notFound });
  }
  return {
    answer: (ref) => ('externalId' in ref ? answers.get(ref.externalId) : undefined) ?? { unknown: 'Not looked up.' },
    seen: () => undefined,
    walkedAll: false,
    anyUser,
  };
}

function oneOf(matches: PlatformUser[], what: string): RefAnswer {
  if (matches.length === 1) return { found: matches[0] };
  if (matches.length === 0) return { invalid: `No user with ${what} on this platform.` };
  return { invalid: `${matches.length} users match ${what}: ${matches.slice(0, 3).map((user) => user.id).join(', ')}${matches.length > 3 ? ', …' : ''}. Name the user by id instead.` };
}
