import { AsyncLocalStorage } from 'node:async_hooks';
import { decodeBody } from './body';
import { ApiError, InputError, withAttemptCount, withoutFinalStop, withRetryAfter } from './errors';
import { ErrorMapper, excerptOf, findRequestId, HttpFailure, HttpMethod, httpError, tryParseJson } from './failure';
import { describeNetworkFailure } from './network-error';
import { createRedactor, Redact, redactExact, redactValue } from './redact';
import { backoffDelay, DEFAULT_RETRY_POLICY, parseRetryAfter, RetryPolicy } from './retry';
import { exchange, ExchangeOutcome, MAX_BODY_BYTES, OutgoingRequest, ResponseHeaders } from './transport';
import { buildUrl, expandPath, normalizeBaseUrl, QueryValue } from './url';

export type { ErrorMapper, HttpFailure, HttpMethod, MappedError } from './failure';
export { defaultMapping } from './failure';

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
  /**
   * The body exactly as received, secrets included. Only for a read whose data is written back to
   * the same API; anything that may reach a step's output keeps the default, where every string
   * the token shows up in is redacted.
   */
  rawBody?: boolean;
}

export interface ApiResponse<T> {
  status: number;
  headers: ResponseHeaders;
  body: T;
  requestId?: string;
  /** How many attempts it took. */
  attempts: number;
  /** The provider's request ids of every attempt, in order (a retried 429's own id included). */
  requestIds: string[];
  /**
   * This request's redactor (the token, the request body). A caller that asked for `rawBody` and
   * quotes any of it in a message or an output passes the text through this first.
   */
  redact: Redact;
}

export interface HttpClient {
  request<T>(options: RequestOptions): Promise<ApiResponse<T>>;
  normalizeBaseUrl(raw: unknown): string;
}

/**
 * What a caller running many requests at once (a bulk step's workers) sets for every request made
 * inside `withRequestScope`, however deep the piece code that makes it: the piece's endpoint
 * functions need no extra parameter for it.
 */
export interface RequestScope {
  /**
   * Awaited before every attempt, told the method: a bulk step's shared pause, and how it knows an
   * item has sent a write. It may throw to stop the request before it is sent.
   */
  beforeAttempt?: (method: HttpMethod) => Promise<void>;
  /**
   * When set, a 429, or a 503 with Retry-After, is not waited out here: it is handed to this
   * function and the request fails at once (with `retryAfterMs`), so the caller can pause every
   * worker instead of this one request alone. Told directly, because piece code may reword the error.
   */
  rateLimited?: (error: ApiError) => void;
  /** A deadline for every request in the scope; a request's own earlier deadline still applies. */
  deadline?: number;
}

const requestScopes = new AsyncLocalStorage<RequestScope>();

/** Runs `work` with `scope` applied to every request it makes, including those of concurrent calls it starts. */
export function withRequestScope<T>(scope: RequestScope, work: () => Promise<T>): Promise<T> {
  return requestScopes.run(scope, work);
}

const IDEMPOTENT_METHODS: ReadonlySet<HttpMethod> = new Set(['GET', 'PUT']);
/** Headers only the transport may set: a caller's Host could route the token to another virtual host. */
const RESERVED_HEADERS: ReadonlySet<string> = new Set(['authorization', 'host', 'content-length', 'transfer-encoding', 'connection']);

export function createHttpClient(config: HttpClientConfig): HttpClient {
  const policy = retryPolicyOf(config.retry);
  const defaultTimeoutMs = config.timeoutMs ?? 30_000;

  async function request<T>(options: RequestOptions): Promise<ApiResponse<T>> {
    // Everything that can be refused is checked before the first byte goes out.
    const baseUrl = normalizeBaseUrl(options.baseUrl, config.baseUrlRule, config.baseUrlField);
    // A path without parameters is taken as it is (a custom API call may contain braces).
    const path = options.pathParams === undefined ? options.path : expandPath(options.path, options.pathParams);
    const url = buildUrl(baseUrl, path, options.query);
    const timeoutMs = finiteOrUndefined(options.timeoutMs) ?? defaultTimeoutMs;
    const canRetry = options.idempotent ?? IDEMPOTENT_METHODS.has(options.method);
    const token = checkToken(options.token, config.tokenField ?? 'token', config.tokenLabel ?? 'token');
    const outgoing = buildRequest(options, token);
    const redactToken = createRedactor(token);
    // The whole body too, when it is long enough not to be a common word or number ("0", "true"):
    // a server that echoes it would otherwise put it in the run log.
    const echoedBody = outgoing.body !== undefined && outgoing.body.length >= 16 ? outgoing.body : '';
    const redact: Redact = (text) => redactExact(redactToken(text), echoedBody);
    const scope = requestScopes.getStore();
    const deadline = earliest(finiteOrUndefined(options.deadline), finiteOrUndefined(scope?.deadline));
    const failed = { method: options.method, path, baseUrl };
    const beforeAttempt = scope?.beforeAttempt;
    // A shared pause before the first attempt is the caller's wait, not this request's retry time.
    if (beforeAttempt !== undefined) await beforeAttempt(options.method);
    const startedAt = Date.now();
    const requestIds: string[] = [];

    for (let attempt = 1; ; attempt++) {
      if (attempt > 1 && beforeAttempt !== undefined) await beforeAttempt(options.method);
      // One attempt may not outlast the deadline, nor the retry total that began with the first attempt.
      const left = Math.min(timeoutMs, startedAt + policy.maxTotalMs - Date.now(), deadline === undefined ? Infinity : deadline - Date.now());
      if (left <= 0) throw withAttemptCount(outOfBudget(url, config.provider), attempt - 1);
      const outcome = await exchange(url, outgoing, left);
      if (outcome.kind === 'response' && outcome.status >= 200 && outcome.status < 300) {
        const response = parseSuccess<T>(outcome, attempt, config.provider, redact, options.rawBody === true);
        if (response.requestId !== undefined) requestIds.push(response.requestId);
        return { ...response, requestIds };
      }
      const error = withRetryAfter(failureOf(outcome, failed, url, left, config, redact), retryAfterOf(outcome));
      if (error.requestId !== undefined) requestIds.push(error.requestId);
      if (scope?.rateLimited !== undefined && asksToWait(error)) {
        scope.rateLimited(error);
        throw withAttemptCount(error, attempt);
      }
      const delay = canRetry && error.retryable ? nextDelay(outcome, attempt, policy) : undefined;
      const maxAttempts = Math.min(policy.maxAttempts, finiteOrUndefined(options.maxAttempts) ?? policy.maxAttempts);
      const lastAttempt = attempt >= maxAttempts;
      if (delay === 'too long') throw withAttemptCount(withRetryAfter(withWaitRefused(error, outcome, policy), error.retryAfterMs), attempt);
      const outOfTime =
        typeof delay === 'number' &&
        (Date.now() - startedAt + delay > policy.maxTotalMs || (deadline !== undefined && Date.now() + delay >= deadline));
      if (typeof delay !== 'number' || lastAttempt || outOfTime) {
        throw withAttemptCount(attempt > 1 && error.kind !== 'http' ? withAttempts(error, attempt, Date.now() - startedAt) : error, attempt);
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

function retryAfterOf(outcome: ExchangeOutcome): number | undefined {
  return outcome.kind === 'response' ? parseRetryAfter(outcome.headers.get('retry-after')) : undefined;
}

/** A rate limit: a 429, or a 503 that says when to come back (ASP.NET's rate limiter answers 503 by default). */
function asksToWait(error: ApiError): boolean {
  return error.status === 429 || (error.status === 503 && error.retryAfterMs !== undefined);
}

/** The wait before the next attempt; 'too long' when the server asks for more than the policy accepts. */
function nextDelay(outcome: ExchangeOutcome, attempt: number, policy: RetryPolicy): number | 'too long' {
  const retryAfter = retryAfterOf(outcome);
  if (retryAfter === undefined) return backoffDelay(attempt, policy);
  // A server asking for a longer wait than we accept gets a clear error now, not a stalled step.
  return retryAfter <= policy.maxDelayMs ? retryAfter : 'too long';
}

type ReceivedResponse = Extract<ExchangeOutcome, { kind: 'response' }>;

function parseSuccess<T>(
  response: ReceivedResponse,
  attempts: number,
  provider: string,
  redact: Redact,
  rawBody: boolean,
): Omit<ApiResponse<T>, 'requestIds'> {
  const requestId = findRequestId(response.headers, redact);
  const invalid = (what: string) =>
    new ApiError({
      kind: 'invalid_response',
      status: response.status,
      message: `${provider} answered ${response.status} with a body that ${what}. Check that the base URL points at the API, not at a web page.`,
      requestId,
      retryable: false,
    });
  // Exact: a record read here may be written back, and a guessed character would be written with it.
  const decoded = decodeBody(response.bytes, response.headers, MAX_BODY_BYTES, true);
  if (!decoded.ok) throw decoded.tooLarge ? tooLarge(response.status, MAX_BODY_BYTES, provider) : invalid(decoded.reason);
  let body: unknown = undefined;
  if (decoded.text.trim() !== '') {
    const parsed = tryParseJson(decoded.text);
    if (!parsed.ok) throw invalid(`is not JSON: "${excerptOf(decoded.text, redact)}"`);
    body = rawBody ? parsed.value : redactValue(parsed.value, redact);
  }
  return { status: response.status, headers: response.headers, body: body as T, requestId, attempts, redact };
}

function failureOf(
  outcome: Exclude<ExchangeOutcome, ReceivedResponse> | ReceivedResponse,
  request: Pick<HttpFailure, 'method' | 'path' | 'baseUrl'>,
  url: URL,
  timeoutMs: number,
  config: HttpClientConfig,
  redact: Redact,
): ApiError {
  switch (outcome.kind) {
    case 'response': {
      // Not exact: a few replaced characters do not matter in a quoted error page.
      const decoded = decodeBody(outcome.bytes, outcome.headers, MAX_BODY_BYTES, false);
      if (!decoded.ok && decoded.tooLarge) return tooLarge(outcome.status, MAX_BODY_BYTES, config.provider, url);
      const text = decoded.ok ? decoded.text : '';
      return httpError({ status: outcome.status, headers: outcome.headers, text }, request, config.provider, config.mapError, redact);
    }
    case 'too_large':
      return tooLarge(outcome.status, outcome.limit, config.provider, url);
    case 'timeout':
      return new ApiError({
        kind: 'timeout',
        message: `${config.provider} at ${url.host} did not answer within ${formatSeconds(timeoutMs)}.`,
        retryable: true,
      });
    case 'network': {
      const described = describeNetworkFailure(outcome.error, url.host);
      return new ApiError({
        kind: described.blocked ? 'blocked' : 'network',
        message: redact(described.message),
        retryable: described.retryable,
      });
    }
  }
}

/** A body over the cap, as sent or once decompressed: never retried, since it would only be read again. */
function tooLarge(status: number, limit: number, provider: string, url?: URL): ApiError {
  const where = url === undefined ? '' : ` at ${url.host}`;
  return new ApiError({
    kind: 'invalid_response',
    status,
    message: `${provider}${where} answered with more than ${limit / (1024 * 1024)} MiB, far more than any answer this piece expects; the rest was not read.`,
    retryable: false,
  });
}

/** The policy with the defaults for every field left out, or given as something other than a finite number. */
function retryPolicyOf(given: Partial<RetryPolicy> = {}): RetryPolicy {
  const pick = (key: keyof RetryPolicy) => finiteOrUndefined(given[key]) ?? DEFAULT_RETRY_POLICY[key];
  return { maxAttempts: pick('maxAttempts'), baseDelayMs: pick('baseDelayMs'), maxDelayMs: pick('maxDelayMs'), maxTotalMs: pick('maxTotalMs') };
}

function earliest(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined ? b : b === undefined ? a : Math.min(a, b);
}

function finiteOrUndefined(value: number | undefined): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function outOfBudget(url: URL, provider: string): ApiError {
  return new ApiError({ kind: 'timeout', message: `${provider} at ${url.host} did not answer in the time this call has.`, retryable: false });
}

/** "did not answer within 30 s" alone would hide that three attempts took a minute and a half. */
function withAttempts(error: ApiError, attempts: number, elapsedMs: number): ApiError {
  return new ApiError({
    kind: error.kind,
    message: `${withoutFinalStop(error.message)} (${attempts} attempts over ${formatSeconds(Math.round(elapsedMs / 100) * 100)}).`,
    retryable: error.retryable,
  });
}

/** The server's own reason, plus how long it asked to wait and how long a step is willing to. */
function withWaitRefused(error: ApiError, outcome: ExchangeOutcome, policy: RetryPolicy): ApiError {
  const asked = outcome.kind === 'response' ? parseRetryAfter(outcome.headers.get('retry-after')) ?? 0 : 0;
  return new ApiError({
    kind: error.kind,
    status: error.status,
    code: error.code,
    providerMessage: error.providerMessage,
    requestId: error.requestId,
    message: `${error.message} The server asked to wait ${asked > 86_400_000 ? 'more than a day' : formatSeconds(Math.ceil(asked / 1000) * 1000)} before trying again, longer than the ${formatSeconds(policy.maxDelayMs)} this step waits; run it again later.`,
    retryable: false,
  });
}

function callerHeaders(headers: Record<string, string>): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    const key = name.trim().toLowerCase();
    const text = String(value);
    if (!/^[!#$%&'*+.^_`|~0-9a-z-]+$/.test(key) || /[\r\n\0]/.test(text)) {
      throw new InputError('headers', `The header "${key.slice(0, 40)}" has a name or value that cannot be sent (line breaks or invalid characters).`);
    }
    // HTTP/1.1 carries header values as Latin-1: anything beyond it would reach Node as a raw TypeError.
    if (/[^\t\x20-\x7e\x80-\xff]/.test(text)) {
      throw new InputError(
        'headers',
        `The value of the header "${key.slice(0, 40)}" has characters a header cannot carry (only Latin-1 text, no control characters). Percent-encode it, or send it in the body.`,
      );
    }
    if (!RESERVED_HEADERS.has(key)) kept[key] = text;
  }
  return kept;
}

function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
