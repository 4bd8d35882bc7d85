import { Property } from '@activepieces/pieces-framework';
import { InputError, isBlank, optionalText } from '@user-admin-pieces/common';
import { parseExternalId } from './external-id';
import { userDropdown } from './props';
import { parseUserId } from './update-user-body';
import { UserRef } from './user-list';

const ONE_OF = 'Give one of User, Email or External ID.';

/** The user an offboarding or a deletion is about, as HR knows them: picked, by email, or by HR id. */
export const userRefProps = {
  userId: userDropdown({ required: false }),
  email: Property.ShortText({
    displayName: 'Email',
    description: `The user's email, matched without regard to case. ${ONE_OF}`,
    required: false,
  }),
  externalId: Property.ShortText({
    displayName: 'External ID',
    description: `The user's id in your HR system, matched exactly. ${ONE_OF}`,
    required: false,
  }),
};

export interface UserRefProps {
  userId?: unknown;
  email?: unknown;
  externalId?: unknown;
}

/** Exactly one of the three, each checked as Update User and Find User check it, before any request. */
export function parseUserRef(props: UserRefProps): UserRef {
  const email = optionalText(props.email, 'email');
  const externalId = parseExternalId(props.externalId);
  const given = [!isBlank(props.userId), email !== undefined, externalId !== undefined];
  if (given.filter(Boolean).length !== 1) throw new InputError('userId, email, externalId', 'Give exactly one of userId, email or externalId.');
  if (email !== undefined) return { email };
  if (externalId !== undefined) return { externalId };
  return { id: parseUserId(props.userId) };
}

/** How a sentence names the reference before the user is found: "email grace@example.com". */
export function describeRef(ref: UserRef): string {
  if ('email' in ref) return `email ${ref.email}`;
  if ('externalId' in ref) return `external id "${ref.externalId}"`;
  return `id ${ref.id}`;
}
