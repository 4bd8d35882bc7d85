export { ApiError, endSentence, InputError, PieceError } from './lib/http/errors';
export type { ApiErrorKind, ApiErrorInit } from './lib/http/errors';
export { createHttpClient, defaultMapping } from './lib/http/request';
export type {
  ApiResponse,
  ErrorMapper,
  HttpClient,
  HttpClientConfig,
  HttpFailure,
  HttpMethod,
  MappedError,
  RequestOptions,
} from './lib/http/request';
export { DEFAULT_RETRY_POLICY, parseRetryAfter, backoffDelay } from './lib/http/retry';
export type { RetryPolicy } from './lib/http/retry';
export { normalizeBaseUrl } from './lib/http/url';
export { createRedactor, redactValue, REDACTED } from './lib/http/redact';
export type { Redact } from './lib/http/redact';
export { MAX_BODY_BYTES } from './lib/http/transport';
export type { QueryValue } from './lib/http/url';
export { enumOptions, parseEnum } from './lib/props/enum';
export type { DropdownOption } from './lib/props/enum';
export { isBlank, optionalText } from './lib/props/optional';
export type { TextOptions } from './lib/props/optional';
export { createCustomApiCallAction, pathUnderBase } from './lib/actions/custom-api-call';
export type { Connection, CustomApiCallParams } from './lib/actions/custom-api-call';
export { USER_STATUSES, USER_STATUS_LABELS } from './lib/props/user-status';
export type { UserStatus } from './lib/props/user-status';
export type { ResponseHeaders } from './lib/http/transport';
