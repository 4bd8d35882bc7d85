import {
  ApiError,
  AuditTrail,
  ChangeReport,
  Connection,
  endSentence,
  FieldChange,
  InputError,
  isRecord,
  nonBlankText,
  reasonOf,
  redactValue,
  withoutFinalStop,
} from '@user-admin-pieces/common';
import { getUser, replaceUser, UserRead } from './client';
import { appliedSummary, nothingToChangeSummary, previewSummary, userDisplayName } from './change-report';
import { lastActiveOwner, ownerCheckFailed, ownerListNotServed, readNotServed, rephrased, USER_MISMATCH, USER_NOT_FOUND } from './errors';
import { ProfileChanges, UncheckedStaffUser } from './types';
import { buildUpdateUserBody, changedFields, fieldsNotHeld, listNames, mergeProfile } from './update-user-body';
import { emailKey, isActiveOwner, LIST_NOT_SERVED_STATUSES, scanForAnotherActiveOwner } from './user-list';

export interface UpdateStaffUserOptions {
  /** Read and report only; nothing is written. */
  preview: boolean;
  /** Collects the request ids and attempts of every request made for this user; `change.audit` is its `finish()`. */
  trail: AuditTrail;
  /**
   * Run the last-active-Owner guard for this user alone. A batch that runs its own guard over the
   * whole list (update_users) passes false.
   */
  guardOwner: boolean;
  /**
   * The email the id was looked up by, when the flow gave one: the user read must still have it.
   * Between the list and the read the user may have changed their email (and another user taken
   * it), and the flow asked to change the user with that email, not whoever held it a moment ago.
   */
  foundByEmail?: string;
}

/**
 * The whole update of one staff user, read-merge-write: `GET /api/Users/{id}` (checked: the right
 * user, a shape this piece knows), the flow's changes merged over every field read (the PUT
 * replaces the whole record, so nothing the piece does not know is lost), no PUT when the user
 * already holds every requested value, the owner guard, then the PUT guarded by the read's ETag.
 * `user` is what the step outputs: the PUT's answer, or the user as read (redacted) when nothing
 * was written.
 */
export async function updateStaffUser(
  connection: Connection,
  id: string,
  changes: ProfileChanges,
  options: UpdateStaffUserOptions,
): Promise<{ user: unknown; change: ChangeReport }> {
  const { preview, trail } = options;
  const report = (user: unknown, fields: FieldChange[], summary: string, applied: boolean) => ({
    user,
    change: { applied, preview, fields, summary, audit: trail.finish() },
  });

  const read = await readUser(connection, id, trail);
  if (options.foundByEmail !== undefined) checkStillHasEmail(id, options.foundByEmail, read);
  // The read may be written back as is, so it came raw; what reaches the output is redacted.
  const asRead = redactValue(read.user, read.response.redact);
  const name = userDisplayName(asRead, id);
  // Compared as read (exact), shown redacted: `from` comes from the raw read.
  const fields = redactValue(changedFields(read.user, changes), read.response.redact);
  if (fields.length === 0) return report(asRead, [], nothingToChangeSummary(changes), false);

  // Merged before the guard and the preview, so a profile the API could not take is refused in both.
  const body = redactedRefusals(read.response.redact, () => buildUpdateUserBody(id, mergeProfile(read.user, changes), read.user));
  if (options.guardOwner) await guardLastActiveOwner(connection, id, read.user, changes, name, trail);
  if (preview) return report(asRead, fields, previewSummary(fields, name), false);

  try {
    const response = await replaceUser(connection, body, read.etag);
    trail.record(response);
    return report(response.body, fields, appliedSummary(fields, name), true);
  } catch (error) {
    if (read.etag === undefined || !(error instanceof ApiError) || error.status !== 412) throw error;
    trail.record(error);
    const confirmed = await confirmAfterConflict(connection, id, changes, error, trail);
    return report(confirmed, fields, `${appliedSummary(fields, name)} (${CONFIRMED_AFTER_412})`, true);
  }
}

/** The user read must still have the email it was found by (see `foundByEmail`); nothing is written otherwise. */
function checkStillHasEmail(id: string, email: string, read: UserRead): void {
  const held = nonBlankText(read.user.email)?.trim();
  if (held !== undefined && emailKey(held) === emailKey(email)) return;
  const now = held === undefined ? 'they have no email' : `their email is ${held}`;
  throw new InputError(
    'userId',
    read.response.redact(
      `User ${id} was found by email ${email}, but read just now ${now}: the user changed after the user list was read. Nothing was written; run the step again to look the email up afresh.`,
    ),
  );
}

/** The output of update_user: the user as the API returned it, plus the one key `change`. */
export function withChange(user: unknown, change: ChangeReport): Record<string, unknown> {
  return { ...(isRecord(user) ? user : {}), change };
}

/**
 * `GET /api/Users/{id}`, checked (the right user, a shape this piece knows), taken raw because the
 * PUT may send it back. A failure to read is worded by `cannotRead`.
 */
async function readUser(connection: Connection, id: string, trail: AuditTrail): Promise<UserRead> {
  const read = await getUser(connection, id, true).catch((error: unknown) => {
    throw cannotRead(error);
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
    if (LIST_NOT_SERVED_STATUSES.includes(status)) throw rephrased(error, ownerListNotServed(name, status));
    throw rephrased(error, ownerCheckFailed(name, `reading the user list failed: ${withoutFinalStop(error.summary)}`));
  }
  if (scan === 'another-active-owner') return;
  if (scan === 'no-other-active-owner') throw new InputError(field, lastActiveOwner(name));
  throw new InputError(field, ownerCheckFailed(name, scan.cut, "deactivate or demote this Owner in the merchant's own admin instead"));
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
 * A missing user (the API's own 404) or a refused token (401/403) is said as is. A read that
 * answered with another user says nothing was written and where to look. Any other failure to
 * read, a bare 404 included (it may be a wrong base URL), says that nothing was written; a
 * deployment that does not serve the read learns why the piece does not write without it.
 */
function cannotRead(error: unknown): unknown {
  if (!(error instanceof ApiError) || error.code === USER_NOT_FOUND || [401, 403].includes(error.status ?? 0)) return error;
  if (error.code === USER_MISMATCH) {
    return rephrased(
      error,
      `${error.summary} Nothing was written. Check that the connection's base URL points at the staff-user API itself, not at a cache or proxy that answers for other users.`,
    );
  }
  if (error.status === 405 || error.status === 501) return rephrased(error, readNotServed(error.status));
  return rephrased(error, `Could not read the user, so nothing was written: ${endSentence(error.summary)}`);
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
