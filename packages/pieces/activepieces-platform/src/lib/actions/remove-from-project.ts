import { createAction } from '@activepieces/pieces-framework';
import { activepiecesPlatformAuth } from '../auth';

// Placeholder registered by the lead so index.ts stays stable while the action is written.
export const removeFromProjectAction = createAction({
  auth: activepiecesPlatformAuth,
  name: 'remove_from_project',
  displayName: 'Remove from Project',
  description: 'Remove from Project.',
  props: {},
  async run() {
    throw new Error('remove_from_project is not written yet.');
  },
});
