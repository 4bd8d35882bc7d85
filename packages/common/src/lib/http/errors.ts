/**
 * Errors a flow builder sees. Today's engine (structured step errors, Activepieces PR #13453) shows
 * `message` as it is, takes its headline from a numeric `status`, and prints `util.inspect(error)`
 * under "Technical Details"; older engines printed the message with its stack. So the message is a
 * plain sentence, and every own property is something a project member may read: tokens,
 * Authorization headers and request bodies never go in. No `error`, `body`, `response` or `request`
 * property either: the engine would replace our sentence with whatever it found there.
 */

export type ApiErrorKind = 'http' | 'network' | 'timeout' | 'invalid_response' | 'blocked';

/** The one base of every error this project throws on purpose: its message is a sentence to act on. */
export abstract class PieceError extends Error {
  /** The sentence itself; kept as a name of its own for callers that quote one error in another. */
  get summary(): string {
    return this.message;
  }
}

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
}

/** A request that failed: an HTTP error status, a transport failure, or an answer that cannot be used. */
export class ApiError extends PieceError {
  override readonly name = 'ApiError';
  readonly kind: ApiErrorKind;
  /** The HTTP status, when there was one: the builder's headline. */
  // `declare`: an absent field stays absent instead of becoming an own `undefined` property.
  declare readonly status?: number;
  declare readonly code?: string;
  declare readonly providerMessage?: string;
  declare readonly requestId?: string;
  /** How many attempts the request made before it failed; set by the request function. */
  declare readonly attempts?: number;
  /** The wait the server asked for (Retry-After, in ms) on the last attempt; set by the request function. */
  declare readonly retryAfterMs?: number;
  readonly retryable: boolean;

  constructor(init: ApiErrorInit) {
    super(endSentence(init.message));
    this.kind = init.kind;
    this.retryable = init.retryable;
    // Only what is known becomes a property, so `util.inspect` shows no empty fields.
    const known = { status: init.status, code: init.code, providerMessage: init.providerMessage, requestId: init.requestId };
    for (const [key, value] of Object.entries(known)) {
      if (value !== undefined) Object.defineProperty(this, key, { value, enumerable: true });
    }
  }
}

/** Records on a request's final error how many attempts it made (e.g. to tell an ambiguous write). */
export function withAttemptCount(error: ApiError, attempts: number): ApiError {
  Object.defineProperty(error, 'attempts', { value: attempts, enumerable: true });
  return error;
}

/** Records on a failed request's error the wait its answer asked for, when it asked for one. */
export function withRetryAfter(error: ApiError, retryAfterMs: number | undefined): ApiError {
  if (retryAfterMs !== undefined) Object.defineProperty(error, 'retryAfterMs', { value: retryAfterMs, enumerable: true });
  return error;
}

/** Input refused before any request was made. */
export class InputError extends PieceError {
  override readonly name = 'InputError';
  /** The prop (or props, comma-separated) to correct. */
  readonly field: string;

  constructor(field: string, sentence: string) {
    super(endSentence(sentence));
    this.field = field;
  }
}

/** Adds a full stop unless the text already ends a sentence. */
export function endSentence(text: string): string {
  const trimmed = text.trim();
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

/** A sentence without its closing punctuation, so it can go on inside another: "…: Not Found, and …". */
export function withoutFinalStop(text: string): string {
  return text.trimEnd().replace(/[.!?]+$/, '');
}

/**
 * The one policy for showing an error we did not throw on purpose, in a dropdown, the connection
 * form, or quoted inside another error: a PieceError says its own sentence; anything else is a bug
 * of ours whose message may hold request details (a URL, a header, a body), so only its name is
 * shown: "unexpected error (TypeError)", after `whatFailed` when given
 * ("Could not load users: unexpected error (TypeError)").
 */
export function reasonOf(error: unknown, whatFailed?: string): string {
  if (error instanceof PieceError) return error.summary;
  const unexpected = `unexpected error (${error instanceof Error ? error.name : typeof error})`;
  return whatFailed === undefined ? unexpected : `${whatFailed}: ${unexpected}`;
}

/**
 * A 2xx whose body this piece cannot use (a web page, another user, the wrong shape). It is not
 * retried: the same request would bring the same answer, and a write may already have been applied.
 */
export function invalidResponse(response: { status: number; requestId?: string; redact?: (text: string) => string }, message: string, code?: string): ApiError {
  // A message built from a raw body (see `rawBody`) may quote what the server echoed: redact it here, once.
  const said = response.redact === undefined ? message : response.redact(message);
  return new ApiError({ kind: 'invalid_response', status: response.status, code, message: said, requestId: response.requestId, retryable: false });
}
