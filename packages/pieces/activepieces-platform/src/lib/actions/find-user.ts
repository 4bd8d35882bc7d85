import { createAction, Property } from '@activepieces/pieces-framework';
import { InputError, optionalText } from '@user-admin-pieces/common';
import { activepiecesPlatformAuth } from '../auth';
import { connectionOf } from '../common/client';
import { lookUpUser, userLookup } from '../common/user-list';
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
      `Looks up one Activepieces platform user by email (case-insensitive) or by externalId (exact). Returns the user, including its id. externalId uses the API filter (one request); email reads the whole user list (100 users a request) within ${userLookup.budgetMs / 1000} s, and fails, rather than answering not found, when that time ran out first.`,
    idempotent: true,
  },
  async run({ auth, propsValue }) {
    const email = optionalText(propsValue.email, 'email');
    const externalId = parseExternalId(propsValue.externalId);
    if ((email === undefined) === (externalId === undefined)) {
      throw new InputError('email, externalId', 'Give exactly one of email or externalId.');
    }
    const connection = connectionOf(auth.props);
    const lookup = await lookUpUser(connection, externalId !== undefined ? { externalId } : { email: email ?? '' });
    if (lookup.matches.length > 1) throw new InputError(lookup.field, lookup.several);
    const [user] = lookup.matches;
    if (user) return user;
    // Null tells the flow "no such user" (e.g. already gone), so it needs a search of every user;
    // an unset checkbox arrives as undefined, and the default is to fail.
    if (lookup.searchedAll && propsValue.failIfNotFound === false) return null;
    throw new InputError(lookup.field, lookup.notFound);
  },
});
