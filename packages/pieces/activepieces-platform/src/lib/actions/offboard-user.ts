import { createAction } from '@activepieces/pieces-framework';
import { activepiecesPlatformAuth } from '../auth';

// Placeholder registered by the lead so index.ts stays stable while the action is written.
export const offboardUserAction = createAction({
  auth: activepiecesPlatformAuth,
  name: 'offboard_user',
  displayName: 'Offboard User',
  description: 'Offboard User.',
  props: {},
  async run() {
    throw new Error('offboard_user is not written yet.');
  },
});
