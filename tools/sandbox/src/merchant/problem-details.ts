import type { ServerResponse } from 'node:http';
import { sendJson } from '../http-utils';

// ASP.NET Core answers errors as RFC 9457 ProblemDetails; `type` points at the RFC 9110 section of the status.

const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';
const RFC9110 = 'https://tools.ietf.org/html/rfc9110';

const STATUS_SECTIONS: Record<number, { section: string; title: string }> = {
  400: { section: '15.5.1', title: 'Bad Request' },
  403: { section: '15.5.4', title: 'Forbidden' },
  404: { section: '15.5.5', title: 'Not Found' },
  412: { section: '15.5.13', title: 'Precondition Failed' },
  415: { section: '15.5.16', title: 'Unsupported Media Type' },
  429: { section: '15.5.29', title: 'Too Many Requests' },
  500: { section: '15.6.1', title: 'An error occurred while processing your request.' },
  502: { section: '15.6.3', title: 'Bad Gateway' },
  503: { section: '15.6.4', title: 'Service Unavailable' },
  504: { section: '15.6.5', title: 'Gateway Timeout' },
};

/** Field name -> messages, keyed as ASP.NET keys them (`FirstName`, `$.isActive`, `id`). */
export type ValidationErrors = Record<string, string[]>;

/**
 * The W3C trace id ASP.NET puts in `traceId`. Derived from the request's sequence number so that
 * tests are repeatable; the same value goes out as `x-request-id`.
 */
export function traceIdFor(sequence: number): string {
  return `00-5a4d0000${sequence.toString(16).padStart(24, '0')}-${sequence.toString(16).padStart(16, '0')}-00`;
}

export function sendProblem(
  res: ServerResponse,
  sequence: number,
  status: number,
  fields: { detail?: string; title?: string; errors?: ValidationErrors } = {},
  headers: Record<string, string> = {},
): void {
  const known = STATUS_SECTIONS[status];
  const body = {
    type: known ? `${RFC9110}#section-${known.section}` : undefined,
    title: fields.title ?? known?.title ?? 'Error',
    status,
    ...(fields.detail ? { detail: fields.detail } : {}),
    ...(fields.errors ? { errors: fields.errors } : {}),
    traceId: traceIdFor(sequence),
  };
  sendJson(res, status, body, { contentType: PROBLEM_CONTENT_TYPE, headers });
}

export function sendValidationProblem(res: ServerResponse, sequence: number, errors: ValidationErrors): void {
  sendProblem(res, sequence, 400, { title: 'One or more validation errors occurred.', errors });
}
