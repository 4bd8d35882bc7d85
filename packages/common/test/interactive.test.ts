import { ApiError, INTERACTIVE_BUDGET_MS, interactiveCall, InputError, ranOutOfTime } from '../src';

const timeout = new ApiError({ kind: 'timeout', message: 'Example did not answer in the time this call has', retryable: false });

describe('interactiveCall', () => {
  afterEach(() => jest.useRealTimers());

  it('gives every request one attempt of 10 s, all within one 45 s budget that starts now', () => {
    jest.useFakeTimers({ now: 1_000_000 });
    expect(INTERACTIVE_BUDGET_MS).toBe(45_000);
    expect(interactiveCall()).toEqual({ maxAttempts: 1, timeoutMs: 10_000, deadline: 1_045_000 });
  });
});

describe('ranOutOfTime', () => {
  afterEach(() => jest.useRealTimers());

  it('is a timeout within a second of the deadline, or past it', () => {
    jest.useFakeTimers({ now: 100_000 });
    expect(ranOutOfTime(timeout, 101_000)).toBe(true);
    expect(ranOutOfTime(timeout, 90_000)).toBe(true);
    expect(ranOutOfTime(timeout, 101_001)).toBe(false);
  });

  it('is never any other failure', () => {
    jest.useFakeTimers({ now: 100_000 });
    expect(ranOutOfTime(new ApiError({ kind: 'network', message: 'refused', retryable: true }), 0)).toBe(false);
    expect(ranOutOfTime(new InputError('baseUrl', 'bad'), 0)).toBe(false);
    expect(ranOutOfTime(new Error('bug'), 0)).toBe(false);
  });
});
