import type { Sandbox } from '@user-admin-pieces/sandbox';
import { RunnerError } from './built-pieces';

/** The connection (auth props) each piece uses to reach the embedded sandbox. */
export const SANDBOX_CONNECTIONS: Record<string, (sandbox: Sandbox) => Record<string, string>> = {
  'activepieces-platform': (sandbox) => ({
    baseApiUrl: `${sandbox.activepieces.baseUrl}/v1`,
    apiKey: sandbox.activepieces.apiKey,
  }),
  'merchant-staff': (sandbox) => ({
    baseUrl: sandbox.merchant.baseUrl,
    apiToken: sandbox.merchant.token,
  }),
};

export function sandboxConnection(pieceName: string, sandbox: Sandbox): Record<string, string> {
  const connection = SANDBOX_CONNECTIONS[pieceName];
  if (connection === undefined) {
    throw new RunnerError(`The sandbox has no fake API for piece "${pieceName}"; give a connection (--auth-file or AP_AUTH) to run it against a real account.`);
  }
  return connection(sandbox);
}
