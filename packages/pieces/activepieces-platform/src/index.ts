import { createPiece } from '@activepieces/pieces-framework';
import { PieceCategory } from '@activepieces/shared';
import { customApiCallAction } from './lib/actions/custom-api-call';
import { findUserAction } from './lib/actions/find-user';
import { updateUserAction } from './lib/actions/update-user';
import { activepiecesPlatformAuth } from './lib/auth';

export const activepiecesPlatform = createPiece({
  displayName: 'Activepieces Platform',
  description: 'Manage the users of your Activepieces platform: deactivate them, change their platform role or set their external id.',
  logoUrl: 'https://cdn.activepieces.com/pieces/activepieces.png',
  authors: ['user-admin-pieces'],
  categories: [PieceCategory.DEVELOPER_TOOLS, PieceCategory.HUMAN_RESOURCES],
  minimumSupportedRelease: '0.82.0',
  auth: activepiecesPlatformAuth,
  actions: [updateUserAction, findUserAction, customApiCallAction],
  triggers: [],
});
