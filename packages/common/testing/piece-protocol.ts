// The messages between the runner and the child process that runs one piece call, modelled on today's
// engine (activepieces `core/piece/piece-protocol.ts`, `piece-child.ts`, PR #14889): one request in,
// one `done` reply out. Kept free of heavy imports: the child loads this on every call.

/** A CustomAuth connection's props, e.g. `{ baseUrl, apiToken }`. */
export type ConnectionProps = Record<string, unknown>;

/** The engine's strict network mode (AP_NETWORK_MODE=STRICT), with AP_SSRF_ALLOW_LIST's IPs and CIDRs. */
export interface NetworkPolicy {
  mode: 'STRICT';
  allowList: string[];
}

/** The one operation a child runs. */
export type PieceCall =
  /** The piece's metadata, as the engine's `describe`. */
  | { kind: 'metadata' }
  /**
   * An action's `run`, with the input processed and validated as the engine does. `builderChecks` adds
   * what the flow builder refuses before a step can run at all: prop names the action does not declare,
   * and required props left out.
   */
  | { kind: 'action'; actionName: string; input: Record<string, unknown>; auth?: ConnectionProps; builderChecks?: boolean }
  /** A dropdown prop's `options()`, given the step's input (unprocessed, as the engine passes it) and the search text. */
  | { kind: 'dropdown'; actionName: string; propName: string; input: Record<string, unknown>; auth?: ConnectionProps; searchValue?: string }
  /** The connection check: `auth.validate({ auth: props, server })`. */
  | { kind: 'validate'; auth: ConnectionProps };

export interface ParentMessage {
  /** The package's entry file (its `main`, by default src/index.js). */
  piecePath: string;
  pieceName: string;
  pieceVersion: string;
  call: PieceCall;
  network?: NetworkPolicy;
}

/** An error as it crosses the process boundary. */
export interface SerializedError {
  message: string;
  name?: string;
  stack?: string;
  [key: string]: unknown;
}

export type ChildMessage =
  | { type: 'done'; success: true; result: unknown }
  /** `uncaught`: the error reached the child's uncaughtException/unhandledRejection handler instead of the call's own promise. */
  | { type: 'done'; success: false; error: SerializedError; uncaught?: boolean };

/** Properties the engine copies from any error, enumerable or not, besides its own enumerable ones. */
const WELL_KNOWN_ERROR_KEYS = ['response', 'request', 'status', 'headers', 'body', 'error'];

/** A value as JSON would keep it, or undefined when it cannot be read or written. */
function jsonCopy(read: () => unknown): unknown {
  try {
    const value = read();
    return value === undefined ? undefined : JSON.parse(JSON.stringify(value));
  } catch {
    return undefined;
  }
}

/** The child's side: own enumerable keys and the well-known ones (as JSON), then message, name and stack. */
export function serializeError(error: unknown): SerializedError {
  if (!(error instanceof Error)) return { message: String(error) };
  const details: Record<string, unknown> = {};
  for (const key of [...Object.keys(error), ...WELL_KNOWN_ERROR_KEYS]) {
    const value = jsonCopy(() => Reflect.get(error, key));
    if (value !== undefined) details[key] = value;
  }
  return {
    ...details,
    message: error.message,
    name: error.name === 'Error' ? error.constructor.name : error.name,
    stack: error.stack,
  };
}

/** The parent's side: `Object.assign(new Error(message), details)`, with the child's name and stack. */
export function deserializeError({ message, name, stack, ...details }: SerializedError): Error {
  const error = Object.assign(new Error(message), details);
  if (name !== undefined) error.name = name;
  if (stack !== undefined) error.stack = stack;
  return error;
}

/** A result as the child can send it: functions and promises dropped, recursively. */
export function toTransferable(value: unknown): unknown {
  if (typeof value === 'function' || isThenable(value)) return undefined;
  if (Array.isArray(value)) return value.map(toTransferable);
  if (value === null || typeof value !== 'object' || Buffer.isBuffer(value) || value instanceof Date) return value;
  return Object.fromEntries(
    Object.entries(value)
      .map(([key, item]) => [key, toTransferable(item)] as const)
      .filter(([, item]) => item !== undefined),
  );
}

function isThenable(value: unknown): boolean {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}
