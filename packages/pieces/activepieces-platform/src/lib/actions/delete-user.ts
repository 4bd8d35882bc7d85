import { createAction } from '@activepieces/pieces-framework';
import { activepiecesPlatformAuth } from '../auth';

// Placeholder registered by the lead so index.ts stays stable while the action is written.
export const deleteUserAction = createAction({
  auth: activepiecesPlatformAuth,
  name: 'delete_user',
  displayName: 'Delete User',
  description: 'Delete User.',
  props: {},
  async run() {
    throw new Error('delete_user is not written yet.');
  },
});
