import { createAction } from '@activepieces/pieces-framework';
import { merchantStaffAuth } from '../auth';

// Placeholder registered by the lead so index.ts stays stable while the action is written.
export const findUserAction = createAction({
  auth: merchantStaffAuth,
  name: 'find_user',
  displayName: 'Find User',
  description: 'Find User.',
  props: {},
  async run() {
    throw new Error('find_user is not written yet.');
  },
});
