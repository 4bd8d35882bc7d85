import { createAction, Property } from '@activepieces/pieces-framework';
import { Connection, InputError, optionalText } from '@user-admin-pieces/common';
import { merchantStaffAuth } from '../auth';
import { connectionOf } from '../common/client';
import { parseEmail } from '../common/update-user-body';
import { emailKey, findStaffUsersByEmail, hasName, ListedStaffUser, listIds, notReadToTheEnd, scanStaffUsers } from '../common/user-list';

/** First and last name of at most 100 characters each, and the space between. */
const NAME_MAX_LENGTH = 201;

export const findUserAction = createAction({
  auth: merchantStaffAuth,
  name: 'find_user',
  displayName: 'Find User',
  description:
    'Find a staff user by email or by name, e.g. to get the id an HR record refers to. Reads the whole user list; fails when several users match.',
  props: {
    email: Property.ShortText({
      displayName: 'Email',
      description: 'Matched without regard to case. Give either this or Name.',
      required: false,
    }),
    name: Property.ShortText({
      displayName: 'Name',
      description:
        'A first name, last name or full name, matched whole (not a part of it) without regard to case or extra spaces. Give either this or Email.',
      required: false,
    }),
    failIfNotFound: Property.Checkbox({
      displayName: 'Fail if not found',
      description:
        'When off, the step succeeds and returns null if no user matches. A search that could not read the whole user list fails either way.',
      required: false,
      defaultValue: true,
    }),
  },
  audience: 'both',
  aiMetadata: {
    description:
      'Looks up one merchant staff user by email (case-insensitive) or by name (first, last or full name, whole, case-insensitive), reading the whole user list (GET /api/Users). Returns the user, including its id. Fails when several users match (naming their ids), when a name matches one user but the list could not be read to the end (a namesake may be unread), and when no user matches unless failIfNotFound is false (then it returns null, but only when the whole list was read). Reads only.',
    idempotent: true,
  },
  async run({ auth, propsValue }) {
    const email = parseEmail(propsValue.email);
    const name = parseName(propsValue.name);
    if ((email === undefined) === (name === undefined)) throw new InputError('email, name', 'Give exactly one of Email or Name.');
    const connection = connectionOf(auth.props);
    const lookup = email !== undefined ? await findByEmail(connection, email) : await findByName(connection, name ?? '');

    const { matches, field, what } = lookup;
    const cut = lookup.complete ? '' : ` among the ${lookup.scanned.toLocaleString('en-US')} users read (the list was not read to the end, so there may be more)`;
    if (matches.length > 1) {
      throw new InputError(field, `${matches.length} staff users match ${what}${cut}: ${listIds(matches)}. Find User returns one user; ${lookup.fix}`);
    }
    // A name is no key: one match in part of the list may have a namesake further on. An email is
    // (the API refuses a second user with an address in any case), so its one match stands.
    if (matches.length === 1 && !lookup.complete && field === 'name') {
      throw new InputError(
        field,
        `Only ${matches[0].id} matches ${what} among the ${lookup.scanned.toLocaleString('en-US')} users read, but the list was not read to the end (${lookup.cut}), so another user may have that name too. Find User returns a user only when it is the only match: run the step again, or ${lookup.fix}`,
      );
    }
    if (matches.length === 1) return matches[0];
    // Null tells the flow "no such user" (e.g. already gone), so it needs the whole list read; an
    // unset checkbox arrives as undefined, and the default is to fail.
    if (lookup.complete && propsValue.failIfNotFound === false) return null;
    throw new InputError(field, lookup.complete ? `No staff user matches ${what}.` : `No staff user matches ${what} ${notReadToTheEnd(lookup)}.`);
  },
});

function parseName(raw: unknown): string | undefined {
  const name = optionalText(raw, 'name', { label: 'Name' });
  if (name !== undefined && name.length > NAME_MAX_LENGTH) {
    throw new InputError('name', `Name is ${name.length} characters long; a staff user's full name has at most ${NAME_MAX_LENGTH}.`);
  }
  return name;
}

interface Lookup {
  /** Every user that matches; more than one is an error, never a guess. */
  matches: ListedStaffUser[];
  complete: boolean;
  cut?: string;
  scanned: number;
  field: string;
  /** "email x (without regard to case)": what was looked for, for the sentences. */
  what: string;
  /** What to do about several matches. */
  fix: string;
}

async function findByEmail(connection: Connection, email: string): Promise<Lookup> {
  const found = await findStaffUsersByEmail(connection, [email]);
  return {
    ...found,
    matches: found.byEmail.get(emailKey(email)) ?? [],
    field: 'email',
    what: `email ${email} (without regard to case)`,
    fix: 'update the user by id instead.',
  };
}

async function findByName(connection: Connection, name: string): Promise<Lookup> {
  const scan = await scanStaffUsers(connection, (user) => hasName(user, name));
  return { ...scan, field: 'name', what: `name "${name}"`, fix: 'look the user up by email instead.' };
}
