import { createPiece } from '@activepieces/pieces-framework';
import { PieceCategory } from '@activepieces/shared';
import { customApiCallAction } from './lib/actions/custom-api-call';
import { findUserAction } from './lib/actions/find-user';
import { updateUserAction } from './lib/actions/update-user';
import { updateUsersAction } from './lib/actions/update-users';
import { listUsersAction } from './lib/actions/list-users';
import { offboardUserAction } from './lib/actions/offboard-user';
import { deleteUserAction } from './lib/actions/delete-user';
import { inviteUserAction } from './lib/actions/invite-user';
import { listInvitationsAction } from './lib/actions/list-invitations';
import { revokeInvitationAction } from './lib/actions/revoke-invitation';
import { listUserMembershipsAction } from './lib/actions/list-user-memberships';
import { changeProjectRoleAction } from './lib/actions/change-project-role';
import { removeFromProjectAction } from './lib/actions/remove-from-project';
import { activepiecesPlatformAuth } from './lib/auth';

export const activepiecesPlatform = createPiece({
  displayName: 'Activepieces Platform',
  description: 'Manage the users of your Activepieces platform: deactivate them, change their platform role or set their external id.',
  logoUrl: 'https://cdn.activepieces.com/pieces/activepieces.png',
  authors: ['user-admin-pieces'],
  categories: [PieceCategory.DEVELOPER_TOOLS, PieceCategory.HUMAN_RESOURCES],
  minimumSupportedRelease: '0.82.0',
  auth: activepiecesPlatformAuth,
  actions: [
    updateUserAction,
    updateUsersAction,
    findUserAction,
    listUsersAction,
    offboardUserAction,
    deleteUserAction,
    inviteUserAction,
    listInvitationsAction,
    revokeInvitationAction,
    listUserMembershipsAction,
    changeProjectRoleAction,
    removeFromProjectAction,
    customApiCallAction,
  ],
  triggers: [],
});
