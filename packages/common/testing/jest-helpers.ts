// Helpers that hook into Jest (lifecycle hooks, the fake clock): import them only from test files.
import { PieceError } from '../src';
import { TestServer } from './test-server';

export interface LiveTestServer {
  server: TestServer;
  /** `http://127.0.0.1:<port>`; known once the server listens, so call it inside a test or a hook. */
  url(): string;
}

/** One real HTTP server for the calling test file (or describe): started first, emptied after each test, stopped last. */
export function useTestServer(): LiveTestServer {
  const server = new TestServer();
  let origin: string | undefined;
  beforeAll(async () => {
    origin = await server.start();
  });
  afterEach(() => server.reset());
  afterAll(() => server.stop());
  return {
    server,
    url: () => {
      if (origin === undefined) throw new Error('the test server is not listening yet: call url() inside a test or a hook');
      return origin;
    },
  };
}

/** How long `settlesAfter` lets real I/O run for a step before it fails the test. */
const REAL_WAIT_MS = 2_000;

/**
 * Runs `call` while `server` takes every request and never answers, on Jest's fake clock (sockets,
 * `setImmediate` and `performance` stay real). Fails unless exactly one request reaches the server,
 * the call is still waiting at `ms - 1` and has settled at `ms`, so a retry, a shorter or a longer
 * timeout shows. Returns what the call resolved to, or rejects with what it rejected with.
 */
export async function settlesAfter<T>(ms: number, server: TestServer, call: () => Promise<T>): Promise<T> {
  fakeDateAndTimers();
  try {
    server.always(() => undefined);
    let settled = false;
    const outcome = Promise.resolve()
      .then(call)
      .finally(() => {
        settled = true;
      });
    outcome.catch(() => undefined);
    await until(() => settled || server.requests.length > 0, 'no request reached the server');
    if (settled) throw new Error('the call settled before the clock moved');
    await jest.advanceTimersByTimeAsync(ms - 1);
    // Real turns, so a give-up that has to pass through socket events shows before the check.
    await realTurns(20);
    if (settled) throw new Error(`the call settled before ${ms} ms`);
    await jest.advanceTimersByTimeAsync(1);
    // Bounded, so a call that waits to try again (the clock stays at `ms`) fails the test instead of hanging it.
    await until(() => settled, `the call had not settled at ${ms} ms: it waits longer, or waits to try again`);
    // Real turns, so a request still on its way is counted too.
    await realTurns(20);
    if (server.requests.length !== 1) throw new Error(`expected exactly one request, the server got ${server.requests.length}`);
    return await outcome;
  } finally {
    jest.useRealTimers();
  }
}

/** Lets real I/O run until `condition` holds; fails with `failure` after REAL_WAIT_MS of real time. */
async function until(condition: () => boolean, failure: string | (() => string)): Promise<void> {
  const deadline = performance.now() + REAL_WAIT_MS;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error(typeof failure === 'string' ? failure : failure());
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** Lets real I/O run until `server` has seen `count` requests (at most REAL_WAIT_MS of real time). */
export async function untilRequests(server: TestServer, count: number): Promise<void> {
  await until(() => server.requests.length >= count, () => `the server saw ${server.requests.length} requests, not ${count}`);
}

/** Jest's fake clock for `Date` alone: timers, sockets and promises stay real. Undo with `jest.useRealTimers()`. */
export function fakeDateOnly(): void {
  jest.useFakeTimers({
    doNotFake: ['nextTick', 'setImmediate', 'clearImmediate', 'queueMicrotask', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'hrtime', 'performance'],
  });
}

/** Jest's fake clock for `Date` and timers; sockets, `setImmediate` and promises stay real. Undo with `jest.useRealTimers()`. */
export function fakeDateAndTimers(): void {
  jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'clearImmediate', 'queueMicrotask', 'hrtime', 'performance'] });
}

async function realTurns(count: number): Promise<void> {
  for (let turn = 0; turn < count; turn++) await new Promise((resolve) => setImmediate(resolve));
}

/** A class of error this project throws on purpose, abstract or not. */
type PieceErrorClass<E extends PieceError> = abstract new (...args: never[]) => E;

/**
 * The error a promise rejects with. Fails the test when the promise resolves, and rethrows an error
 * that is not a `type`: by default any PieceError (an ApiError or an InputError); `rejection(p, ApiError)`
 * takes only an ApiError.
 */
export function rejection(promise: Promise<unknown>): Promise<PieceError>;
export function rejection<E extends PieceError>(promise: Promise<unknown>, type: PieceErrorClass<E>): Promise<E>;
export async function rejection(promise: Promise<unknown>, type: PieceErrorClass<PieceError> = PieceError): Promise<PieceError> {
  const outcome = await promise.then(
    (value: unknown) => ({ resolved: value }),
    (error: unknown) => ({ error }),
  );
  if (!('error' in outcome)) throw new Error(`expected a rejection, got ${JSON.stringify(outcome.resolved)}`);
  if (!(outcome.error instanceof type)) throw outcome.error;
  return outcome.error;
}
