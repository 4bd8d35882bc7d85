import { STATUS_CODES, type ServerResponse } from 'node:http';
import { sendJson } from '../http-utils';

// The real server is Fastify. Errors raised by Fastify itself (routing, body parsing, schema
// validation, rate limiting) carry Fastify's shape; errors raised by Activepieces code carry {code, params}.

export interface FastifyError {
  statusCode: number;
  code?: string;
  error: string;
  message: string;
}

export function fastifyError(statusCode: number, message: string, code?: string): FastifyError {
  return { statusCode, ...(code ? { code } : {}), error: STATUS_CODES[statusCode] ?? 'Error', message };
}

/** Fastify prefixes each issue with where it was found (`params/id`, `body/status`) and joins them with ", ". */
export function validationError(issues: string[]): FastifyError {
  return fastifyError(400, issues.join(', '), 'FST_ERR_VALIDATION');
}

export function routeNotFound(method: string, rawUrl: string): FastifyError {
  return fastifyError(404, `Route ${method}:${rawUrl} not found`);
}

/**
 * find-my-way decodes the path before routing, and Fastify answers a malformed percent escape itself,
 * before any hook, schema or auth runs: this body (in this key order), quoting the URL as sent, with a
 * bare `application/json` type. Escapes in the query string are not checked (Fastify keeps them as sent).
 */
export function sendBadUrl(res: ServerResponse, rawUrl: string): void {
  const body = { error: 'Bad Request', code: 'FST_ERR_BAD_URL', message: `'${rawUrl}' is not a valid url component`, statusCode: 400 };
  sendJson(res, 400, body, { contentType: 'application/json' });
}

export function sendFastifyError(res: ServerResponse, error: FastifyError, headers: Record<string, string> = {}): void {
  sendJson(res, error.statusCode, error, { headers });
}

/** An Activepieces application error: `{code, params}`. */
export function sendApError(res: ServerResponse, status: number, code: string, params: Record<string, string> = {}): void {
  sendJson(res, status, { code, params });
}
