import { createAction } from '@activepieces/pieces-framework';
import { activepiecesPlatformAuth } from '../auth';

// Placeholder registered by the lead so index.ts stays stable while the action is written.
export const revokeInvitationAction = createAction({
  auth: activepiecesPlatformAuth,
  name: 'revoke_invitation',
  displayName: 'Revoke Invitation',
  description: 'Revoke Invitation.',
  props: {},
  async run() {
    throw new Error('revoke_invitation is not written yet.');
  },
});
