import { ApiError, InputError } from './errors';
import { describeNetworkFailure, isPermanentNetworkFailure } from './network-error';
import { backoffDelay, DEFAULT_RETRY_POLICY, parseRetryAfter, RETRYABLE_STATUSES, RetryPolicy } from './retry';
import { exchange, ExchangeOutcome, OutgoingRequest, ResponseHeaders } from './transport';
import { buildUrl, expandPath, normalizeBaseUrl, QueryValue, truncate } from './url';

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
  /** The first few hundred characters of the raw body, for non-JSON answers. */
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

export interface HttpClientConfig {
  /** The provider's name as a flow builder knows it, used in messages. */
  provider: string;
  /** Provider rule applied after the common base-URL normalisation. */
  baseUrlRule?: (url: URL) => URL;
  /** The connection prop holding the base URL, named in input errors; default `baseUrl`. */
  baseUrlField?: string;
  /** The connection prop holding the token, named in input errors; default `token`. */
  tokenField?: string;
  /** The token as the connection form calls it, e.g. "API key"; default "token". */
  tokenLabel?: string;
  mapError?: ErrorMapper;
  /** Per-attempt timeout; default 30 s. */
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
}

export interface RequestOptions {
  baseUrl: string;
  token: string;
  method: HttpMethod;
  /** A path template such as `/v1/users/{id}`; parameters come from `pathParams`. */
  path: string;
  pathParams?: Record<string, string>;
  query?: Record<string, QueryValue>;
  body?: unknown;
  headers?: Record<string, string>;
  /** Mark a POST, PATCH or DELETE safe to repeat; GET and PUT are retried already. */
  idempotent?: boolean;
  timeoutMs?: number;
  /** Fewer attempts for this request, e.g. 1 for a connection check that should answer fast. */
  maxAttempts?: number;
  /**
   * An absolute time (ms since the epoch, as `Date.now()`) by which the request must have settled,
   * attempts and waits included: a dropdown's or connection check's whole budget. Past it the
   * request fails with kind `timeout` without starting another attempt.
   */
  deadline?: number;
}

export interface ApiResponse<T> {
  status: number;
  headers: ResponseHeaders;
  body: T;
  requestId?: string;
  /** How many attempts it took. */
  attempts: number;
}

export interface HttpClient {
  request<T>(options: RequestOptions): Promise<ApiResponse<T>>;
  normalizeBaseUrl(raw: unknown): string;
}

const IDEMPOTENT_METHODS: ReadonlySet<HttpMethod> = new Set(['GET', 'PUT']);
/** Headers only the transport may set: a caller's Host could route the token to another virtual host. */
const RESERVED_HEADERS: ReadonlySet<string> = new Set(['authorization', 'host', 'content-length', 'transfer-encoding', 'connection']);
const REQUEST_ID_HEADERS = ['x-request-id', 'request-id', 'x-correlation-id', 'traceparent'];
const EXCERPT_LENGTH = 200;

export function createHttpClient(config: HttpClientConfig): HttpClient {
  const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...config.retry };
  const defaultTimeoutMs = config.timeoutMs ?? 30_000;

  async function request<T>(options: RequestOptions): Promise<ApiResponse<T>> {
    // Everything that can be refused is checked before the first byte goes out.
    const baseUrl = normalizeBaseUrl(options.baseUrl, config.baseUrlRule, config.baseUrlField);
    // A path without parameters is taken as it is (a custom API call may contain braces).
    const path = options.pathParams === undefined ? options.path : expandPath(options.path, options.pathParams);
    const url = buildUrl(baseUrl, path, options.query);
    const timeoutMs = options.timeoutMs ?? defaultTimeoutMs;
    const canRetry = options.idempotent ?? IDEMPOTENT_METHODS.has(options.method);
    const token = checkToken(options.token, config.tokenField ?? 'token', config.tokenLabel ?? 'token');
    const outgoing = buildRequest(options, token);
    // The whole body too: a server that echoes it would otherwise put it in the run log.
    const redact = (text: string) => redactSecret(redactSecret(text, token), outgoing.body ?? '');
    const startedAt = Date.now();

    for (let attempt = 1; ; attempt++) {
      const left = options.deadline === undefined ? timeoutMs : Math.min(timeoutMs, options.deadline - Date.now());
      if (left <= 0) throw outOfBudget(url, config.provider);
      const outcome = await exchange(url, outgoing, left);
      if (outcome.kind === 'response' && outcome.status >= 200 && outcome.status < 300) {
        return parseSuccess<T>(outcome, attempt, config.provider, redact);
      }
      const error =
        outcome.kind === 'response'
          ? httpError(outcome, { method: options.method, path, baseUrl }, config, redact)
          : transportError(outcome, url, timeoutMs, config.provider);

      const delay = canRetry && error.retryable ? nextDelay(outcome, attempt, policy) : undefined;
      const outOfTime =
        delay !== undefined &&
        (Date.now() - startedAt + delay > policy.maxTotalMs || (options.deadline !== undefined && Date.now() + delay >= options.deadline));
      const maxAttempts = Math.min(policy.maxAttempts, options.maxAttempts ?? policy.maxAttempts);
      if (delay === undefined || attempt >= maxAttempts || outOfTime) {
        throw attempt > 1 && error.kind !== 'http' ? withAttempts(error, attempt, Date.now() - startedAt) : error;
      }
      await sleep(delay);
    }
  }

  return {
    request,
    normalizeBaseUrl: (raw: unknown) => normalizeBaseUrl(raw, config.baseUrlRule, config.baseUrlField),
  };
}

/** Surrounding white space is dropped; anything a header cannot carry is refused, not sent. */
function checkToken(raw: string, field: string, label: string): string {
  const token = typeof raw === 'string' ? raw.trim() : '';
  if (token === '') throw new InputError(field, `The ${label} is empty. Paste it into the connection.`);
  if (!/^[\x21-\x7e]+$/.test(token)) {
    throw new InputError(
      field,
      `The ${label} contains spaces, line breaks or characters such as smart quotes that cannot be sent. Paste it again as plain text.`,
    );
  }
  return token;
}

function buildRequest(options: RequestOptions, token: string): OutgoingRequest {
  const headers: Record<string, string> = {
    accept: 'application/json',
    ...callerHeaders(options.headers ?? {}),
    authorization: `Bearer ${token}`,
  };
  let body: string | undefined;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['content-type'] = 'application/json';
  }
  return { method: options.method, headers, body };
}

function nextDelay(outcome: ExchangeOutcome, attempt: number, policy: RetryPolicy): number | undefined {
  const retryAfter = outcome.kind === 'response' ? parseRetryAfter(outcome.headers.get('retry-after')) : undefined;
  if (retryAfter === undefined) return backoffDelay(attempt, policy);
  // A server asking for a longer wait than we accept gets a clear error now, not a stalled step.
  return retryAfter <= policy.maxDelayMs ? retryAfter : undefined;
}

type ReceivedResponse = Extract<ExchangeOutcome, { kind: 'response' }>;

function parseSuccess<T>(
  response: ReceivedResponse,
  attempts: number,
  provider: string,
  redact: (text: string) => string,
): ApiResponse<T> {
  const requestId = findRequestId(response.headers);
  const text = response.text;
  let body: unknown = undefined;
  if (text.trim() !== '') {
    const parsed = tryParseJson(text);
    if (!parsed.ok) {
      throw new ApiError({
        kind: 'invalid_response',
        status: response.status,
        message: `${provider} answered ${response.status} with a body that is not JSON: "${redact(excerptOf(text))}". Check that the base URL points at the API, not at a web page.`,
        requestId,
        retryable: false,
      });
    }
    body = parsed.value;
  }
  return { status: response.status, headers: response.headers, body: body as T, requestId, attempts };
}

function httpError(
  response: ReceivedResponse,
  request: Pick<HttpFailure, 'method' | 'path' | 'baseUrl'>,
  config: HttpClientConfig,
  redact: (text: string) => string,
): ApiError {
  const parsed = tryParseJson(response.text);
  const failure: HttpFailure = {
    status: response.status,
    ...request,
    body: parsed.ok ? parsed.value : undefined,
    excerpt: excerptOf(response.text),
    headers: response.headers,
    requestId: findRequestId(response.headers),
  };
  const mapped =
    redirectMapping(failure, config.provider) ?? config.mapError?.(failure) ?? defaultMapping(failure, config.provider);
  return new ApiError({
    kind: 'http',
    status: failure.status,
    code: mapped.code,
    providerMessage: mapped.providerMessage === undefined ? undefined : redact(mapped.providerMessage),
    message: redact(mapped.message),
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
function redirectMapping(failure: HttpFailure, provider: string): MappedError | undefined {
  if (failure.status < 300 || failure.status > 399) return undefined;
  const location = failure.headers.get('location');
  return {
    message: `${provider} redirected the request (${failure.status})${location ? ` to ${location}` : ''}. Put the final address in the connection's base URL.`,
  };
}

/** Adds a full stop unless the provider's own words already end the sentence. */
function endSentence(text: string): string {
  return /[.!?]$/.test(text) ? text : `${text}.`;
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

function transportError(
  outcome: Exclude<ExchangeOutcome, { kind: 'response' }>,
  url: URL,
  timeoutMs: number,
  provider: string,
): ApiError {
  if (outcome.kind === 'timeout') {
    return new ApiError({
      kind: 'timeout',
      message: `${provider} at ${url.host} did not answer within ${formatSeconds(timeoutMs)}.`,
      retryable: true,
    });
  }
  return new ApiError({
    kind: 'network',
    message: describeNetworkFailure(outcome.error, url.host),
    retryable: !isPermanentNetworkFailure(outcome.error),
  });
}

function outOfBudget(url: URL, provider: string): ApiError {
  return new ApiError({ kind: 'timeout', message: `${provider} at ${url.host} did not answer in the time this call has.`, retryable: false });
}

/** "did not answer within 30 s" alone would hide that three attempts took a minute and a half. */
function withAttempts(error: ApiError, attempts: number, elapsedMs: number): ApiError {
  return new ApiError({
    kind: error.kind,
    message: `${error.summary.replace(/\.$/, '')} (${attempts} attempts over ${formatSeconds(Math.round(elapsedMs / 100) * 100)}).`,
    retryable: error.retryable,
  });
}

function tryParseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

/** A short, single-line view of a body: HTML tags dropped, white space folded. */
function excerptOf(text: string): string {
  const plain = text.replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ').replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim();
  return truncate(plain, EXCERPT_LENGTH);
}

function findRequestId(headers: ResponseHeaders): string | undefined {
  for (const name of REQUEST_ID_HEADERS) {
    const value = headers.get(name);
    if (value) return value;
  }
  return undefined;
}

/** Case-insensitive: a server may echo the token upper-cased. */
function redactSecret(text: string, secret: string): string {
  if (secret.length < 8) return text;
  return text.replace(new RegExp(secret.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'gi'), '[redacted]');
}

function callerHeaders(headers: Record<string, string>): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    const key = name.trim().toLowerCase();
    if (!/^[!#$%&'*+.^_`|~0-9a-z-]+$/.test(key) || /[\r\n\0]/.test(String(value))) {
      throw new InputError('headers', `The header "${key.slice(0, 40)}" has a name or value that cannot be sent (line breaks or invalid characters).`);
    }
    if (!RESERVED_HEADERS.has(key)) kept[key] = String(value);
  }
  return kept;
}

function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
