import { createAction, Property } from '@activepieces/pieces-framework';
import { Connection, InputError, optionalText } from '@user-admin-pieces/common';
import { activepiecesPlatformAuth } from '../auth';
import { connectionOf, listUsersPage } from '../common/client';
import { MAX_USER_PAGES, scanUsers, USER_PAGE_SIZE } from '../common/user-list';
import { PlatformUser } from '../common/types';
import { parseExternalId } from '../common/external-id';

export const findUserAction = createAction({
  auth: activepiecesPlatformAuth,
  name: 'find_user',
  displayName: 'Find User',
  description: 'Find a platform user by email or by external id, e.g. to get the id an HR record refers to.',
  props: {
    email: Property.ShortText({
      displayName: 'Email',
      description: 'Matched without regard to case. Give either this or External ID.',
      required: false,
    }),
    externalId: Property.ShortText({
      displayName: 'External ID',
      description: 'Matched exactly. Give either this or Email.',
      required: false,
    }),
    failIfNotFound: Property.Checkbox({
      displayName: 'Fail if not found',
      description:
        'When off, the step succeeds and returns null if no user matches. A search that could not reach every user fails either way.',
      required: false,
      defaultValue: true,
    }),
  },
  audience: 'both',
  aiMetadata: {
    description:
      'Looks up one Activepieces platform user by email (case-insensitive) or by externalId (exact). Returns the user, including its id.',
    idempotent: true,
  },
  async run({ auth, propsValue }) {
    const email = optionalText(propsValue.email, 'email');
    const externalId = parseExternalId(propsValue.externalId);
    if ((email === undefined) === (externalId === undefined)) {
      throw new InputError('email, externalId', 'Give exactly one of email or externalId.');
    }
    const connection = connectionOf(auth.props);
    const lookup =
      externalId !== undefined
        ? await findByExternalId(connection, externalId)
        : await findByEmail(connection, email ?? '');
    if (lookup.matches.length > 1) throw new InputError(lookup.field, lookup.several);
    const [user] = lookup.matches;
    if (user) return user;
    // Null tells the flow "no such user" (e.g. already gone), so it needs a search of every user;
    // an unset checkbox arrives as undefined, and the default is to fail.
    if (lookup.searchedAll && propsValue.failIfNotFound === false) return null;
    throw new InputError(lookup.field, lookup.notFound);
  },
});

interface Lookup {
  /** Every user found that matches; more than one is an error, never a guess. */
  matches: PlatformUser[];
  /** False when the user may exist beyond what was searched: then not finding them is an error. */
  searchedAll: boolean;
  field: string;
  notFound: string;
  /** The sentence for more than one match. */
  several: string;
}

/** Ids named in a "several users match" sentence; beyond that, a count. */
const LISTED_IDS = 10;

/** "2 users match email x: id1, id2." with how far the search went. */
function severalMatch(matches: PlatformUser[], what: string, cut: string, fix: string): string {
  const ids = matches.slice(0, LISTED_IDS).map((user) => user.id);
  const more = matches.length > LISTED_IDS ? ` and ${matches.length - LISTED_IDS} more` : '';
  return `${matches.length} users match ${what}${cut}: ${ids.join(', ')}${more}. Find User returns one user; ${fix}`;
}

async function findByExternalId(connection: Connection, externalId: string): Promise<Lookup> {
  const page = await listUsersPage(connection, { limit: USER_PAGE_SIZE, externalId });
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

/**
 * The API cannot search by email, so the newest MAX_USER_PAGES pages are read whole: stopping at the
 * first match would miss a second user with the same address in another case.
 */
async function findByEmail(connection: Connection, email: string): Promise<Lookup> {
  const wanted = email.toLowerCase();
  const scan = await scanUsers(connection, (user) => user.email.toLowerCase() === wanted);
  const newest = `the ${MAX_USER_PAGES * USER_PAGE_SIZE} newest users`;
  const notFound = scan.complete
    ? `No user with email ${email} on this platform.`
    : `No user with email ${email} among ${newest}; older users cannot be searched by email, so the user may still exist. Look them up by External ID instead.`;
  const several = severalMatch(
    scan.matches,
    `email ${email} (without regard to case)`,
    scan.complete ? '' : ` among ${newest} (older users were not searched, so there may be more)`,
    'look the user up by External ID instead.',
  );
  return { matches: scan.matches, searchedAll: scan.complete, field: 'email', notFound, several };
}
