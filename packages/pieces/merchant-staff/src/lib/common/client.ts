import { ApiError, Connection, createHttpClient, defaultMapping, HttpFailure, MappedError } from '@user-admin-pieces/common';
import { isRecord, isText } from './json';

export const PROVIDER = 'Merchant staff API';

/** The connection's props, flat, as `validate` gets them and as `ctx.auth.props` holds them. */
export interface MerchantStaffAuthProps {
  baseUrl: string;
  apiToken: string;
}

/**
 * The props as they are: the shared client trims the token, refuses one a header cannot carry and
 * names `apiToken` in that error (see `tokenField` below), so nothing is cleaned up twice here.
 */
export function toConnection(props: MerchantStaffAuthProps): Connection {
  return { baseUrl: props.baseUrl, token: props.apiToken };
}

/** Set on a 404 whose body is the API's own problem details, i.e. the API said the user does not exist. */
export const USER_NOT_FOUND = 'USER_NOT_FOUND';

/**
 * Calls that a person waits on (the connection check, the user dropdown): one attempt, 10 s.
 * A step run keeps the client's retries and 30 s per attempt.
 */
export const QUICK_CALL = { maxAttempts: 1, timeoutMs: 10_000 } as const;

/**
 * The whole time a dropdown's `options()` or the connection check may take, however the provider
 * behaves: the engine kills those calls at 60 s (AP_TRIGGER_TIMEOUT_SECONDS) and shows a generic
 * failure. Each request gets `deadline: Date.now() + INTERACTIVE_BUDGET_MS` taken once per call.
 */
export const INTERACTIVE_BUDGET_MS = 45_000;

/**
 * True when a request failed because the call's budget is spent: the client refuses to start one
 * past the deadline, and one that was cut short by it times out within a second of it.
 */
export function ranOutOfTime(error: unknown, deadline: number): boolean {
  return error instanceof ApiError && error.kind === 'timeout' && Date.now() >= deadline - 1_000;
}

/**
 * The API paths start with /api/Users, so a base URL pasted with /api or /api/Users at the end
 * (any case; the shared client has dropped a trailing slash) is trimmed back to the deployment's
 * root. Otherwise every request would go to /api/Users/api/Users/{id}. (https, and http only to
 * this machine, is the shared client's rule.)
 */
export function trimApiSuffix(url: URL): URL {
  url.pathname = url.pathname.replace(/\/api(\/users)?$/i, '');
  return url;
}

/** A user's path; a custom API call's path may carry a query. */
const USER_PATH = /^\/api\/Users\/([^/?]+)(?:\?.*)?$/i;

/** The one place where the API's failures become sentences a flow builder can act on. */
export function mapMerchantStaffError(failure: HttpFailure): MappedError | undefined {
  const problem = readProblem(failure.body);
  const said = problem?.detail ?? problem?.title;
  const userId = USER_PATH.exec(failure.path)?.[1];
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
      .map((message) => `${fieldPrefix(field)}${withFinalStop(message.trim())}`),
  );
  if (lines.length > 0) return `Validation failed — ${lines.join(' ')}`;
  const said = problem.detail ?? problem.title;
  return said ? `Validation failed — ${withFinalStop(said)}` : 'Validation failed (400).';
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

function withFinalStop(text: string): string {
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

function withoutFinalStop(text: string): string {
  return text.replace(/[.!?]+$/, '');
}

export const merchantStaffClient = createHttpClient({
  provider: PROVIDER,
  baseUrlRule: trimApiSuffix,
  baseUrlField: 'baseUrl',
  tokenField: 'apiToken',
  tokenLabel: 'API token',
  mapError: mapMerchantStaffError,
});
