export { ApiError, endSentence, InputError, invalidResponse, PieceError, reasonOf, withoutFinalStop } from './lib/http/errors';
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
export type { ResponseHeaders } from './lib/http/transport';
export { isRecord, isText, nonBlankText } from './lib/http/json';
export type { Connection, ConnectionCheck } from './lib/piece/connection';
export { INTERACTIVE_BUDGET_MS, interactiveCall, ranOutOfTime } from './lib/piece/interactive';
export type { InteractiveCall, RequestTuning } from './lib/piece/interactive';
export { enumOptions, parseEnum } from './lib/props/enum';
export type { DropdownOption } from './lib/props/enum';
export { CONNECT_FIRST, disabledDropdown, enumDropdown } from './lib/props/dropdown';
export type { EnumDropdownParams } from './lib/props/dropdown';
export { isBlank, optionalText } from './lib/props/optional';
export type { TextOptions } from './lib/props/optional';
export { createCustomApiCallAction, pathUnderBase } from './lib/actions/custom-api-call';
export type { CustomApiCallParams } from './lib/actions/custom-api-call';
export { USER_STATUSES, USER_STATUS_LABELS, userStatusDropdown } from './lib/props/user-status';
export type { UserStatus } from './lib/props/user-status';
export { AuditTrail, diffFields, isPreview, previewOnlyProp, unreadFields } from './lib/piece/change-report';
export type { ChangeAudit, ChangeReport, FieldChange } from './lib/piece/change-report';
export { withRequestScope } from './lib/http/request';
export type { RequestScope } from './lib/http/request';
export { checkItems, chooseItemList, itemRecord, itemTarget, MAX_BULK_ITEMS, parseItemList, REASON_LENGTH, shortReason } from './lib/bulk/items';
export type { CheckedItem } from './lib/bulk/items';
export { BatchAudit, countOutcomes, describeCounts, ITEM_OUTCOMES, MAX_AUDIT_REQUEST_IDS } from './lib/bulk/outcome';
export type { BulkAudit, ItemOutcome, ItemResult, OutcomeCounts } from './lib/bulk/outcome';
export { MAX_RATE_LIMITED_TRIES, MAY_HAVE_BEEN_APPLIED, runBulk, startBudget } from './lib/bulk/run';
export type { BulkBudget, BulkItem, BulkJob, BulkOutput, ItemDone } from './lib/bulk/run';
export {
  BULK_FINISH_GRACE_MS,
  bulkSettingsProps,
  DEFAULT_CONCURRENCY,
  DEFAULT_TIME_BUDGET_SECONDS,
  MAX_CONCURRENCY,
  parseBulkSettings,
} from './lib/bulk/settings';
export type { BulkSettings, BulkSettingsProps } from './lib/bulk/settings';
export { stoppedStepError, stopsTheStep } from './lib/bulk/stop';
export { runBulkAction } from './lib/bulk/action';
export type { BulkActionProps, BulkActionSpec, BulkContext } from './lib/bulk/action';
