import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';

export const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

/**
 * Large enough for any user update; anything bigger is a client bug the sandbox should not buffer.
 * Also Fastify's default `bodyLimit`, so the Activepieces fake refuses what the real server refuses.
 */
export const MAX_BODY_BYTES = 1024 * 1024;

export class BodyTooLargeError extends Error {
  constructor() {
    super(`request body larger than ${MAX_BODY_BYTES} bytes`);
  }
}

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw new BodyTooLargeError();
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export type JsonParseResult = { ok: true; value: unknown } | { ok: false };

export function parseJson(raw: string): JsonParseResult {
  try {
    return { ok: true, value: JSON.parse(raw) };
  } catch {
    return { ok: false };
  }
}

/** The media type without parameters, lower-cased: `application/json; charset=utf-8` -> `application/json`. */
export function mediaType(contentType: string | undefined): string | undefined {
  const type = contentType?.split(';')[0].trim().toLowerCase();
  return type ? type : undefined;
}

export function isJsonMediaType(contentType: string | undefined): boolean {
  const type = mediaType(contentType);
  return type === 'application/json' || (type?.endsWith('+json') ?? false);
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** How validators name a JSON value's type in their messages. */
export function jsonTypeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  options: { contentType?: string; headers?: OutgoingHttpHeaders } = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...options.headers,
    'content-type': options.contentType ?? JSON_CONTENT_TYPE,
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

export function sendText(res: ServerResponse, status: number, text: string, contentType: string): void {
  res.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

export function sendEmpty(res: ServerResponse, status: number, headers: OutgoingHttpHeaders = {}): void {
  res.writeHead(status, { ...headers, 'content-length': 0 });
  res.end();
}

/**
 * Splits a request target (`/path?query`) without resolving it against a base URL, so `//x` stays a
 * path, dot segments stay as sent (as Fastify routes them) and nothing here can throw.
 */
export function splitRequestTarget(rawUrl: string): { path: string; query: URLSearchParams } {
  const withoutFragment = rawUrl.split('#', 1)[0];
  const queryAt = withoutFragment.indexOf('?');
  if (queryAt === -1) return { path: withoutFragment, query: new URLSearchParams() };
  return { path: withoutFragment.slice(0, queryAt), query: new URLSearchParams(withoutFragment.slice(queryAt + 1)) };
}

/** Undefined when the text holds a malformed percent escape (`%zz`, or bytes that are not UTF-8). */
export function tryDecodeURIComponent(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

export function bearerToken(authorization: string | undefined): string | undefined {
  return authorization?.startsWith('Bearer ') ? authorization.slice('Bearer '.length) : undefined;
}
