import {
  ApiError,
  Connection,
  ConnectionCheck,
  INTERACTIVE_BUDGET_MS,
  InteractiveCall,
  interactiveCall,
  PieceError,
  ranOutOfTime,
  reasonOf,
  withoutFinalStop,
} from '@user-admin-pieces/common';
import { connectionOf, MerchantStaffAuthProps, requestUser } from './client';
import { USER_NOT_FOUND } from './errors';

/** The empty GUID: a valid id that names no user, so reading it changes and reveals nothing. */
const NO_SUCH_USER_ID = '00000000-0000-0000-0000-000000000000';
/**
 * Sent by the second probe. Printable ASCII so the client sends it; no API can have issued it. No
 * 8 characters of it may be words of our messages: the client redacts every such piece of the
 * token it was sent with ("merchant-staff-…" once turned "Merchant staff API" into "[redacted] staff API").
 */
const MADE_UP_TOKEN = 'madeup-7Qz2Kv9Rw4nLbT8mYc3Hd6';

/** What one read got: the status when the server answered, and the error unless it was a 2xx with JSON. */
interface ProbeOutcome {
  status?: number;
  error?: PieceError;
}

export const CHECK_OUT_OF_TIME = `The connection check ran out of time: the Merchant staff API did not answer its two reads within ${INTERACTIVE_BUDGET_MS / 1000} s. Check the base URL, then try again.`;

/**
 * Two reads of a user that does not exist, each one attempt of at most 10 s, and both within
 * INTERACTIVE_BUDGET_MS. Never throws.
 *
 * 1. With the connection's token. The API's own 404 (problem details) or a 2xx means the token got
 *    past authentication; 401 and 403 say what is wrong with it.
 * 2. With a made-up token, which the API must refuse (401; 403 from a gateway counts too). A host
 *    that answers it like the real token (404 or 200) never looked at the token: it is not the
 *    staff-user API (another app, a proxy's catch-all, a mistyped path), or it does not
 *    authenticate. Either way the step would fail or be unsafe, so the connection is refused now.
 *
 * A 405/501 on the first read means the deployment does not serve this read and its router
 * answered before looking at the token: nothing can be learned, and the connection is accepted so
 * the piece stays usable there; the first run reports a rejected token.
 */
export async function checkConnection(props: MerchantStaffAuthProps): Promise<ConnectionCheck> {
  const call = interactiveCall();
  try {
    const connection = connectionOf(props);
    const mine = await probe(connection, call);
    if (ranOutOfTime(mine.error, call.deadline)) return { valid: false, error: CHECK_OUT_OF_TIME };
    if (mine.status === 405 || mine.status === 501) return { valid: true };
    if (mine.status === 403) return { valid: false, error: refusedRole(mine.error) };
    // Past authentication: a 2xx with JSON, or the API's own "no such user".
    const userNotFound = mine.error instanceof ApiError && mine.error.code === USER_NOT_FOUND;
    if (mine.error !== undefined && !userNotFound) return { valid: false, error: mine.error.summary };

    const madeUp = await probe({ baseUrl: connection.baseUrl, token: MADE_UP_TOKEN }, call);
    if (ranOutOfTime(madeUp.error, call.deadline)) return { valid: false, error: CHECK_OUT_OF_TIME };
    if (madeUp.status === 401 || madeUp.status === 403) return { valid: true };
    if (madeUp.error !== undefined && (madeUp.status === undefined || madeUp.status === 429 || madeUp.status >= 500)) {
      return { valid: false, error: `Could not finish checking the connection: ${madeUp.error.summary}` };
    }
    return {
      valid: false,
      error: `The base URL answered ${madeUp.status} to a request with a made-up token, where the staff-user API refuses it with 401: it does not point at the API, or the server there does not check tokens. Check the connection's base URL (the deployment's root, e.g. https://shop.example.com).`,
    };
  } catch (error) {
    return { valid: false, error: reasonOf(error, 'Could not check the connection') };
  }
}

async function probe(connection: Connection, call: InteractiveCall): Promise<ProbeOutcome> {
  try {
    const response = await requestUser(connection, NO_SUCH_USER_ID, call);
    return { status: response.status };
  } catch (error) {
    if (!(error instanceof PieceError)) throw error;
    return { status: error instanceof ApiError ? error.status : undefined, error };
  }
}

/** The probe only reads, so a 403 there means the role may not even read staff users. */
function refusedRole(error: PieceError | undefined): string {
  const said = error instanceof ApiError && error.providerMessage ? `: ${withoutFinalStop(error.providerMessage)}` : '';
  return `The API refused this token (403) when the check read a staff user${said}. The connection needs a token whose role may manage staff users.`;
}
