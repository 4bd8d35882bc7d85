import { ApiError, endSentence } from './errors';
import { Redact, redactValue } from './redact';
import { RETRYABLE_STATUSES } from './retry';
import { ResponseHeaders } from './transport';
import { truncate } from './url';

/**
 * The error half of the request function: a failed response becomes an ApiError whose every
 * string has passed the redactor. The provider's own wording comes from its ErrorMapper.
 */

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD';

/** What an error mapper sees of a failed response. Never the request body or the token. */
export interface HttpFailure {
  status: number;
  /** The normalised base URL the request went to, so a message can name it. */
  baseUrl: string;
  method: HttpMethod;
  /** The expanded path, without the base URL or query. */
  path: string;
  /** Parsed JSON body, or undefined when the body was empty or not JSON. */
  body: unknown;
  /** The first few hundred characters of the raw body, for non-JSON answers; already redacted. */
  excerpt: string;
  headers: ResponseHeaders;
  requestId?: string;
}

export interface MappedError {
  message: string;
  code?: string;
  providerMessage?: string;
}

/** Provider-specific wording for a failed response; undefined falls back to the generic sentence. */
export type ErrorMapper = (failure: HttpFailure) => MappedError | undefined;

const REQUEST_ID_HEADERS = ['x-request-id', 'request-id', 'x-correlation-id', 'traceparent'];
const EXCERPT_LENGTH = 200;
/** Only this much of a body is looked at for an excerpt: every later pass is bounded by it. */
const EXCERPT_SOURCE_LENGTH = 4096;
/** Ids longer than this are not ids; they are cut before they reach a message. */
const REQUEST_ID_LENGTH = 128;
/** JSON error bodies up to this size are parsed for the provider's words; longer ones are only quoted. */
const MAX_PARSED_ERROR_LENGTH = 64 * 1024;
/** The builder cuts a message at 2,000 characters; ours stay well inside it. */
const MESSAGE_LENGTH = 1500;

export interface FailedResponse {
  status: number;
  headers: ResponseHeaders;
  text: string;
}

export function httpError(
  response: FailedResponse,
  request: Pick<HttpFailure, 'method' | 'path' | 'baseUrl'>,
  provider: string,
  mapError: ErrorMapper | undefined,
  redact: Redact,
): ApiError {
  // A larger error body is quoted, not parsed: a mapper and the redactor then see at most this much.
  const parsed = response.text.length <= MAX_PARSED_ERROR_LENGTH ? tryParseJson(response.text) : { ok: false as const };
  const failure: HttpFailure = {
    status: response.status,
    ...request,
    // Redacted before any mapper sees it: a mapper copies fields (code, message) into the error.
    body: parsed.ok ? redactValue(parsed.value, redact) : undefined,
    excerpt: excerptOf(response.text, redact),
    headers: response.headers,
    requestId: findRequestId(response.headers, redact),
  };
  const mapped = redirectMapping(failure, provider, redact) ?? mapError?.(failure) ?? defaultMapping(failure, provider);
  return new ApiError({
    kind: 'http',
    status: failure.status,
    code: mapped.code === undefined ? undefined : truncate(redact(mapped.code), 100),
    providerMessage: mapped.providerMessage === undefined ? undefined : truncate(redact(mapped.providerMessage), MESSAGE_LENGTH),
    message: truncate(redact(mapped.message), MESSAGE_LENGTH),
    requestId: failure.requestId,
    retryable: RETRYABLE_STATUSES.has(failure.status),
  });
}

/** The generic sentence: status, and whatever the body says in the common shapes. */
export function defaultMapping(failure: HttpFailure, provider: string): MappedError {
  const body = (typeof failure.body === 'object' && failure.body !== null ? failure.body : {}) as Record<string, unknown>;
  const pick = (...keys: string[]) => keys.map((key) => body[key]).find((v): v is string => typeof v === 'string' && v !== '');
  const providerMessage = pick('message', 'detail', 'title', 'error');
  const code = pick('code');
  const said = providerMessage ?? (failure.body === undefined && failure.excerpt ? `"${failure.excerpt}"` : undefined);
  const statusText = STATUS_WORDS[failure.status] ?? 'an error';
  return {
    message: endSentence(`${provider} answered ${failure.status} (${statusText})${said ? `: ${said}` : ''}`),
    code,
    providerMessage,
  };
}

/** Redirects are not followed: a POST would turn into a GET, and the token must not travel to another host. */
function redirectMapping(failure: HttpFailure, provider: string, redact: Redact): MappedError | undefined {
  if (failure.status < 300 || failure.status > 399) return undefined;
  const location = failure.headers.get('location');
  const shown = location ? ` to ${truncate(redact(location), 200)}` : '';
  return { message: `${provider} redirected the request (${failure.status})${shown}. Put the final address in the connection's base URL.` };
}

const STATUS_WORDS: Record<number, string> = {
  400: 'bad request',
  401: 'unauthorized',
  402: 'payment required',
  403: 'forbidden',
  404: 'not found',
  405: 'method not allowed',
  408: 'request timeout',
  409: 'conflict',
  412: 'precondition failed',
  422: 'unprocessable',
  429: 'too many requests',
  500: 'server error',
  501: 'not implemented',
  502: 'bad gateway',
  503: 'service unavailable',
  504: 'gateway timeout',
};

export function tryParseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

/**
 * A short, single-line view of a body: markup dropped, white space folded, the token gone. The
 * body is cut to a few KiB first, redacted before and after the markup goes (so neither the cut
 * nor a tag can split the token out of sight), and every pass is linear.
 */
export function excerptOf(text: string, redact: Redact): string {
  const source = redact(text.slice(0, EXCERPT_SOURCE_LENGTH));
  const plain = redact(foldWhitespace(stripMarkup(source)));
  return truncate(plain, EXCERPT_LENGTH);
}

/** Tags become spaces and script/style blocks vanish, in one forward pass (no backtracking pattern). */
function stripMarkup(text: string): string {
  const lower = text.toLowerCase();
  let out = '';
  let at = 0;
  while (at < text.length) {
    const open = text.indexOf('<', at);
    if (open === -1) break;
    out += text.slice(at, open);
    const close = text.indexOf('>', open + 1);
    // An unclosed tag ends the markup: the rest is dropped, never searched again.
    if (close === -1) return `${out} `;
    const block = /^<(script|style)\b/.exec(lower.slice(open, open + 8))?.[1];
    if (block !== undefined) {
      const end = lower.indexOf(`</${block}`, close);
      if (end === -1) return `${out} `;
      const endClose = text.indexOf('>', end);
      at = endClose === -1 ? text.length : endClose + 1;
    } else {
      at = close + 1;
    }
    out += ' ';
  }
  return out + text.slice(at);
}

function foldWhitespace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

export function findRequestId(headers: ResponseHeaders, redact: Redact): string | undefined {
  for (const name of REQUEST_ID_HEADERS) {
    const value = headers.get(name);
    if (value) return truncate(redact(value), REQUEST_ID_LENGTH);
  }
  return undefined;
}
