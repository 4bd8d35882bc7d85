import { createAction, Property } from '@activepieces/pieces-framework';
import { AuditTrail, isPreview, previewOnlyProp, userStatusDropdown } from '@user-admin-pieces/common';
import { merchantStaffAuth } from '../auth';
import { connectionOf } from '../common/client';
import { roleDropdown, userDropdown } from '../common/props';
import { updateStaffUser, withChange } from '../common/update-one-user';
import { parseChanges, parseUserRef, PROFILE_FIELDS } from '../common/update-user-body';
import { OnPage, resolveStaffUserId } from '../common/user-list';

const KEEP = 'Leave empty to keep the current value.';

/** `change.audit.action`. */
export const UPDATE_USER_ACTION = 'merchant-staff/update_user';

export const updateUserAction = createAction({
  auth: merchantStaffAuth,
  name: 'update_user',
  displayName: 'Update User',
  description:
    "Change a staff user's name, email, role or status. Fields left empty keep their current values, and so do the fields this piece does not know; set Status to Inactive to revoke access. The output adds `change`: what changed (from → to), a one-line summary and an audit line. Turn on Preview only to see the change without making it. Safe to run again: a second run reports \"Nothing to change\" and sends no write.",
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
      'Updates one merchant staff user, given by id (a GUID) or by email (looked up case-insensitively in the user list; an email shared by several users is refused with their ids, and nothing is written when the user read no longer has that email): firstName, lastName, email, role (Owner, Admin, Staff or Viewer) and/or status (ACTIVE, or INACTIVE to revoke access). It always reads the user first and writes back every field it read, so fields left empty and fields it does not know (phone, notes, permissions) are kept. Returns the user plus `change`: applied, preview, fields (field, from, to, named as the API names them: firstName, lastName, email, role, isActive), summary and audit. With previewOnly true it only reads the user and reports exactly what a real run would change, refusing what a real run would refuse; nothing is written. A user who already holds the requested values is not written to (change.applied false, summary "Nothing to change: …"), so running it again is safe. Deactivating or demoting the last active Owner is refused.',
    idempotent: true,
  },
  async run(ctx) {
    // Everything the flow sent is checked before the first request.
    const ref = parseUserRef(ctx.propsValue.userId);
    const changes = parseChanges(ctx.propsValue);
    const preview = isPreview(ctx.propsValue.previewOnly);
    const connection = connectionOf(ctx.auth.props);

    // An email is looked up first; the audit line names the id it resolved to, and counts the lookup.
    const lookup: Parameters<OnPage>[0][] = [];
    const id = 'id' in ref ? ref.id : await resolveStaffUserId(connection, ref.email, { record: (outcome) => lookup.push(outcome) });
    const trail = new AuditTrail(UPDATE_USER_ACTION, id);
    for (const outcome of lookup) trail.record(outcome);

    const foundByEmail = 'email' in ref ? ref.email : undefined;
    const { user, change } = await updateStaffUser(connection, id, changes, { preview, trail, guardOwner: true, foundByEmail });
    return withChange(user, change);
  },
});
