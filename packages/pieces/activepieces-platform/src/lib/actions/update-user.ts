import { createAction, Property } from '@activepieces/pieces-framework';
import { AuditTrail, Connection, InputError, isPreview, previewOnlyProp, userStatusDropdown } from '@user-admin-pieces/common';
import { activepiecesPlatformAuth } from '../auth';
import { appliedReport, previewReport, UPDATE_USER_AUDIT_ACTION } from '../common/change-report';
import { connectionOf, getPlatformOwnerId, updateUser } from '../common/client';
import { ownerCannotBeDeactivated } from '../common/errors';
import { platformRoleDropdown, userDropdown } from '../common/props';
import { EXTERNAL_ID_MAX_LENGTH } from '../common/external-id';
import { UpdateUserBody } from '../common/types';
import { buildUpdateUserBody, parseUserId } from '../common/update-user-body';
import { findUserById } from '../common/user-list';

export const updateUserAction = createAction({
  auth: activepiecesPlatformAuth,
  name: 'update_user',
  displayName: 'Update User',
  description:
    "Change a platform user's status, platform role or external id. Fields left empty stay as they are, and running the step again with the same values is safe. With Preview only, nothing is changed: the step reports what would change.",
  props: {
    userId: userDropdown({ required: true }),
    status: userStatusDropdown({
      required: false,
      description: 'Inactive users can no longer sign in. Leave empty to keep the current status.',
    }),
    platformRole: platformRoleDropdown({ required: false }),
    externalId: Property.ShortText({
      displayName: 'External ID',
      description: `Your own id for this user, e.g. from your HR system: at most ${EXTERNAL_ID_MAX_LENGTH} characters, without control or invisible characters. Leave empty to keep the current value.`,
      required: false,
    }),
    previewOnly: previewOnlyProp,
  },
  audience: 'both',
  aiMetadata: {
    description:
      'Updates one Activepieces platform user by id: status (ACTIVE or INACTIVE), platformRole (ADMIN, MEMBER or OPERATOR) and/or externalId. Only the fields given change. Returns the updated user plus `change` {applied, preview, fields [{field, from?, to}], summary, audit}. With previewOnly true it writes nothing: it reads the user (paging the user list for up to 120 s) and returns the user as read, with the fields that would change and the same refusals a real run would get. Re-running with the same values is safe: a field set to the value it has stays as it is.',
    idempotent: true,
  },
  async run({ auth, propsValue }) {
    // Everything is checked before the first request: a bad id or value never reaches the API.
    const userId = parseUserId(propsValue.userId);
    const body = buildUpdateUserBody(propsValue);
    const connection = connectionOf(auth.props);
    const trail = new AuditTrail(UPDATE_USER_AUDIT_ACTION, userId);
    if (isPreview(propsValue.previewOnly)) return preview(connection, userId, body, trail);
    // One round trip: reading the user first would mean paging the whole list.
    const user = await updateUser(connection, userId, body, trail);
    return { ...user, change: appliedReport(body, trail.finish()) };
  },
});

/** Reads only: the user from the list and, for a deactivation, the platform's owner. */
async function preview(connection: Connection, userId: string, body: UpdateUserBody, trail: AuditTrail) {
  const { user } = await findUserById(connection, userId, trail);
  // The server refuses to deactivate the owner whatever the current status; only the platform
  // says who the owner is (every admin has platformRole ADMIN).
  if (body.status === 'INACTIVE' && user.platformId) {
    const ownerId = await getPlatformOwnerId(connection, user.platformId, {}, trail);
    if (ownerId === user.id) throw new InputError('userId', ownerCannotBeDeactivated(true));
  }
  return { ...user, change: previewReport(user, body, trail.finish()) };
}
