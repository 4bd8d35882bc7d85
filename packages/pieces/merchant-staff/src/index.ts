import { createPiece } from '@activepieces/pieces-framework';
import { customApiCallAction } from './lib/actions/custom-api-call';
import { findUserAction } from './lib/actions/find-user';
import { updateUsersAction } from './lib/actions/update-users';
import { updateUserAction } from './lib/actions/update-user';
import { merchantStaffAuth } from './lib/auth';

export const merchantStaff = createPiece({
  displayName: 'Merchant Staff',
  description: 'Manage a merchant\'s staff users: revoke access, change a role, or correct a name or email.',
  logoUrl: 'https://cdn.activepieces.com/pieces/store.png',
  authors: ['user-admin-pieces'],
  auth: merchantStaffAuth,
  minimumSupportedRelease: '0.82.0',
  actions: [updateUserAction, updateUsersAction, findUserAction, customApiCallAction],
  triggers: [],
});
