/**
 * Errors a flow builder sees. The Activepieces engine pretty-prints a message that is JSON and
 * prints a stack trace for anything else, so every message here is a small JSON object whose
 * `message` is a sentence. Tokens, Authorization headers and request bodies never go in.
 */

export type ApiErrorKind = 'http' | 'network' | 'timeout' | 'invalid_response';

export interface ApiErrorInit {
  kind: ApiErrorKind;
  /** A sentence the flow builder can act on. */
  message: string;
  status?: number;
  /** The provider's own error code, e.g. ENTITY_NOT_FOUND. */
  code?: string;
  /** The provider's own message, kept apart from ours. */
  providerMessage?: string;
  requestId?: string;
  retryable: boolean;
  /** Host the request went to, for network failures. */
  host?: string;
}

export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly kind: ApiErrorKind;
  readonly status?: number;
  readonly code?: string;
  readonly providerMessage?: string;
  readonly requestId?: string;
  readonly retryable: boolean;
  readonly host?: string;
  /** The plain sentence, without the JSON wrapping. */
  readonly summary: string;

  constructor(init: ApiErrorInit) {
    super(
      JSON.stringify(
        dropUndefined({
          message: init.message,
          status: init.status,
          code: init.code,
          requestId: init.requestId,
        }),
      ),
    );
    this.kind = init.kind;
    this.summary = init.message;
    this.status = init.status;
    this.code = init.code;
    this.providerMessage = init.providerMessage;
    this.requestId = init.requestId;
    this.retryable = init.retryable;
    this.host = init.host;
  }
}

/** Input refused before any request was made. */
export class InputError extends Error {
  override readonly name = 'InputError';
  readonly field: string;
  readonly summary: string;

  constructor(field: string, sentence: string) {
    super(JSON.stringify({ message: sentence, field }));
    this.field = field;
    this.summary = sentence;
  }
}

function dropUndefined(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined));
}
