import { ApiError, defaultMapping, endSentence, HttpFailure, isRecord, isText, MappedError, withoutFinalStop } from '@user-admin-pieces/common';
import { STAFF_USER_FIELDS } from './types';

export const PROVIDER = 'Merchant staff API';

/** Set on a 404 whose body is the API's own problem details, i.e. the API said the user does not exist. */
export const USER_NOT_FOUND = 'USER_NOT_FOUND';

/** Set on a read that answered with another user, or with one without an id: nothing may be written from it. */
export const USER_MISMATCH = 'USER_MISMATCH';

/** Finds the user id in a request's path (`/api/Users/{id}`); a custom API call's path may carry a query. */
const USER_ID_IN_PATH = /^\/api\/Users\/([^/?]+)(?:\?.*)?$/i;

/** The one place where the API's failures become sentences a flow builder can act on. */
export function mapMerchantStaffError(failure: HttpFailure): MappedError | undefined {
  const problem = readProblem(failure.body);
  const said = problem?.detail ?? problem?.title;
  const userId = USER_ID_IN_PATH.exec(failure.path)?.[1];
  switch (failure.status) {
    case 400:
      return problem === undefined ? undefined : { message: validationMessage(problem), providerMessage: said };
    case 401:
      return {
        message: `The API token was rejected (401)${apiSaid(said)}. Check the token in the connection, or create a new one.`,
        providerMessage: said,
      };
    case 403:
      return { message: `The token's role may not manage staff users (403)${apiSaid(said)}.`, providerMessage: said };
    case 404:
      if (userId === undefined) return undefined;
      if (problem === undefined || !isApiNotFound(failure.body)) {
        // ASP.NET answers an unknown route with an empty 404, a proxy with an HTML page and another
        // framework with its own JSON: that is a wrong base URL as often as a missing user.
        return {
          message: `${PROVIDER} answered 404 for ${failure.path} without problem details: either no user has id ${readableId(userId)}, or the base URL does not point at the API. Check the connection's base URL.`,
        };
      }
      return {
        message: `No user with id ${readableId(userId)} (404)${apiSaid(said)}.`,
        code: USER_NOT_FOUND,
        providerMessage: said,
      };
    case 412:
      return {
        message: `The user changed meanwhile (412)${apiSaid(said)}. Run the step again to apply the changes to the latest version.`,
        providerMessage: said,
      };
    case 429:
      return withHint(failure, 'The API is limiting requests; wait a moment and run the step again.');
    default:
      if (failure.status >= 500) return withHint(failure, 'The server had a problem; run the step again later.');
      return undefined;
  }
}

/**
 * The id as the flow gave it. A path typed into the custom API call may hold a malformed escape
 * (`%E0%A4`), which is shown as typed rather than failing the error mapping with a URIError.
 */
function readableId(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/**
 * The API's own "no such user": RFC 9457 problem details with `status: 404` and a title or detail.
 * Fastify (`statusCode`, `error`) and Express-style JSON 404s of another app do not count.
 */
function isApiNotFound(body: unknown): boolean {
  if (!isRecord(body)) return false;
  if ('statusCode' in body || 'error' in body) return false;
  return body['status'] === 404 && (isText(body['title']) || isText(body['detail']));
}

interface Problem {
  title?: string;
  detail?: string;
  errors?: Record<string, unknown>;
}

/** The problem-details fields of a JSON object body; undefined for HTML, text, arrays or nothing. */
function readProblem(body: unknown): Problem | undefined {
  if (!isRecord(body)) return undefined;
  const errors = body['errors'];
  return {
    title: isText(body['title']) ? body['title'].trim() : undefined,
    detail: isText(body['detail']) ? body['detail'].trim() : undefined,
    errors: isRecord(errors) ? errors : undefined,
  };
}

/** ": what the API said", ready to follow our own words; nothing when it said nothing. */
function apiSaid(said: string | undefined): string {
  return said === undefined ? '' : `: ${withoutFinalStop(said)}`;
}

/** "Validation failed — Email: A staff user with this email already exists." with every field's messages. */
function validationMessage(problem: Problem): string {
  const lines = Object.entries(problem.errors ?? {}).flatMap(([field, messages]) =>
    (Array.isArray(messages) ? messages : [messages])
      .filter((message): message is string => typeof message === 'string' && message.trim() !== '')
      .map((message) => `${fieldPrefix(field)}${endSentence(message.trim())}`),
  );
  if (lines.length > 0) return `Validation failed — ${lines.join(' ')}`;
  const said = problem.detail ?? problem.title;
  return said ? `Validation failed — ${endSentence(said)}` : 'Validation failed (400).';
}

/** System.Text.Json names a field by its JSON path ("$.email"), the model binder by its name; "" is the whole body. */
function fieldPrefix(field: string): string {
  const name = field.replace(/^\$\.?/, '');
  return name === '' ? '' : `${name}: `;
}

function withHint(failure: HttpFailure, hint: string): MappedError {
  const generic = defaultMapping(failure, PROVIDER);
  return { ...generic, message: `${generic.message} ${hint}` };
}

/** A read that did not answer with a staff user as this piece knows one: `why` says what came instead. */
export function notAStaffUser(id: string, why: string): string {
  return `User ${id} came back from the API in a shape this piece does not know (${why}).`;
}

/** A read that answered with another user, or with one without an id (sent with USER_MISMATCH). */
export function anotherUser(id: string, returnedId: unknown): string {
  const which = returnedId === undefined || returnedId === null ? 'a user without an id' : `another user (id ${shown(returnedId)})`;
  return `Asked for user ${id}, the API returned ${which}.`;
}

/** Why a body is not a staff user as this piece knows one; undefined when it is. */
export function describeUnknownShape(body: unknown): string | undefined {
  if (body === undefined) return 'an empty body';
  if (Array.isArray(body)) return 'a list instead of one user';
  if (!isRecord(body)) return `${body === null ? 'null' : typeof body} instead of an object`;
  const keys = Object.keys(body);
  const otherCase = keys.filter((key) => STAFF_USER_FIELDS.some((field) => field !== key && field.toLowerCase() === key.toLowerCase()));
  if (otherCase.length > 0) return `field names in another case, such as ${listKeys(otherCase)}`;
  if (!keys.some((key) => (STAFF_USER_FIELDS as readonly string[]).includes(key))) {
    return keys.length === 0 ? 'an empty object' : `none of a staff user's fields, only ${listKeys(keys)}`;
  }
  return undefined;
}

function listKeys(keys: string[]): string {
  const named = keys.slice(0, 3).map((key) => shown(key));
  return keys.length > 3 ? `${named.join(', ')} and ${keys.length - 3} more` : named.join(', ');
}

/** A value from the network, quoted and short enough for a sentence. */
function shown(value: unknown): string {
  const text = typeof value === 'string' ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value));
  return text.length > 60 ? `${text.slice(0, 59)}…` : text;
}

/** The owner guard refused: the change would leave the merchant without an active Owner. */
export function lastActiveOwner(name: string): string {
  return `${name} is the last active Owner of this merchant: deactivating or demoting them would lock the merchant out. Make another user an active Owner first.`;
}

/** The owner guard cannot run: the deployment does not serve the user list. */
export function ownerListNotServed(name: string, status: number): string {
  return `${name} is an active Owner, and this deployment does not list its users (GET /api/Users answered ${status}), so the piece cannot check that another active Owner remains. Nothing was written: deactivate or demote this Owner in the merchant's own admin instead.`;
}

/** The owner guard could not finish reading the user list. */
export function ownerCheckFailed(name: string, why: string, advice = 'run the step again'): string {
  return `Could not check that ${name} is not the last active Owner of this merchant: ${withoutFinalStop(why)}. Nothing was written; ${advice}.`;
}

/** The deployment does not serve `GET /api/Users/{id}`, without which no update keeps the fields it does not change. */
export function readNotServed(status: number): string {
  return `This deployment does not let the piece read a user (GET answered ${status}), so nothing was written: the piece reads every user before writing, because the PUT replaces the whole profile and would lose any field it was not sent. Change this user in the merchant's own admin instead.`;
}

/** A lookup by email or name needs the user list, which this deployment does not serve. */
export function listNotServed(status: number): string {
  return `This deployment does not list its users (GET /api/Users answered ${status}), so a staff user cannot be looked up by email or name here. Use the user's id (a GUID) instead.`;
}

/** The same failure in our sentence; not worth retrying as it is. */
export function rephrased(error: ApiError, message: string): ApiError {
  const { kind, status, code, providerMessage, requestId } = error;
  return new ApiError({ kind, status, code, providerMessage, requestId, message, retryable: false });
}
