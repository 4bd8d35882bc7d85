import { ConnectionCheck, INTERACTIVE_BUDGET_MS, interactiveCall, ranOutOfTime, reasonOf } from '@user-admin-pieces/common';
import { ActivepiecesPlatformAuthProps, connectionOf, listUsersPage } from './client';

export const CHECK_OUT_OF_TIME = `The connection check ran out of time: Activepieces did not answer within ${INTERACTIVE_BUDGET_MS / 1000} s. Check the base URL, then try again.`;

/**
 * Lists one user: the cheapest call that proves the URL, the edition and the key. The form waits
 * for it, so it makes one quick attempt within the interactive budget. Never throws: a failure is
 * said with the same sentences the actions give, a web page's first words included.
 */
export async function checkConnection(props: ActivepiecesPlatformAuthProps): Promise<ConnectionCheck> {
  const call = interactiveCall();
  try {
    await listUsersPage(connectionOf(props), { limit: 1 }, call);
    return { valid: true };
  } catch (error) {
    return { valid: false, error: ranOutOfTime(error, call.deadline) ? CHECK_OUT_OF_TIME : reasonOf(error, 'Could not check the connection') };
  }
}
