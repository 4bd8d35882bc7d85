import { createCustomApiCallAction } from '@user-admin-pieces/common';
import { activepiecesPlatformAuth } from '../auth';
import { connectionOf, customCallClient } from '../common/client';

export const customApiCallAction = createCustomApiCallAction({
  auth: activepiecesPlatformAuth,
  client: customCallClient,
  connection: (auth) => connectionOf(auth.props),
  urlHint: 'Relative to the base URL and starting with /v1, e.g. /v1/users?limit=10.',
});
