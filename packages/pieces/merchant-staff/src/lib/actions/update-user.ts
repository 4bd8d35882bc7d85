import { createAction, Property } from '@activepieces/pieces-framework';
import {
  ApiError,
  AuditTrail,
  ChangeReport,
  Connection,
  FieldChange,
  InputError,
  isPreview,
  isRecord,
  previewOnlyProp,
  reasonOf,
  redactValue,
  unreadFields,
  userStatusDropdown,
  withoutFinalStop,
} from '@user-admin-pieces/common';
import { merchantStaffAuth } from '../auth';
import { connectionOf, getUser, replaceUser, UserRead } from '../common/client';
import { appliedSummary, nothingToChangeSummary, previewSummary, sentUnreadSummary, userDisplayName } from '../common/change-report';
import { lastActiveOwner, ownerCheckFailed, ownerListNotServed, USER_MISMATCH, USER_NOT_FOUND } from '../common/errors';
import { roleDropdown, userDropdown } from '../common/props';
import { ProfileChanges, UncheckedStaffUser } from '../common/types';
import {
  buildUpdateUserBody,
  changedFields,
  fieldsNotHeld,
  isComplete,
  listNames,
  mergeProfile,
  missingFields,
  parseChanges,
  parseUserId,
  PROFILE_FIELDS,
} from '../common/update-user-body';
import { isActiveOwner, OWNER_SCAN_MAX_PAGES, scanForAnotherActiveOwner, USER_PAGE_SIZE } from '../common/user-list';

const KEEP = 'Leave empty to keep the current value.';

/** `change.audit.action`. */
export const UPDATE_USER_ACTION = 'merchant-staff/update_user';

export const updateUserAction = createAction({
  auth: merchantStaffAuth,
  name: 'update_user',
  displayName: 'Update User',
  description:
    "Change a staff user's name, email, role or status. Fields left empty keep their current values; set Status to Inactive to revoke access. The output adds `change`: what changed (from → to), a one-line summary and an audit line. Turn on Preview only to see the change without making it. Safe to run again: a second run reports \"Nothing to change\" and sends no write.",
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
    previewOnly: previewOnlyProp,
  },
  audience: 'both',
  aiMetadata: {
    description:
      'Updates one merchant staff user by id (a GUID): firstName, lastName, email, role (Owner, Admin, Staff or Viewer) and/or status (ACTIVE, or INACTIVE to revoke access). Fields left empty keep their current values. Returns the user plus `change`: applied, preview, fields (field, from, to, named as the API names them: firstName, lastName, email, role, isActive), summary and audit. With previewOnly true it only reads the user and reports exactly what a real run would change, refusing what a real run would refuse; nothing is written. A user who already holds the requested values is not written to (change.applied false, summary "Nothing to change: …"), so running it again is safe. Deactivating or demoting the last active Owner is refused wherever the user is read first (a preview, or an update with at least one field left empty; an update of all five fields writes without reading and does not check).',
    idempotent: true,
  },
  async run(ctx) {
    // Everything the flow sent is checked before the first request.
    const id = parseUserId(ctx.propsValue.userId);
    const changes = parseChanges(ctx.propsValue);
    const preview = isPreview(ctx.propsValue.previewOnly);
    const connection = connectionOf(ctx.auth.props);
    const trail = new AuditTrail(UPDATE_USER_ACTION, id);
    const report = (fields: FieldChange[], summary: string, applied: boolean): ChangeReport => ({
      applied,
      preview,
      fields,
      summary,
      audit: trail.finish(),
    });

    // Every field given and no preview: one PUT, no read. The current values are not known, so the
    // fields are what was sent (no `from`), and the owner guard cannot run (see the README).
    if (isComplete(changes) && !preview) {
      const body = buildUpdateUserBody(id, changes);
      const response = await replaceUser(connection, body);
      trail.record(response);
      const name = userDisplayName(isRecord(response.body) ? response.body : body, id);
      return withChange(response.body, report(unreadFields({ ...changes }), sentUnreadSummary(name), true));
    }

    const read = await readUser(connection, id, changes, trail);
    // The read may be written back as is, so it came raw; what reaches the output is redacted.
    const asRead = redactValue(read.user, read.response.redact);
    const name = userDisplayName(asRead, id);
    // Compared as read (exact), shown redacted: `from` comes from the raw read.
    const fields = redactValue(changedFields(read.user, changes), read.response.redact);
    if (fields.length === 0) return withChange(asRead, report([], nothingToChangeSummary(changes), false));

    // Merged before the guard and the preview, so a profile the API could not take is refused in both.
    const body = redactedRefusals(read.response.redact, () =>
      isComplete(changes) ? buildUpdateUserBody(id, changes) : buildUpdateUserBody(id, mergeProfile(read.user, changes), read.user),
    );
    await guardLastActiveOwner(connection, id, read.user, changes, name, trail);
    if (preview) return withChange(asRead, report(fields, previewSummary(fields, name), false));

    let written: unknown;
    let summary = appliedSummary(fields, name);
    try {
      const response = await replaceUser(connection, body, read.etag);
      trail.record(response);
      written = response.body;
    } catch (error) {
      if (read.etag === undefined || !(error instanceof ApiError) || error.status !== 412) throw error;
      trail.record(error);
      written = await confirmAfterConflict(connection, id, changes, error, trail);
      summary = `${summary} (${CONFIRMED_AFTER_412})`;
    }
    return withChange(written, report(fields, summary, true));
  },
});

/** The output: the user as the API returned it, plus the one key `change`. */
function withChange(user: unknown, change: ChangeReport): Record<string, unknown> {
  return { ...(isRecord(user) ? user : {}), change };
}

/**
 * `GET /api/Users/{id}`, checked (the right user, a shape this piece knows), taken raw because the
 * PUT may send it back. A failure to read is worded by `cannotRead`.
 */
async function readUser(connection: Connection, id: string, changes: ProfileChanges, trail: AuditTrail): Promise<UserRead> {
  const read = await getUser(connection, id, true).catch((error: unknown) => {
    throw cannotRead(error, changes);
  });
  trail.record(read.response);
  return read;
}

/**
 * The owner guard: deactivating or demoting a user who is, as read, an active Owner needs another
 * active Owner to remain, or the merchant is locked out. Only then is the user list read, so the
 * common paths keep their round trips. Where the list cannot be read, the change is refused.
 */
async function guardLastActiveOwner(
  connection: Connection,
  id: string,
  current: UncheckedStaffUser,
  changes: ProfileChanges,
  name: string,
  trail: AuditTrail,
): Promise<void> {
  const demotes = changes.role !== undefined && changes.role !== 'Owner';
  const deactivates = changes.isActive === false;
  if (!isActiveOwner(current) || !(demotes || deactivates)) return;
  const field = [demotes ? 'role' : undefined, deactivates ? 'status' : undefined].filter(Boolean).join(', ');

  let scan;
  try {
    scan = await scanForAnotherActiveOwner(connection, id, (response) => trail.record(response));
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    const status = error.status ?? 0;
    if ([404, 405, 501].includes(status)) throw rephrased(error, ownerListNotServed(name, status));
    throw rephrased(error, ownerCheckFailed(name, `reading the user list failed: ${withoutFinalStop(error.summary)}`));
  }
  if (scan === 'another-active-owner') return;
  if (scan === 'no-other-active-owner') throw new InputError(field, lastActiveOwner(name));
  const why =
    scan === 'unreadable'
      ? 'the user list came back in a shape this piece does not know'
      : `the first ${OWNER_SCAN_MAX_PAGES * USER_PAGE_SIZE} users of the list hold no other active Owner, and the piece reads no further`;
  throw new InputError(field, ownerCheckFailed(name, why, "deactivate or demote this Owner in the merchant's own admin instead"));
}

/** Added to `change.summary` when the write was confirmed by a fresh read after a 412 (see the README). */
export const CONFIRMED_AFTER_412 =
  'the write was refused with 412 because the user had changed since this step read it, most likely by an earlier attempt of this same write that got no answer; read again, the user holds the requested values, so nothing more was sent';

/**
 * A 412 on the guarded PUT. The shared client retries a PUT that got a 5xx or no answer, with the
 * same If-Match; if that first attempt was applied, the retry meets a newer version and gets 412
 * although the update is done. A 412 alone cannot tell that from someone else's change, so the
 * user is read again: holding every requested value means done (the summary says so); otherwise
 * the step fails and says the earlier attempt may have been applied.
 */
async function confirmAfterConflict(
  connection: Connection,
  id: string,
  changes: ProfileChanges,
  conflict: ApiError,
  trail: AuditTrail,
): Promise<UncheckedStaffUser> {
  const changedSince = `The user changed since this step read it (412)${conflict.providerMessage ? `: ${withoutFinalStop(conflict.providerMessage)}` : ''}`;
  const mayHaveApplied =
    'If this write was sent more than once (after a server error or a dropped connection), the first attempt may have been applied; check the user, then run the step again to apply the changes to the latest version.';
  const fail = (why: string) => rephrased(conflict, `${changedSince}, and ${why}. ${mayHaveApplied}`);

  let current: UncheckedStaffUser;
  try {
    const read = await getUser(connection, id);
    trail.record(read.response);
    current = read.user;
  } catch (error) {
    throw fail(`reading it again to check failed: ${withoutFinalStop(reasonOf(error))}`);
  }
  const notHeld = fieldsNotHeld(current, changes);
  if (notHeld.length > 0) throw fail(`read again it does not hold the requested ${listNames(notHeld, 'and')}`);
  return current;
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

/** A refusal built from the raw read (e.g. quoting the stored role) passes the read's redactor before it is shown. */
function redactedRefusals<T>(redact: (text: string) => string, build: () => T): T {
  try {
    return build();
  } catch (error) {
    if (error instanceof InputError) throw new InputError(error.field, redact(error.message));
    throw error;
  }
}
