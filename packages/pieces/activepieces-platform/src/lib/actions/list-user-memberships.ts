import { createAction } from '@activepieces/pieces-framework';
import { activepiecesPlatformAuth } from '../auth';

// Placeholder registered by the lead so index.ts stays stable while the action is written.
export const listUserMembershipsAction = createAction({
  auth: activepiecesPlatformAuth,
  name: 'list_user_memberships',
  displayName: 'List User Memberships',
  description: 'List User Memberships.',
  props: {},
  async run() {
    throw new Error('list_user_memberships is not written yet.');
  },
});
