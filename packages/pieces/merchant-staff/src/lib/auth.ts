import { PieceAuth, Property } from '@activepieces/pieces-framework';
import { toConnection } from './common/client';
import { checkConnection } from './common/users';

const description = `
Connect to your merchant deployment's staff-user API.

- **Base URL**: the address of your deployment, e.g. \`https://shop.example.com\` (a trailing \`/api\` is removed).
- **API token**: a bearer token of a user whose role may manage staff users.
`.trim();

export const merchantStaffAuth = PieceAuth.CustomAuth({
  displayName: 'Connection',
  description,
  required: true,
  props: {
    baseUrl: Property.ShortText({
      displayName: 'Base URL',
      description:
        'Your deployment\'s address, e.g. https://shop.example.com. It must use https://; plain http:// is accepted only for localhost, 127.x.x.x and [::1], so the token never crosses a network unencrypted.',
      required: true,
    }),
    apiToken: PieceAuth.SecretText({
      displayName: 'API token',
      description: 'Sent as "Authorization: Bearer <token>", only to the base URL.',
      required: true,
    }),
  },
  validate: async ({ auth }) => checkConnection(toConnection(auth)),
});
