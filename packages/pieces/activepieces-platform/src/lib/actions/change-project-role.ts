import { createAction } from '@activepieces/pieces-framework';
import { activepiecesPlatformAuth } from '../auth';

// Placeholder registered by the lead so index.ts stays stable while the action is written.
export const changeProjectRoleAction = createAction({
  auth: activepiecesPlatformAuth,
  name: 'change_project_role',
  displayName: 'Change Project Role',
  description: 'Change Project Role.',
  props: {},
  async run() {
    throw new Error('change_project_role is not written yet.');
  },
});
