import { createAction } from '@activepieces/pieces-framework';
import { merchantStaffAuth } from '../auth';

// Placeholder registered by the lead so index.ts stays stable while the action is written.
export const updateUsersAction = createAction({
  auth: merchantStaffAuth,
  name: 'update_users',
  displayName: 'Update Users (bulk)',
  description: 'Update Users (bulk).',
  props: {},
  async run() {
    throw new Error('update_users is not written yet.');
  },
});
