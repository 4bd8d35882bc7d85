import { HttpFailure, isRecord, MappedError } from '@user-admin-pieces/common';
import { isUserLike } from './types';

const EXAMPLE_BASE_URL = 'https://cloud.activepieces.com/api/v1';

/** What a wrong base URL looks like to a flow builder; the auth check says the same. */
export function notActivepiecesApi(apiBaseUrl: string, detail?: string): string {
  return `${apiBaseUrl} is not an Activepieces API${detail ? ` (${detail})` : ''}. Set the connection's base URL to your Activepieces address, e.g. ${EXAMPLE_BASE_URL}.`;
}

/** A 200 that is not a page of users: a web page, a proxy, another API. */
export function notAUserList(apiBaseUrl: string): string {
  return notActivepiecesApi(apiBaseUrl, 'GET /v1/users did not answer with a list of users');
}

/**
 * A 2xx to `POST /v1/users/{id}` whose body is not the updated user: by then the server may have
 * applied the change, so the sentence says to check before running the step again.
 */
export function notTheUpdatedUser(status: number, userId: string, answer: unknown): string {
  return `Activepieces answered ${status} to the update of user ${userId} with ${describeAnswer(answer)} instead of that user. The change may have been applied: check the user in Activepieces before running the step again.`;
}

/** What a 2xx brought instead of the user, for the sentence above. */
function describeAnswer(answer: unknown): string {
  if (answer === undefined) return 'an empty body';
  if (answer === null) return 'null';
  if (Array.isArray(answer)) return 'a list';
  if (typeof answer !== 'object') return typeof answer === 'string' ? 'text' : `a ${typeof answer}`;
  const record = answer as Record<string, unknown>;
  if (isUserLike(record)) return `another user (id ${quoted(record['id'])})`;
  const said = ['error', 'message'].map((key) => record[key]).find((value): value is string => typeof value === 'string' && value.trim() !== '');
  return said === undefined ? 'an object that is not a user' : `an object that is not a user, saying ${quoted(said)}`;
}

function quoted(value: unknown): string {
  const text = JSON.stringify(String(value));
  return text.length > 80 ? `${text.slice(0, 79)}…"` : text;
}

/** A platform read without an owner id: the preview cannot tell whether a deactivation would be refused. */
export function noPlatformOwner(platformId: string): string {
  return `Activepieces answered GET /v1/platforms/${platformId} without the platform's ownerId, so the preview cannot tell whether this user is the platform owner, whom Activepieces does not let anyone deactivate. Nothing was changed.`;
}

/**
 * Activepieces refuses to deactivate the platform owner (upstream `userService.update`: 409
 * VALIDATION "Admin cannot be deactivated"), and checks before it writes anything: a role or
 * external id sent in the same request is not applied either. A preview refuses in the same words.
 */
export function ownerCannotBeDeactivated(preview: boolean): string {
  const outcome = preview
    ? 'Activepieces would refuse the whole update, so a real run would change nothing'
    : 'Activepieces refused the whole update, so nothing changed';
  return `The platform owner cannot be deactivated. ${outcome} (not the role or external id either). Pick another user, or leave Status empty to change only the role or external id.`;
}

/**
 * Who chose the path of a request: this piece (its own endpoints, which every Activepieces API
 * has) or the flow builder (the custom API call, where a typo is as likely as a wrong base URL).
 */
export type RouteOrigin = 'piece' | 'typed';

/**
 * Sentences for the answers the Activepieces API gives. The server speaks two shapes:
 * its own `{code, params}` errors and Fastify's `{statusCode, code?, error, message}`.
 * Decisions go by status and code; the provider's message is only quoted, never matched,
 * except for the one 409 the update endpoint documents (see below).
 */
export function mapActivepiecesError(failure: HttpFailure, routes: RouteOrigin): MappedError | undefined {
  const apiBaseUrl = failure.baseUrl;
  const route = `${failure.method} ${failure.path}`;
  const { code, message, params } = readErrorBody(failure.body);
  // A body that is not JSON (an nginx error page, a proxy's login page) comes from something in
  // front of the API; its first words are often the only clue, so they are quoted, never dropped.
  const page = failure.body === undefined && failure.excerpt !== '' ? `"${failure.excerpt}"` : undefined;
  const said = message ?? page;
  const quote = (text: string | undefined) => (text ? `: ${text}` : '');
  const withCode = (text: string): MappedError => ({ message: text, code, providerMessage: message });

  switch (failure.status) {
    case 400:
      // Fastify validates parameters and body before authentication, so this names the field.
      return withCode(`Activepieces refused the request as invalid${quote(said)}. Check the values mapped into this step.`);
    case 401:
      // The JSON answers' own words ("invalid api key") add nothing to this sentence; a page does.
      return withCode(
        `Activepieces rejected the API key${quote(page)}. Check the key in the connection: it is a platform API key that starts with sk-.`,
      );
    case 402:
      if (code === 'QUOTA_EXCEEDED') {
        const metric = typeof params['metric'] === 'string' ? ` (${params['metric']})` : '';
        return withCode(`The Activepieces plan limit${metric} is reached. Raise the limit or free up usage, then run again.`);
      }
      return withCode(
        `API keys need the Platform or Enterprise edition of Activepieces; this instance does not offer them${quote(page)}.`,
      );
    case 403:
      return withCode(
        `Activepieces refused ${route} for this API key${quote(said)}. API keys act as a platform admin, but not every endpoint accepts them.`,
      );
    case 404:
      if (code === 'ENTITY_NOT_FOUND') {
        const entityType = typeof params['entityType'] === 'string' ? params['entityType'] : 'entity';
        const entityId = typeof params['entityId'] === 'string' ? params['entityId'] : lastSegment(failure.path);
        // The API also answers 404 for a user who exists on another platform.
        return withCode(`No ${entityType} with id ${entityId} on this platform.`);
      }
      // Fastify's "Route not found", an HTML page or another server's 404. Every Activepieces API
      // has the piece's own routes, so for those the base URL is wrong; a typed path may be wrong itself.
      if (routes === 'typed') {
        return withCode(`Activepieces has no route ${route}${quote(page)}; check the URL (and the connection's base URL).`);
      }
      return withCode(notActivepiecesApi(apiBaseUrl, `it has no route ${route}${quote(page)}`));
    case 409:
      // The update endpoint's only documented conflict is deactivating the platform owner, which
      // comes as a generic VALIDATION code; its message is the only thing that tells it apart.
      if (code === 'VALIDATION' && /admin cannot be deactivated/i.test(message ?? '')) {
        return withCode(ownerCannotBeDeactivated(false));
      }
      // Today the owner's role may be changed; should a version refuse that too, its words are
      // about the owner, and the sentence names them.
      if (code === 'VALIDATION' && /owner/i.test(message ?? '')) {
        return withCode(`Activepieces refused this change to the platform owner${quote(said)}. Nothing changed; pick another user.`);
      }
      return withCode(`Activepieces refused the change${quote(said)}.`);
    case 429:
      return withCode(`Activepieces is rate limiting this API key${quote(said)}. Wait a minute, then run again.`);
    default:
      if (failure.status >= 500) {
        return withCode(`Activepieces had a server error (${failure.status})${quote(said)}. Try again later.`);
      }
      return undefined;
  }
}

interface ErrorBody {
  code?: string;
  message?: string;
  params: Record<string, unknown>;
}

/** Reads both error shapes: `{code, params: {message}}` and `{statusCode, code, error, message}`. */
function readErrorBody(body: unknown): ErrorBody {
  const record = asRecord(body);
  const params = asRecord(record['params']);
  const text = (value: unknown) => (typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined);
  return {
    code: text(record['code']),
    message: text(record['message']) ?? text(params['message']),
    params,
  };
}

function asRecord(value: unknown): Record<string, unknown> {
  return isRecord(value) ? { ...value } : {};
}

/** Left encoded: a path typed into the custom API call may hold a malformed escape. */
function lastSegment(path: string): string {
  return path.split('/').pop() ?? '';
}
