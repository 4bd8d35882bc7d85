import { ApiError, withoutFinalStop } from '../http/errors';

/**
 * Failures that are about the connection, not about one item: the key was refused (401, 403), the
 * certificate or the host is wrong, the engine's network protection refused the address, or the
 * server could not be reached (after the client's own retries). Every later item would fail the
 * same way, so the step stops at once with one message instead of failing each of them.
 */
export function stopsTheStep(error: unknown): error is ApiError {
  if (!(error instanceof ApiError)) return false;
  return error.status === 401 || error.status === 403 || error.kind === 'blocked' || error.kind === 'network';
}

/** The error that stopped the step, with what the step had done before: how many users were written. */
export function stoppedStepError(cause: ApiError, doneBefore: string): ApiError {
  return new ApiError({
    kind: cause.kind,
    status: cause.status,
    code: cause.code,
    providerMessage: cause.providerMessage,
    requestId: cause.requestId,
    message: `${withoutFinalStop(cause.message)}. The step stopped there: ${doneBefore}`,
    retryable: false,
  });
}
