import { createAction } from '@activepieces/pieces-framework';
import { activepiecesPlatformAuth } from '../auth';

// Placeholder registered by the lead so index.ts stays stable while the action is written.
export const listInvitationsAction = createAction({
  auth: activepiecesPlatformAuth,
  name: 'list_invitations',
  displayName: 'List Invitations',
  description: 'List Invitations.',
  props: {},
  async run() {
    throw new Error('list_invitations is not written yet.');
  },
});
