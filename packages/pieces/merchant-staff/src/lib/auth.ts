import { PieceAuth, Property } from '@activepieces/pieces-framework';
import { checkConnection } from './common/connection-check';

const description = `
Connect to your merchant deployment's staff-user API.

- **Base URL**: the address of your deployment, e.g. \`https://shop.example.com\` (a trailing \`/api\` or \`/api/Users\` is removed).
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
        'Your deployment\'s address, e.g. https://shop.example.com. It must use https://; plain http:// is accepted only for localhost, 127.x.x.x, [::1] and host.docker.internal, where the token does not cross a network.',
      required: true,
    }),
    apiToken: PieceAuth.SecretText({
      displayName: 'API token',
      description:
        'Sent as "Authorization: Bearer <token>", only to the base URL. The token\'s role must be allowed to manage staff users: the connection check only reads, so a token that may read but not manage (a Viewer\'s, for example) passes it, and then every update is refused with 403.',
      required: true,
    }),
  },
  validate: async ({ auth }) => checkConnection(auth),
});
