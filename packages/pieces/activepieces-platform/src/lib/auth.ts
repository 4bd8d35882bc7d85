import { PieceAuth, Property } from '@activepieces/pieces-framework';
import { ApiError, InputError } from '@user-admin-pieces/common';
import { connectionOf, ConnectionProps, INTERACTIVE_BUDGET_MS, interactiveCall, listUsersPage, ranOutOfTime } from './common/client';

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

export const CHECK_OUT_OF_TIME = `The connection check ran out of time: Activepieces did not answer within ${INTERACTIVE_BUDGET_MS / 1000} s. Check the base URL, then try again.`;

/**
 * Lists one user: the cheapest call that proves the URL, the edition and the key. The form waits
 * for it, so it makes one quick attempt within the interactive budget. Never throws.
 */
export async function checkConnection(props: ConnectionProps): Promise<{ valid: true } | { valid: false; error: string }> {
  const call = interactiveCall();
  try {
    await listUsersPage(connectionOf(props), { limit: 1 }, call);
    return { valid: true };
  } catch (error) {
    return { valid: false, error: ranOutOfTime(error, call.deadline) ? CHECK_OUT_OF_TIME : connectionProblem(error) };
  }
}

function connectionProblem(error: unknown): string {
  // The same sentences the actions give, a web page's first words included.
  if (error instanceof ApiError || error instanceof InputError) return error.summary;
  // Anything else is a bug of ours; its message is not shown in case it holds request details.
  return `The connection could not be checked (${error instanceof Error ? error.name : 'unknown error'}).`;
}
