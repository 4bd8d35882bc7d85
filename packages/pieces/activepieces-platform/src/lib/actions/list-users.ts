import { createAction } from '@activepieces/pieces-framework';
import { activepiecesPlatformAuth } from '../auth';

// Placeholder registered by the lead so index.ts stays stable while the action is written.
export const listUsersAction = createAction({
  auth: activepiecesPlatformAuth,
  name: 'list_users',
  displayName: 'List Users',
  description: 'List Users.',
  props: {},
  async run() {
    throw new Error('list_users is not written yet.');
  },
});
