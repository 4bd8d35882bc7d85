import { PieceAuth, Property } from '@activepieces/pieces-framework';
import { checkConnection } from './common/connection-check';

const description = `
Connect with a platform API key. API keys exist in the Platform and Enterprise editions of Activepieces; any key acts as a platform admin.

**Base URL**: https://cloud.activepieces.com/api/v1 for Activepieces Cloud, or https://your-host/api/v1 for a self-hosted instance (https://your-host and https://your-host/api work too).
`;

export const activepiecesPlatformAuth = PieceAuth.CustomAuth({
  description,
  required: true,
  props: {
    baseApiUrl: Property.ShortText({
      displayName: 'Base URL',
      description: 'The address of your Activepieces API, e.g. https://cloud.activepieces.com/api/v1',
      required: true,
      defaultValue: 'https://cloud.activepieces.com/api/v1',
    }),
    apiKey: PieceAuth.SecretText({
      displayName: 'API Key',
      description: 'A platform API key; it starts with sk-.',
      required: true,
    }),
  },
  validate: async ({ auth }) => checkConnection(auth),
});
