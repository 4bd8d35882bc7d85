import { InputError, isBlank, optionalText, parseEnum } from '@user-admin-pieces/common';
import { PLATFORM_ROLES, USER_STATUSES } from './enums';
import { parseExternalId } from './external-id';
import { UpdateUserBody } from './types';

/** The API's own pattern for user ids (`^[0-9a-zA-Z]{21}$`). */
const USER_ID_PATTERN = /^[0-9a-zA-Z]{21}$/;

/** What the update action's optional props hold: a prop left empty arrives as undefined, null or ''. */
export interface UpdateUserProps {
  status?: unknown;
  platformRole?: unknown;
  externalId?: unknown;
}

/**
 * The request body: exactly the fields that change. Blank means "leave unchanged" and is not
 * sent (the API rejects null and cannot clear a field anyway). Enum values mapped from another
 * step are accepted in any case and sent in canonical form; anything else, lists included, is
 * refused here.
 */
export function buildUpdateUserBody(props: UpdateUserProps): UpdateUserBody {
  const status = parseEnum(props.status, USER_STATUSES, 'status');
  const platformRole = parseEnum(props.platformRole, PLATFORM_ROLES, 'platformRole');
  const externalId = parseExternalId(props.externalId);
  const body: UpdateUserBody = {
    ...(status && { status }),
    ...(platformRole && { platformRole }),
    ...(externalId !== undefined && { externalId }),
  };
  if (Object.keys(body).length === 0) {
    // `{}` would be accepted, but it only bumps `updated`: almost certainly a mapping mistake.
    throw new InputError(
      'status, platformRole, externalId',
      'Nothing to update: set at least one of status, platformRole or externalId.',
    );
  }
  return body;
}

/** The user id from the dropdown or from an earlier step; refused before any request when malformed. */
export function parseUserId(raw: unknown): string {
  if (isBlank(raw)) {
    throw new InputError('userId', 'userId is required: pick a user, or map a user id from an earlier step.');
  }
  // Checked before any String(): 123456789012345678901 from a step arrives as
  // 123456789012345680000, which is 21 digits too and would name another user.
  if (typeof raw === 'number') {
    throw new InputError(
      'userId',
      'userId must be text, not a number: a 21-digit id loses digits as a number. Map the user id as text, e.g. the id Find User returns.',
    );
  }
  const id = optionalText(raw, 'userId') ?? '';
  if (!USER_ID_PATTERN.test(id)) {
    const got = id.length <= 40 ? `"${id}"` : `a value of ${id.length} characters`;
    throw new InputError('userId', `userId must be an Activepieces user id of 21 letters and digits (got ${got}).`);
  }
  return id;
}
