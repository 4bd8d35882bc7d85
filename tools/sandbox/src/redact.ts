import type { IncomingHttpHeaders } from 'node:http';
import type { RecordedRequest } from './fake-server';

// `GET /__sandbox/state` is served over HTTP, so it must not hand out what clients authenticated
// with. The in-process `requests` keep everything: tests assert on the real headers.

export const MASK = '[masked]';

/** Header, query and body field names whose values are credentials. */
const SECRET_NAME = /authorization|cookie|token|secret|passw|api[-_]?key|session|credential|signature/i;
/** `Bearer abc`, `Basic abc`: the scheme is kept, so the state still says how the client authenticated. */
const AUTH_SCHEME_VALUE = /^(bearer|basic|digest|token|apikey|negotiate|ntlm|hoba|mutual|aws4-hmac-sha256)\s+\S/i;
const MAX_DEPTH = 20;

/** A copy of the request that shows no credential, and no part of one. */
export function maskRequest(request: RecordedRequest, knownSecrets: readonly string[]): RecordedRequest {
  const scrub = (text: string) => knownSecrets.reduce((result, secret) => (secret ? result.split(secret).join(MASK) : result), text);
  return {
    ...request,
    path: scrub(request.path),
    query: maskFields(request.query, scrub, 0) as Record<string, string>,
    headers: maskHeaders(request.headers, scrub),
    body: typeof request.body === 'string' ? scrub(request.body) : maskFields(request.body, scrub, 0),
  };
}

/** `Bearer sk-abc` -> `Bearer [masked]`; anything else -> `[masked]`. */
export function maskCredential(value: string): string {
  const scheme = AUTH_SCHEME_VALUE.exec(value.trim());
  return scheme ? `${value.trim().split(/\s+/, 1)[0]} ${MASK}` : MASK;
}

function maskHeaders(headers: IncomingHttpHeaders, scrub: (text: string) => string): IncomingHttpHeaders {
  const masked: IncomingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    const one = (text: string) => (SECRET_NAME.test(name) || AUTH_SCHEME_VALUE.test(text.trim()) ? maskCredential(text) : scrub(text));
    masked[name] = Array.isArray(value) ? value.map(one) : one(value);
  }
  return masked;
}

function maskFields(value: unknown, scrub: (text: string) => string, depth: number): unknown {
  if (typeof value === 'string') return scrub(value);
  if (typeof value !== 'object' || value === null) return value;
  if (depth >= MAX_DEPTH) return MASK;
  if (Array.isArray(value)) return value.map((item) => maskFields(item, scrub, depth + 1));
  return Object.fromEntries(
    Object.entries(value).map(([key, field]) => [key, SECRET_NAME.test(key) && field !== null ? MASK : maskFields(field, scrub, depth + 1)]),
  );
}
