import { Connection, createHttpClient, defaultMapping, HttpFailure, InputError, MappedError } from '@user-admin-pieces/common';

export const PROVIDER = 'Merchant staff API';

/** The connection's props, flat, as `validate` gets them and as `ctx.auth.props` holds them. */
export interface MerchantStaffAuthProps {
  baseUrl: string;
  apiToken: string;
}

export function toConnection(props: MerchantStaffAuthProps): Connection {
  return { baseUrl: props.baseUrl, token: props.apiToken };
}

/** Set on a 404 that came with problem details, i.e. the API itself said the user does not exist. */
export const USER_NOT_FOUND = 'USER_NOT_FOUND';

/**
 * The token is a bearer secret, so it only travels over TLS. Plain http is allowed for loopback
 * addresses alone, where nothing leaves the machine (local development and tests).
 * The API paths start with /api, so a base URL pasted with /api at the end is trimmed back to the root.
 */
export function requireHttpsUnlessLoopback(url: URL): URL {
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    throw new InputError(
      'baseUrl',
      `The base URL must use https:// (got ${url.origin}). Plain http:// is only allowed for localhost, 127.x.x.x and [::1].`,
    );
  }
  url.pathname = url.pathname.replace(/\/api$/i, '');
  return url;
}

function isLoopbackHost(hostname: string): boolean {
  // The URL parser has already lower-cased the host and normalised IPv4 forms such as 127.1.
  return hostname === 'localhost' || hostname === '[::1]' || /^127(\.\d{1,3}){3}$/.test(hostname);
}

const USER_PATH = /^\/api\/Users\/([^/]+)$/i;

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
        message: 'The API token was rejected (401). Check the token in the connection, or create a new one.',
        providerMessage: said,
      };
    case 403:
      return {
        message: `The token's role may not manage staff users (403)${said ? `: ${withoutFinalStop(said)}` : ''}.`,
        providerMessage: said,
      };
    case 404:
      if (userId === undefined) return undefined;
      if (problem === undefined) {
        // ASP.NET answers an unknown route with an empty 404 (a proxy with an HTML page), before it
        // looks at the token: that is a wrong base URL as often as a missing user.
        return {
          message: `${PROVIDER} answered 404 for ${failure.path} without problem details: either no user has id ${decodeURIComponent(userId)}, or the base URL does not point at the API. Check the connection's base URL.`,
        };
      }
      return { message: `No user with id ${decodeURIComponent(userId)}.`, code: USER_NOT_FOUND, providerMessage: said };
    case 412:
      return {
        message: 'The user changed meanwhile (412); run the step again to apply the changes to the latest version.',
        providerMessage: said,
      };
    case 429:
      return withHint(failure, 'The API is limiting requests; wait a moment and run the step again.');
    default:
      if (failure.status >= 500) return withHint(failure, 'The server had a problem; run the step again later.');
      return undefined;
  }
}

interface Problem {
  title?: string;
  detail?: string;
  errors?: Record<string, unknown>;
}

/** RFC 9457 problem details, when the body is a JSON object; undefined for HTML, text or nothing. */
function readProblem(body: unknown): Problem | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
  const record = body as Record<string, unknown>;
  const text = (value: unknown) => (typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined);
  const errors = record['errors'];
  return {
    title: text(record['title']),
    detail: text(record['detail']),
    errors: typeof errors === 'object' && errors !== null && !Array.isArray(errors) ? (errors as Record<string, unknown>) : undefined,
  };
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
  baseUrlRule: requireHttpsUnlessLoopback,
  mapError: mapMerchantStaffError,
});
