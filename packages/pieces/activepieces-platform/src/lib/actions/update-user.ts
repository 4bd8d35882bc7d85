import { createAction, Property } from '@activepieces/pieces-framework';
import { userStatusDropdown } from '@user-admin-pieces/common';
import { activepiecesPlatformAuth } from '../auth';
import { connectionOf, updateUser } from '../common/client';
import { platformRoleDropdown, userDropdown } from '../common/props';
import { EXTERNAL_ID_MAX_LENGTH } from '../common/external-id';
import { buildUpdateUserBody, parseUserId } from '../common/update-user-body';

export const updateUserAction = createAction({
  auth: activepiecesPlatformAuth,
  name: 'update_user',
  displayName: 'Update User',
  description: "Change a platform user's status, platform role or external id. Fields left empty stay as they are.",
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
  },
  audience: 'both',
  aiMetadata: {
    description:
      'Updates one Activepieces platform user by id: status (ACTIVE or INACTIVE), platformRole (ADMIN, MEMBER or OPERATOR) and/or externalId. Only the fields given change. Returns the updated user.',
    idempotent: true,
  },
  async run({ auth, propsValue }) {
    // Everything is checked before the first request: a bad id or value never reaches the API.
    const userId = parseUserId(propsValue.userId);
    const body = buildUpdateUserBody(propsValue);
    return updateUser(connectionOf(auth.props), userId, body);
  },
});
