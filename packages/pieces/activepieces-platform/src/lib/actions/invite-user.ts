import { createAction } from '@activepieces/pieces-framework';
import { activepiecesPlatformAuth } from '../auth';

// Placeholder registered by the lead so index.ts stays stable while the action is written.
export const inviteUserAction = createAction({
  auth: activepiecesPlatformAuth,
  name: 'invite_user',
  displayName: 'Invite User',
  description: 'Invite User.',
  props: {},
  async run() {
    throw new Error('invite_user is not written yet.');
  },
});
