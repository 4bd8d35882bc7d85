import { ApiError } from '../http/errors';
import { RequestOptions } from '../http/request';

/** How patient one request is: attempts, the time each may take, and when the whole call must end. */
export type RequestTuning = Pick<RequestOptions, 'maxAttempts' | 'timeoutMs' | 'deadline'>;

/**
 * Each request of a call a person sits and waits on (the connection form, a dropdown): one attempt
 * of 10 s, so a dead server is reported in 10 s and "did not answer within 10 s" is the whole story.
 * A step run keeps the client's retries and 30 s per attempt.
 */
export const INTERACTIVE_REQUEST = { maxAttempts: 1, timeoutMs: 10_000 } as const satisfies RequestTuning;

/**
 * The whole time a dropdown's `options()` or the connection check may take, however the server
 * behaves: the engine kills those calls at 60 s (AP_TRIGGER_TIMEOUT_SECONDS) with a generic failure.
 * Ten pages of 10 s each would take 100 s; with one deadline taken when the call starts, no request
 * starts, and none runs, past it.
 */
export const INTERACTIVE_BUDGET_MS = 45_000;

/** The tuning of every request of one interactive call, with the call's deadline. */
export type InteractiveCall = RequestTuning & { deadline: number };

/** INTERACTIVE_REQUEST, bounded by one budget that starts now: take it once per dropdown or check. */
export function interactiveCall(): InteractiveCall {
  return { ...INTERACTIVE_REQUEST, deadline: Date.now() + INTERACTIVE_BUDGET_MS };
}

/**
 * True when a request failed because the call's budget is spent: the client refuses to start one
 * past the deadline, and one that was cut short by it times out within a second of it.
 */
export function ranOutOfTime(error: unknown, deadline: number): boolean {
  return error instanceof ApiError && error.kind === 'timeout' && Date.now() >= deadline - 1_000;
}
