import type { IncomingCall } from '../fake-server';
import { isJsonMediaType, isPlainObject, jsonTypeName, mediaType, parseJson } from '../http-utils';
import { decodeCursor } from './pagination';
import { AP_PLATFORM_ROLES, AP_USER_STATUSES, type ApUserUpdate } from './types';
import { fastifyError, validationError, type FastifyError } from './fastify-errors';

// Messages copy what the real server says: Fastify's `<part>/<field>` prefix plus zod's wording.

export type Checked<T> = { ok: true; value: T } | { ok: false; error: FastifyError };

const USER_ID_PATTERN = /^[0-9a-zA-Z]{21}$/;
export const DEFAULT_LIMIT = 10;
export const MAX_LIMIT = 100;

export function checkUserIdParam(id: string): FastifyError | undefined {
  return USER_ID_PATTERN.test(id) ? undefined : validationError([`params/id must match pattern "${USER_ID_PATTERN.source}"`]);
}

/**
 * Fastify parses the body before validation runs: JSON and text/plain are the only parsers it has
 * by default, and an unparsable JSON body never reaches the schema.
 */
export function parseFastifyBody(call: IncomingCall): Checked<unknown> {
  const contentType = call.headers['content-type'];
  if (call.rawBody === '') {
    if (isJsonMediaType(contentType)) {
      return { ok: false, error: fastifyError(400, "Body cannot be empty when content-type is set to 'application/json'", 'FST_ERR_CTP_EMPTY_JSON_BODY') };
    }
    return { ok: true, value: undefined };
  }
  if (mediaType(contentType) === 'text/plain') return { ok: true, value: call.rawBody };
  if (!isJsonMediaType(contentType)) {
    return { ok: false, error: fastifyError(415, `Unsupported Media Type: ${mediaType(contentType) ?? ''}`, 'FST_ERR_CTP_INVALID_MEDIA_TYPE') };
  }
  const parsed = parseJson(call.rawBody);
  if (!parsed.ok) {
    return { ok: false, error: fastifyError(400, "Body is not valid JSON but content-type is set to 'application/json'", 'FST_ERR_CTP_INVALID_JSON_BODY') };
  }
  return { ok: true, value: parsed.value };
}

/** Unknown keys are dropped, as zod's default object schema does. */
export function checkUserUpdateBody(body: unknown): Checked<ApUserUpdate> {
  if (!isPlainObject(body)) return { ok: false, error: validationError([`body Invalid input: expected object, received ${jsonTypeName(body)}`]) };
  const issues: string[] = [];
  const update: ApUserUpdate = {};
  if (body['status'] !== undefined) {
    if (isOneOf(body['status'], AP_USER_STATUSES)) update.status = body['status'];
    else issues.push(`body/status ${invalidOption(AP_USER_STATUSES)}`);
  }
  if (body['platformRole'] !== undefined) {
    if (isOneOf(body['platformRole'], AP_PLATFORM_ROLES)) update.platformRole = body['platformRole'];
    else issues.push(`body/platformRole ${invalidOption(AP_PLATFORM_ROLES)}`);
  }
  if (body['externalId'] !== undefined) {
    if (typeof body['externalId'] === 'string') update.externalId = body['externalId'];
    else issues.push(`body/externalId Invalid input: expected string, received ${jsonTypeName(body['externalId'])}`);
  }
  return issues.length ? { ok: false, error: validationError(issues) } : { ok: true, value: update };
}

export interface ListQuery extends Paging {
  externalId?: string;
}

export function checkListQuery(query: URLSearchParams): Checked<ListQuery> {
  const issues: string[] = [];
  const result: ListQuery = { ...readPaging(query, issues, { defaultLimit: DEFAULT_LIMIT, maxLimit: MAX_LIMIT }) };
  const externalId = query.get('externalId');
  if (externalId !== null) result.externalId = externalId;
  return issues.length ? { ok: false, error: validationError(issues) } : { ok: true, value: result };
}

export interface Paging {
  limit: number;
  cursor?: ReturnType<typeof decodeCursor>;
}

/**
 * `limit` and `cursor` as every list endpoint takes them, adding what is wrong to `issues`. Only the
 * user list bounds `limit` (1..100); the other lists' schemas take any number (`z.coerce.number()`).
 */
export function readPaging(query: URLSearchParams, issues: string[], options: { defaultLimit: number; maxLimit?: number }): Paging {
  const result: Paging = { limit: options.defaultLimit };
  const rawLimit = query.get('limit');
  if (rawLimit !== null) {
    const limit = Number(rawLimit);
    if (rawLimit.trim() === '' || Number.isNaN(limit)) issues.push('querystring/limit Invalid input: expected number, received NaN');
    else if (options.maxLimit === undefined) result.limit = limit;
    else if (!Number.isInteger(limit)) issues.push('querystring/limit Invalid input: expected int, received number');
    else if (limit > options.maxLimit) issues.push(`querystring/limit Too big: expected number to be <=${options.maxLimit}`);
    else if (limit < 1) issues.push('querystring/limit Too small: expected number to be >=1');
    else result.limit = limit;
  }
  const rawCursor = query.get('cursor');
  if (rawCursor !== null && rawCursor !== '') {
    // The real server fails on a cursor it did not issue; a 400 here says more than its 500.
    result.cursor = decodeCursor(rawCursor);
    if (!result.cursor) issues.push('querystring/cursor Invalid cursor');
  }
  return result;
}

export function isOneOf<T extends string>(value: unknown, options: readonly T[]): value is T {
  return typeof value === 'string' && (options as readonly string[]).includes(value);
}

export function invalidOption(options: readonly string[]): string {
  return `Invalid option: expected one of ${options.map((option) => `"${option}"`).join('|')}`;
}
