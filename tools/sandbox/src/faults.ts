import { STATUS_CODES } from 'node:http';
import { isPlainObject } from './http-utils';

export const FAULT_TYPES = ['rate-limit', 'server-error', 'slow', 'html', 'no-get'] as const;
export type FaultType = (typeof FAULT_TYPES)[number];

/** Which requests a queued fault answers, and how. */
export interface FaultScope {
  /** How many matching requests the fault answers before it is used up; default 1. */
  count?: number;
  /** Only requests with this method. */
  method?: string;
  /** Only requests whose path starts with this (case-insensitive). */
  path?: string;
  /** Wait this long before answering; for `slow` it is the whole point. */
  delayMs?: number;
}

export type Fault =
  | (FaultScope & { type: 'rate-limit'; retryAfterSeconds?: number })
  | (FaultScope & { type: 'server-error'; status?: number })
  | (FaultScope & { type: 'slow'; delayMs: number })
  | (FaultScope & { type: 'html'; status?: number })
  | (FaultScope & { type: 'no-get'; status?: 404 | 405 });

export interface PendingFault {
  fault: Fault;
  remaining: number;
}

export class FaultError extends Error {}

/** Read by humans as well as tests, so `5xx` works as a name for `server-error`. */
const TYPE_ALIASES: Record<string, FaultType> = { '5xx': 'server-error' };
const MAX_DELAY_MS = 60_000;

/**
 * Checks a fault from any source (code, the admin route, the request header) and fills in defaults,
 * so a typo fails loudly at injection instead of silently never matching.
 */
export function parseFault(input: unknown, allowedTypes: readonly FaultType[]): Fault {
  if (!isPlainObject(input)) throw new FaultError('a fault must be a JSON object with a "type"');
  const rawType = String(input['type']);
  const type = TYPE_ALIASES[rawType] ?? rawType;
  if (!allowedTypes.includes(type as FaultType)) {
    throw new FaultError(`unknown fault type "${rawType}"; this server knows ${allowedTypes.join(', ')}`);
  }
  const scope: FaultScope = {
    count: optionalInteger(input, 'count', 1, Number.MAX_SAFE_INTEGER) ?? 1,
    method: optionalString(input, 'method')?.toUpperCase(),
    path: optionalString(input, 'path'),
    delayMs: optionalInteger(input, 'delayMs', 0, MAX_DELAY_MS),
  };
  const status = optionalInteger(input, 'status', 400, 599);
  switch (type as FaultType) {
    case 'rate-limit':
      return { ...scope, type: 'rate-limit', retryAfterSeconds: optionalInteger(input, 'retryAfterSeconds', 0, 86_400) ?? 1 };
    case 'server-error':
      if (status !== undefined && status < 500) throw new FaultError('a server-error status must be 5xx');
      return { ...scope, type: 'server-error', status: status ?? 503 };
    case 'slow':
      if (scope.delayMs === undefined) throw new FaultError('a slow fault needs "delayMs"');
      return { ...scope, type: 'slow', delayMs: scope.delayMs };
    case 'html':
      return { ...scope, type: 'html', status: status ?? 502 };
    case 'no-get':
      if (status !== undefined && status !== 404 && status !== 405) throw new FaultError('a no-get status must be 404 or 405');
      return { ...scope, type: 'no-get', status: status ?? 405 };
  }
}

/**
 * The `x-sandbox-fault` header: either a JSON fault, or `type; key=value; ...`
 * such as `rate-limit; retryAfterSeconds=3` or `slow; delayMs=150`.
 */
export function parseFaultHeader(header: string, allowedTypes: readonly FaultType[]): Fault {
  const trimmed = header.trim();
  if (trimmed.startsWith('{')) {
    try {
      return parseFault(JSON.parse(trimmed), allowedTypes);
    } catch (error) {
      if (error instanceof FaultError) throw error;
      throw new FaultError('the x-sandbox-fault header is not valid JSON');
    }
  }
  const [type, ...pairs] = trimmed.split(';').map((part) => part.trim());
  const fields: Record<string, unknown> = { type };
  for (const pair of pairs.filter(Boolean)) {
    const [key, value] = pair.split('=').map((part) => part.trim());
    fields[key] = /^-?\d+$/.test(value ?? '') ? Number(value) : value;
  }
  // A header fault covers only the request that carries it.
  return parseFault({ ...fields, count: 1 }, allowedTypes);
}

export class FaultQueue {
  private pending: PendingFault[] = [];

  add(fault: Fault): void {
    this.pending.push({ fault, remaining: fault.count ?? 1 });
  }

  /** Consumes one use of the first queued fault that matches the request. */
  take(method: string, path: string): Fault | undefined {
    const entry = this.pending.find((candidate) => matches(candidate.fault, method, path));
    if (!entry) return undefined;
    entry.remaining -= 1;
    if (entry.remaining <= 0) this.pending = this.pending.filter((candidate) => candidate !== entry);
    return entry.fault;
  }

  list(): PendingFault[] {
    return this.pending.map((entry) => ({ fault: { ...entry.fault }, remaining: entry.remaining }));
  }

  clear(): void {
    this.pending = [];
  }
}

function matches(fault: Fault, method: string, path: string): boolean {
  // Only a read can discover that the read endpoints are missing.
  if (fault.type === 'no-get' && method !== 'GET') return false;
  if (fault.method && fault.method !== method) return false;
  return !fault.path || path.toLowerCase().startsWith(fault.path.toLowerCase());
}

/** The page nginx serves when the app behind it is down: what a client sees from a broken proxy. */
export function nginxErrorPage(status: number): string {
  const title = `${status} ${STATUS_CODES[status] ?? 'Error'}`;
  return `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;
}

function optionalInteger(input: Record<string, unknown>, key: string, min: number, max: number): number | undefined {
  const value = input[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new FaultError(`"${key}" must be an integer from ${min} to ${max}`);
  }
  return value;
}

function optionalString(input: Record<string, unknown>, key: string): string | undefined {
  const value = input[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value === '') throw new FaultError(`"${key}" must be a non-empty string`);
  return value;
}
