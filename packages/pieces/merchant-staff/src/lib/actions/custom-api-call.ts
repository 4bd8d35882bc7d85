import { createCustomApiCallAction } from '@user-admin-pieces/common';
import { merchantStaffAuth } from '../auth';
import { connectionOf, merchantStaffClient } from '../common/client';

export const customApiCallAction = createCustomApiCallAction({
  auth: merchantStaffAuth,
  client: merchantStaffClient,
  connection: (auth) => connectionOf(auth.props),
  urlHint: 'Relative to the base URL, e.g. /api/Users.',
});
