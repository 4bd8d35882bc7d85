import { HttpFailure, isRecord, MappedError } from '@user-admin-pieces/common';
import { isUserLike } from './types';

const EXAMPLE_BASE_URL = 'https://cloud.activepieces.com/api/v1';

/** What a wrong base URL looks like to a flow builder; the auth check says the same. */
export function notActivepiecesApi(apiBaseUrl: string, detail?: string): string {
  return `${apiBaseUrl} is not an Activepieces API${detail ? ` (${detail})` : ''}. Set the connection's base URL to your Activepieces address, e.g. ${EXAMPLE_BASE_URL}.`;
}

/** A 200 that is not a page of the list asked for: a web page, a proxy, another API. */
export function notAList(apiBaseUrl: string, route: string, items: string): string {
  return notActivepiecesApi(apiBaseUrl, `${route} did not answer with a list of ${items}`);
}

/** What a write answers when it succeeds, for the sentence when it answers something else. */
export interface ExpectedAnswer {
  /** "user", "invitation": what the answer should be. */
  noun: string;
  /** "a" or "an", for "an object that is not an invitation". */
  article: 'a' | 'an';
  /** Takes an answer for one of those (any one: "another user" is named as such). */
  is: (value: unknown) => boolean;
  /** "that user", "the invitation". */
  instead: string;
  /** What to look at in Activepieces before running the step again. */
  check: string;
}

const USER_ANSWER: ExpectedAnswer = { noun: 'user', article: 'a', is: isUserLike, instead: 'that user', check: 'the user' };

/**
 * A 2xx to `POST /v1/users/{id}` whose body is not the updated user: by then the server may have
 * applied the change, so the sentence says to check before running the step again.
 */
export function notTheUpdatedUser(status: number, userId: string, answer: unknown): string {
  return notTheAnswer(status, `the update of user ${userId}`, USER_ANSWER, answer);
}

/** A 2xx to a write whose body is not what the write returns: the write may have been applied. */
export function notTheAnswer(status: number, write: string, expected: ExpectedAnswer, answer: unknown): string {
  return `Activepieces answered ${status} to ${write} with ${describeAnswer(answer, expected)} instead of ${expected.instead}. The change may have been applied: check ${expected.check} in Activepieces before running the step again.`;
}

/** What a 2xx brought instead of the expected answer, for the sentence above. */
function describeAnswer(answer: unknown, expected: ExpectedAnswer): string {
  if (answer === undefined) return 'an empty body';
  if (answer === null) return 'null';
  if (Array.isArray(answer)) return 'a list';
  if (typeof answer !== 'object') return typeof answer === 'string' ? 'text' : `a ${typeof answer}`;
  const record = answer as Record<string, unknown>;
  if (expected.is(record)) return `another ${expected.noun} (id ${quoted(record['id'])})`;
  const notOne = `an object that is not ${expected.article} ${expected.noun}`;
  const said = ['error', 'message'].map((key) => record[key]).find((value): value is string => typeof value === 'string' && value.trim() !== '');
  return said === undefined ? notOne : `${notOne}, saying ${quoted(said)}`;
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
      return withCode(planGate({ code, params, route, path: failure.path, said, page }));
    case 403:
      return withCode(
        `Activepieces refused ${route} for this API key${quote(said)}. API keys act as a platform admin, but not every endpoint accepts them.`,
      );
    case 404:
      if (code === 'ENTITY_NOT_FOUND') return withCode(notFound(params, failure.path));
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
      if (code === 'EXISTING_USER') return withCode(existingUser(params));
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

/** Upstream's entity names (services spell them either way), as a person says them. */
const ENTITY_NAMES: Record<string, string> = {
  UserInvitation: 'invitation',
  user_invitation: 'invitation',
  ProjectMember: 'project member',
  project_member: 'project member',
  ProjectRole: 'project role',
  project_role: 'project role',
  Project: 'project',
  User: 'user',
};

/**
 * 404 ENTITY_NOT_FOUND: `{entityType, entityId}`, where some services write the id as "id=<id>".
 * A project role is looked up by its name, so that one is named as a name.
 */
function notFound(params: Record<string, unknown>, path: string): string {
  const entityType = typeof params['entityType'] === 'string' ? params['entityType'] : 'entity';
  const entityId = typeof params['entityId'] === 'string' ? params['entityId'].replace(/^id=/, '') : lastSegment(path);
  const entity = ENTITY_NAMES[entityType] ?? entityType;
  if (entity === 'project role') return `No project role named "${entityId}" on this platform. Pick one from the Project Role dropdown.`;
  // The API also answers 404 for an entity that exists on another platform.
  return `No ${entity} with id ${entityId} on this platform.`;
}

/**
 * A plan feature the routes under a path need (upstream `platformMustHaveFeatureEnabled` hooks).
 * FEATURE_DISABLED carries only `{message: "Feature is disabled"}`, so the route is what names it.
 */
const PLAN_FEATURES: { prefix: string; feature: string; flag: string }[] = [
  { prefix: '/v1/user-invitations', feature: 'project members and roles, which project invitations need', flag: 'projectRolesEnabled' },
  { prefix: '/v1/project-members', feature: 'project members and roles', flag: 'projectRolesEnabled' },
  { prefix: '/v1/project-roles', feature: 'custom project roles', flag: 'customRolesEnabled' },
  { prefix: '/v1/projects', feature: 'managing projects', flag: 'manageProjectsEnabled' },
  { prefix: '/v1/audit-events', feature: 'the audit log', flag: 'auditLogEnabled' },
  { prefix: '/v1/scim', feature: 'SCIM provisioning', flag: 'scimEnabled' },
];

/** QUOTA_EXCEEDED's `metric` values (upstream `PlatformUsageMetric` and the members limit), as a person says them. */
const QUOTA_NAMES: Record<string, string> = {
  'team-members': 'team members per project',
  'user-seats': 'user seats',
  projects: 'projects',
  'active-flows': 'active flows',
  tasks: 'tasks',
  'ai-credits': 'AI credits',
  'ai-tokens': 'AI tokens',
  agents: 'agents',
  tables: 'tables',
  mcps: 'MCP servers',
};

/**
 * 402: the plan lacks a feature (FEATURE_DISABLED) or a limit is reached (QUOTA_EXCEEDED, whose
 * `metric` names it, with `quota`/`limit` and `usage` where the server sends them). Users and the
 * platform have no plan gate but API keys themselves, so there a 402 means the edition has none.
 */
function planGate(refusal: { code?: string; params: Record<string, unknown>; route: string; path: string; said?: string; page?: string }): string {
  const { code, params, route, path, said, page } = refusal;
  const quote = (text: string | undefined) => (text ? `: ${text}` : '');
  if (code === 'QUOTA_EXCEEDED') {
    const metric = typeof params['metric'] === 'string' ? params['metric'] : undefined;
    const limit = [params['quota'], params['limit']].find((value): value is number => typeof value === 'number');
    const usage = typeof params['usage'] === 'number' ? `, ${params['usage']} in use` : '';
    const what = metric === undefined ? '' : ` (${QUOTA_NAMES[metric] ?? metric}${limit === undefined ? '' : `: ${limit}`}${usage})`;
    return `The Activepieces plan limit${what} is reached. Raise the limit or free up usage, then run again.`;
  }
  const isApiKeyGate = /^\/v1\/(users|platforms)(\/|$)/i.test(path);
  if (code === 'FEATURE_DISABLED' && !isApiKeyGate) {
    const lowerPath = path.toLowerCase();
    const gate = PLAN_FEATURES.find(({ prefix }) => lowerPath === prefix || lowerPath.startsWith(`${prefix}/`));
    const missing = gate === undefined ? `a feature that ${route} needs` : `${gate.feature} (plan flag ${gate.flag}), so it refused ${route}`;
    return `This Activepieces plan does not include ${missing}${quote(said)}. Ask the platform owner to upgrade the plan or turn the feature on, then run again.`;
  }
  // The JSON answers' own words add nothing to this sentence; a page's do.
  return `API keys need the Platform or Enterprise edition of Activepieces; this instance does not offer them${quote(page)}.`;
}

/** 409 EXISTING_USER: `{email, platformId}`. */
function existingUser(params: Record<string, unknown>): string {
  const email = typeof params['email'] === 'string' ? ` with email ${params['email']}` : ' with this email';
  return `Activepieces refused the change: a user${email} already exists on this platform. Use that user (Find User looks them up by email) instead of creating another.`;
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
