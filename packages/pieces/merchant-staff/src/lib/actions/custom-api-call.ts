import { createCustomApiCallAction } from '@user-admin-pieces/common';
import { merchantStaffAuth } from '../auth';
import { merchantStaffClient, toConnection } from '../common/client';

export const customApiCallAction = createCustomApiCallAction({
  auth: merchantStaffAuth,
  client: merchantStaffClient,
  connection: (auth) => toConnection(auth.props),
  urlHint: 'Relative to the base URL, e.g. /api/Users.',
});
