import { createAction, Property } from '@activepieces/pieces-framework';
import { ApiError, Connection } from '@user-admin-pieces/common';
import { merchantStaffAuth } from '../auth';
import { toConnection, USER_NOT_FOUND } from '../common/client';
import { isComplete, listNames, mergeProfile, missingFields, parseChanges, parseUserId, PROFILE_FIELDS } from '../common/profile';
import { roleDropdown, statusDropdown, userIdDropdown } from '../common/props';
import { ProfileChanges, UserProfile } from '../common/types';
import { getUser, replaceUser } from '../common/users';

const KEEP = 'Leave empty to keep the current value.';

export const updateUserAction = createAction({
  auth: merchantStaffAuth,
  name: 'update_user',
  displayName: 'Update User',
  description:
    'Change a staff user\'s name, email, role or status. Fields left empty keep their current values; set Status to Inactive to revoke access.',
  props: {
    userId: userIdDropdown(true),
    firstName: Property.ShortText({ displayName: PROFILE_FIELDS.firstName.displayName, description: `1 to 100 characters. ${KEEP}`, required: false }),
    lastName: Property.ShortText({ displayName: PROFILE_FIELDS.lastName.displayName, description: `1 to 100 characters. ${KEEP}`, required: false }),
    email: Property.ShortText({ displayName: PROFILE_FIELDS.email.displayName, description: `At most 256 characters. ${KEEP}`, required: false }),
    role: roleDropdown(false),
    status: statusDropdown(false),
  },
  audience: 'both',
  aiMetadata: {
    description:
      'Updates one merchant staff user by id (a GUID): firstName, lastName, email, role (Owner, Admin, Staff or Viewer) and/or status (ACTIVE, or INACTIVE to revoke access). Fields left empty keep their current values. Returns the updated user.',
    idempotent: true,
  },
  async run(ctx) {
    // Everything the flow sent is checked before the first request.
    const id = parseUserId(ctx.propsValue.userId);
    const changes = parseChanges(ctx.propsValue);
    const connection = toConnection(ctx.auth.props);

    if (isComplete(changes)) {
      return replaceUser(connection, { id, ...changes });
    }
    const { profile, etag } = await readAndMerge(connection, id, changes);
    return replaceUser(connection, { id, ...profile }, etag);
  },
});

/**
 * The PUT replaces the whole profile, so the fields the flow left empty come from the user as
 * it is now. A strong ETag goes back as If-Match, so a change made in between is not overwritten;
 * with a weak one or none, nothing guards that window (see `strongEtag`).
 */
async function readAndMerge(
  connection: Connection,
  id: string,
  changes: ProfileChanges,
): Promise<{ profile: UserProfile; etag?: string }> {
  const current = await getUser(connection, id).catch((error: unknown) => {
    throw cannotRead(error, changes);
  });
  return { profile: mergeProfile(current.user, changes), etag: current.etag };
}

/**
 * A missing user (the API's own 404) or a refused token (401/403) is said as is: filling in more
 * fields would not help. Any other failure to read, a bare 404 included (it may be a deployment
 * that hides the read), names the fields that would make the read unnecessary.
 */
function cannotRead(error: unknown, changes: ProfileChanges): unknown {
  if (!(error instanceof ApiError) || error.code === USER_NOT_FOUND || [401, 403].includes(error.status ?? 0)) return error;
  const fill = `fill in ${listNames(missingFields(changes), 'and')} to send a full update that does not read the user first.`;
  const reason =
    error.status === 405 || error.status === 501
      ? `This deployment does not let the piece read a user (GET answered ${error.status}), so it cannot keep the fields left empty`
      : `Could not read the user to keep the fields left empty: ${error.summary.replace(/\.$/, '')}`;
  return new ApiError({
    kind: error.kind,
    status: error.status,
    code: error.code,
    requestId: error.requestId,
    message: `${reason}. To update anyway, ${fill}`,
    retryable: false,
  });
}
