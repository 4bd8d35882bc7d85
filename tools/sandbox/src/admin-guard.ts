import type { IncomingHttpHeaders } from 'node:http';
import { mediaType } from './http-utils';

// The admin routes change what the fakes answer and show what they received, without auth. A web page
// the developer visits can reach 127.0.0.1 too, in two ways, and each rule below closes one:
// - CSRF: a page may POST a `text/plain` form to any address without asking. A JSON content type makes
//   the browser ask first (a CORS preflight), which the sandbox never grants.
// - DNS rebinding: a page on evil.example re-points that name at 127.0.0.1 and then reads the answers
//   as same-origin. Its requests still carry `Host: evil.example`, which is refused here.
// API routes keep neither rule: the piece sends JSON anyway, and a container reaches them by name.

const LOOPBACK_HOSTNAMES = ['127.0.0.1', 'localhost', '[::1]'];
/** What Docker Desktop (and `--add-host=host.docker.internal:host-gateway` on Linux) calls this machine. */
const DOCKER_HOST_NAME = 'host.docker.internal';
export interface AdminRefusal {
  status: 403 | 415;
  message: string;
}

/**
 * The host names (without port) an admin request may be addressed to: the loopback names, the address
 * the server listens on, and, when that is not a loopback address (`--host 0.0.0.0` for Docker), the
 * name a container uses for this machine.
 */
export function allowedAdminHostnames(listenHost: string): string[] {
  const listening = (listenHost.includes(':') ? `[${listenHost}]` : listenHost).toLowerCase();
  const loopback = LOOPBACK_HOSTNAMES.includes(listening) || /^127\./.test(listening);
  const names = [...LOOPBACK_HOSTNAMES, ...(loopback ? [] : [DOCKER_HOST_NAME]), listening];
  return [...new Set(names)];
}

/** Undefined when the request may use the admin routes; otherwise what to answer. */
export function refuseAdminRequest(method: string, headers: IncomingHttpHeaders, listenHost: string): AdminRefusal | undefined {
  const allowed = allowedAdminHostnames(listenHost);
  const host = headers.host;
  if (host === undefined || !allowed.includes(hostnameOf(host))) {
    const seen = host === undefined ? 'no Host header' : `Host ${JSON.stringify(host.slice(0, 100))}`;
    return {
      status: 403,
      message:
        `the /__sandbox/ routes answer only requests addressed to ${allowed.join(', ')} (any port); this one had ${seen}. ` +
        'The rule keeps web pages out through DNS rebinding; call the sandbox by one of those names.',
    };
  }
  if (method !== 'GET' && method !== 'HEAD' && mediaType(headers['content-type']) !== 'application/json') {
    const seen = headers['content-type'] === undefined ? 'none' : JSON.stringify(headers['content-type'].slice(0, 100));
    return {
      status: 415,
      message:
        `a ${method} to the /__sandbox/ routes must send Content-Type: application/json, even without a body (got ${seen}). ` +
        'The rule keeps web pages from posting forms to them.',
    };
  }
  return undefined;
}

/** `Host` without its port, lower case: `LocalHost:4010` -> `localhost`, `[::1]:4010` -> `[::1]`. */
function hostnameOf(host: string): string {
  const match = /^(\[[^\]]*\]|[^:]*)(?::\d{1,5})?$/.exec(host.trim());
  return match ? match[1].toLowerCase() : '';
}
