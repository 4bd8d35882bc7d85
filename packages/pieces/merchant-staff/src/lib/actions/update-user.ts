import { createAction, Property } from '@activepieces/pieces-framework';
import { ApiError, Connection, reasonOf, userStatusDropdown, withoutFinalStop } from '@user-admin-pieces/common';
import { merchantStaffAuth } from '../auth';
import { connectionOf, getUser, replaceUser } from '../common/client';
import { USER_MISMATCH, USER_NOT_FOUND } from '../common/errors';
import { roleDropdown, userDropdown } from '../common/props';
import { ProfileChanges, UncheckedStaffUser, UpdateUserBody } from '../common/types';
import {
  buildUpdateUserBody,
  fieldsNotHeld,
  isComplete,
  listNames,
  mergeProfile,
  missingFields,
  parseChanges,
  parseUserId,
  PROFILE_FIELDS,
} from '../common/update-user-body';

const KEEP = 'Leave empty to keep the current value.';

export const updateUserAction = createAction({
  auth: merchantStaffAuth,
  name: 'update_user',
  displayName: 'Update User',
  description:
    'Change a staff user\'s name, email, role or status. Fields left empty keep their current values; set Status to Inactive to revoke access.',
  props: {
    userId: userDropdown({ required: true }),
    firstName: Property.ShortText({ displayName: PROFILE_FIELDS.firstName.displayName, description: `1 to 100 characters. ${KEEP}`, required: false }),
    lastName: Property.ShortText({ displayName: PROFILE_FIELDS.lastName.displayName, description: `1 to 100 characters. ${KEEP}`, required: false }),
    email: Property.ShortText({ displayName: PROFILE_FIELDS.email.displayName, description: `At most 256 characters. ${KEEP}`, required: false }),
    role: roleDropdown({ required: false }),
    status: userStatusDropdown({
      required: false,
      description: "Inactive revokes the user's access; Active restores it. Leave empty to keep the current status.",
    }),
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
    const connection = connectionOf(ctx.auth.props);

    if (isComplete(changes)) {
      return replaceUser(connection, buildUpdateUserBody(id, changes));
    }
    const { body, etag } = await readAndMerge(connection, id, changes);
    try {
      return await replaceUser(connection, body, etag);
    } catch (error) {
      if (etag === undefined || !(error instanceof ApiError) || error.status !== 412) throw error;
      return confirmAfterConflict(connection, id, changes, error);
    }
  },
});

/**
 * The PUT replaces the whole record, so it carries the user as it is now: the fields the flow left
 * empty, and every field this piece does not know, except the read-only ones; the flow's changes
 * override, and `id` is the requested one. A strong ETag goes back as If-Match, so a change made in
 * between is not overwritten; with a weak one or none, nothing guards that window (see `strongEtag`).
 */
async function readAndMerge(
  connection: Connection,
  id: string,
  changes: ProfileChanges,
): Promise<{ body: UpdateUserBody; etag?: string }> {
  const current = await getUser(connection, id, true).catch((error: unknown) => {
    throw cannotRead(error, changes);
  });
  return { body: buildUpdateUserBody(id, mergeProfile(current.user, changes), current.user), etag: current.etag };
}

/** Added to the output when the write was confirmed by a fresh read after a 412 (see the README). */
export const CONFIRMED_AFTER_412 =
  'The write was refused with 412 because the user had changed since this step read it, most likely by an earlier attempt of this same write that got no answer; read again, the user holds the requested values, so nothing more was sent.';

/**
 * A 412 on the guarded PUT. The shared client retries a PUT that got a 5xx or no answer, with the
 * same If-Match; if that first attempt was applied, the retry meets a newer version and gets 412
 * although the update is done. A 412 alone cannot tell that from someone else's change, so the
 * user is read again: holding every requested value means done (the output says so); otherwise
 * the step fails and says the earlier attempt may have been applied.
 */
async function confirmAfterConflict(connection: Connection, id: string, changes: ProfileChanges, conflict: ApiError): Promise<unknown> {
  const changedSince = `The user changed since this step read it (412)${conflict.providerMessage ? `: ${withoutFinalStop(conflict.providerMessage)}` : ''}`;
  const mayHaveApplied =
    'If this write was sent more than once (after a server error or a dropped connection), the first attempt may have been applied; check the user, then run the step again to apply the changes to the latest version.';
  const fail = (why: string) => rephrased(conflict, `${changedSince}, and ${why}. ${mayHaveApplied}`);

  let current: UncheckedStaffUser;
  try {
    current = (await getUser(connection, id)).user;
  } catch (error) {
    throw fail(`reading it again to check failed: ${withoutFinalStop(reasonOf(error))}`);
  }
  const notHeld = fieldsNotHeld(current, changes);
  if (notHeld.length > 0) throw fail(`read again it does not hold the requested ${listNames(notHeld, 'and')}`);
  return { ...current, updateNote: CONFIRMED_AFTER_412 };
}

/**
 * A missing user (the API's own 404) or a refused token (401/403) is said as is: filling in more
 * fields would not help. A read that answered with another user says nothing was written and where
 * to look. Any other failure to read, a bare 404 included (it may be a deployment that hides the
 * read), names the fields that would make the read unnecessary.
 */
function cannotRead(error: unknown, changes: ProfileChanges): unknown {
  if (!(error instanceof ApiError) || error.code === USER_NOT_FOUND || [401, 403].includes(error.status ?? 0)) return error;
  if (error.code === USER_MISMATCH) {
    return rephrased(
      error,
      `${error.summary} Nothing was written. Check that the connection's base URL points at the staff-user API itself, not at a cache or proxy that answers for other users.`,
    );
  }
  const fill = `fill in ${listNames(missingFields(changes), 'and')} to send a full update that does not read the user first.`;
  const reason =
    error.status === 405 || error.status === 501
      ? `This deployment does not let the piece read a user (GET answered ${error.status}), so it cannot keep the fields left empty`
      : `Could not read the user to keep the fields left empty: ${withoutFinalStop(error.summary)}`;
  return rephrased(error, `${reason}. To update anyway, ${fill}`);
}

/** The same failure in our sentence; not worth retrying as it is. */
function rephrased(error: ApiError, message: string): ApiError {
  const { kind, status, code, providerMessage, requestId } = error;
  return new ApiError({ kind, status, code, providerMessage, requestId, message, retryable: false });
}
