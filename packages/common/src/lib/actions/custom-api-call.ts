import {
  ActionContext,
  createAction,
  ExtractPieceAuthPropertyTypeForMethods,
  PieceAuthProperty,
  Property,
} from '@activepieces/pieces-framework';
import { InputError } from '../http/errors';
import { HttpClient, HttpMethod } from '../http/request';
import { createRedactor, redactValue } from '../http/redact';
import { QueryValue } from '../http/url';
import { Connection } from '../piece/connection';
import { isBlank } from '../props/optional';

const CUSTOM_CALL_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const satisfies readonly HttpMethod[];

export interface CustomApiCallParams<A extends PieceAuthProperty> {
  auth: A;
  client: HttpClient;
  /** Reads base URL and token from the connection value the engine passes. */
  connection: (auth: ActionContext<ExtractPieceAuthPropertyTypeForMethods<A>>['auth']) => Connection;
  /** Shown under the URL prop, e.g. "Relative to the base URL, e.g. /v1/users". */
  urlHint: string;
}

/**
 * A raw call through the same request function as every other action: same auth header, timeout,
 * retries and error wording. The token only ever goes to URLs under the connection's base URL.
 */
export function createCustomApiCallAction<A extends PieceAuthProperty>(params: CustomApiCallParams<A>) {
  return createAction({
    auth: params.auth,
    name: 'custom_api_call',
    displayName: 'Custom API Call',
    description: 'Make a request to any endpoint of this API with the connection\'s credentials.',
    props: {
      url: Property.ShortText({
        displayName: 'URL',
        description: `${params.urlHint} An absolute URL must start with the connection's base URL; the token is never sent elsewhere.`,
        required: true,
      }),
      method: Property.StaticDropdown({
        displayName: 'Method',
        required: true,
        defaultValue: 'GET',
        options: { options: CUSTOM_CALL_METHODS.map((method) => ({ label: method, value: method })) },
      }),
      headers: Property.Object({ displayName: 'Headers', required: false }),
      queryParams: Property.Object({ displayName: 'Query parameters', required: false }),
      body: Property.Json({ displayName: 'Body', required: false }),
    },
    audience: 'human',
    async run(ctx) {
      const { baseUrl, token } = params.connection(ctx.auth);
      const method = CUSTOM_CALL_METHODS.find((m) => m === String(ctx.propsValue.method ?? '').toUpperCase());
      if (method === undefined) {
        throw new InputError('method', `method must be one of ${CUSTOM_CALL_METHODS.join(', ')}.`);
      }
      const path = pathUnderBase(params.client.normalizeBaseUrl(baseUrl), ctx.propsValue.url);
      const response = await params.client.request<unknown>({
        baseUrl,
        token,
        method,
        path,
        headers: stringRecord(ctx.propsValue.headers),
        query: stringRecord(ctx.propsValue.queryParams) as Record<string, QueryValue>,
        body: isBlank(ctx.propsValue.body) || method === 'GET' || method === 'DELETE' ? undefined : ctx.propsValue.body,
      });
      // The body is redacted by the request function; the headers are the provider's too, and an
      // echoing server must not put the token into the run log through them.
      const headers = redactValue(Object.fromEntries(response.headers), createRedactor(token.trim()));
      return { status: response.status, headers, body: response.body };
    },
  });
}

/**
 * The path to request relative to the base URL. Absolute URLs must lie under the base URL, and no
 * path may climb out of it (`..`, `%2e%2e`): the token only goes where the connection points.
 */
export function pathUnderBase(normalizedBaseUrl: string, rawUrl: unknown): string {
  const text = typeof rawUrl === 'string' ? rawUrl.trim() : '';
  if (text === '') throw new InputError('url', 'url is required.');
  const base = new URL(`${normalizedBaseUrl}/`);
  const isAbsolute = /^[a-z][a-z0-9+.-]*:/i.test(text) || text.startsWith('//');
  let target: URL;
  try {
    target = isAbsolute ? new URL(text, base) : new URL(`${normalizedBaseUrl}${text.startsWith('/') ? '' : '/'}${text}`);
  } catch {
    throw new InputError('url', `url "${text}" is not a valid URL or path.`);
  }
  const basePath = base.pathname;
  if (target.origin !== base.origin || !(`${target.pathname}/`.startsWith(basePath))) {
    throw new InputError(
      'url',
      `url must stay under ${normalizedBaseUrl}; the connection's token is never sent to another address.`,
    );
  }
  return `${target.pathname.slice(basePath.length - 1) || '/'}${target.search}`;
}

function stringRecord(value: unknown): Record<string, string> {
  if (isBlank(value) || typeof value !== 'object') return {};
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => !isBlank(v))
      .map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]),
  );
}
