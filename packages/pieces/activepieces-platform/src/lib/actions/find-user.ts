import { createAction, Property } from '@activepieces/pieces-framework';
import { Connection, InputError, optionalText } from '@user-admin-pieces/common';
import { activepiecesPlatformAuth } from '../auth';
import { connectionOf, listUsersPage, MAX_USER_PAGES, scanUsers, USER_PAGE_SIZE } from '../common/client';
import { PlatformUser } from '../common/types';

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
    const externalId = optionalText(propsValue.externalId, 'externalId', { wholeNumbers: true });
    if ((email === undefined) === (externalId === undefined)) {
      throw new InputError('email, externalId', 'Give exactly one of email or externalId.');
    }
    const connection = connectionOf(auth.props);
    const lookup =
      externalId !== undefined
        ? await findByExternalId(connection, externalId)
        : await findByEmail(connection, email ?? '');
    if (lookup.user) return lookup.user;
    // Null tells the flow "no such user" (e.g. already gone), so it needs a search of every user;
    // an unset checkbox arrives as undefined, and the default is to fail.
    if (lookup.searchedAll && propsValue.failIfNotFound === false) return null;
    throw new InputError(lookup.field, lookup.notFound);
  },
});

interface Lookup {
  user?: PlatformUser;
  /** False when the user may exist beyond what was searched: then not finding them is an error. */
  searchedAll: boolean;
  field: string;
  notFound: string;
}

async function findByExternalId(connection: Connection, externalId: string): Promise<Lookup> {
  const page = await listUsersPage(connection, { limit: USER_PAGE_SIZE, externalId });
  // The filter is the API's; checking again guards against a server that ignores it. Such a
  // server also sends a next page (external ids are unique), and then nothing can be concluded.
  const user = page.data.find((candidate) => candidate.externalId === externalId);
  const searchedAll = !page.next;
  const notFound = searchedAll
    ? `No user with external id "${externalId}" on this platform.`
    : `Activepieces ignored the external id filter (it answered with other users), so "${externalId}" cannot be looked up this way. Look the user up by email instead.`;
  return { user, searchedAll, field: 'externalId', notFound };
}

async function findByEmail(connection: Connection, email: string): Promise<Lookup> {
  const wanted = email.toLowerCase();
  const scan = await scanUsers(connection, (user) => user.email.toLowerCase() === wanted, { firstOnly: true });
  const notFound = scan.complete
    ? `No user with email ${email} on this platform.`
    : `No user with email ${email} among the ${MAX_USER_PAGES * USER_PAGE_SIZE} newest users; older users cannot be searched by email, so the user may still exist. Look them up by External ID instead.`;
  return { user: scan.matches[0], searchedAll: scan.complete, field: 'email', notFound };
}
