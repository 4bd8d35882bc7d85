// The engine's strict network mode (AP_NETWORK_MODE=STRICT) patches dns.lookup and
// net.Socket.prototype.connect. This stand-in does the same for loopback addresses, so the test
// shows what a flow builder gets when the guard refuses the connection's base URL.
import dns from 'node:dns';
import { isIP, Socket } from 'node:net';
import { ApiError, createHttpClient } from '../src';
import { respond, useTestServer } from '../testing';

const TOKEN = 'sk-GuardTest0123456789abcdefghijklmnop';
const { server, url } = useTestServer();
const client = createHttpClient({ provider: 'Example', retry: { baseDelayMs: 5 } });

function blockedError(host: string, ip: string): Error {
  const error = new Error(`SSRF protection: refusing to connect to ${host} (resolved ${ip}) — private, loopback, link-local, or multicast address`);
  error.name = 'SSRFBlockedError';
  return error;
}

const isLoopback = (ip: string) => ip.startsWith('127.') || ip === '::1';

let restore: () => void;
const uncaught: unknown[] = [];
const onUncaught = (error: unknown) => uncaught.push(error);

beforeAll(() => {
  const originalConnect = Socket.prototype.connect;
  const originalLookup = dns.lookup;
  Socket.prototype.connect = function guardedConnect(this: Socket, ...args: unknown[]): Socket {
    // Node's own callers pass their normalised arguments as one array.
    const first = Array.isArray(args[0]) ? args[0][0] : args[0];
    const host = typeof first === 'object' && first !== null ? (first as { host?: string }).host : undefined;
    if (host !== undefined && isIP(host) !== 0 && isLoopback(host)) {
      this.destroy(blockedError(host, host));
      return this;
    }
    return (originalConnect as (...a: unknown[]) => Socket).apply(this, args);
  } as typeof Socket.prototype.connect;
  const guardedLookup = ((hostname: string, options: unknown, callback?: unknown) => {
    const done = (typeof options === 'function' ? options : callback) as (...a: unknown[]) => void;
    const opts = typeof options === 'object' && options !== null ? options : {};
    originalLookup(hostname, { ...opts, all: true }, (err, addresses) => {
      if (err) return done(err);
      const blocked = addresses.find((entry) => isLoopback(entry.address));
      if (blocked) return done(blockedError(hostname, blocked.address), '', 0);
      return (opts as { all?: boolean }).all ? done(null, addresses) : done(null, addresses[0].address, addresses[0].family);
    });
  }) as unknown as typeof dns.lookup;
  dns.lookup = guardedLookup;
  process.on('uncaughtException', onUncaught);
  restore = () => {
    Socket.prototype.connect = originalConnect;
    dns.lookup = originalLookup;
    process.off('uncaughtException', onUncaught);
  };
});
afterAll(() => restore());

describe('strict network mode refuses the base URL', () => {
  it.each([
    ['an IP literal', (port: string) => `http://127.0.0.1:${port}`, '127.0.0.1'],
    ['a host name', (port: string) => `http://localhost:${port}`, 'localhost'],
  ])('for %s: one clear error, no retry, no uncaught exception', async (_kind, baseUrlFor, hostname) => {
    server.always(respond(200, {}));
    const port = new URL(url()).port;
    const error = await client.request({ baseUrl: baseUrlFor(port), token: TOKEN, method: 'GET', path: '/x' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).kind).toBe('blocked');
    expect((error as ApiError).retryable).toBe(false);
    expect((error as ApiError).message).toMatch(
      new RegExp(
        `^The Activepieces engine's network protection \\(AP_NETWORK_MODE=STRICT\\) refused to connect to ${hostname}:${port}( \\(it resolves to [0-9a-f.:]+\\))?: ` +
          `it blocks loopback, private and link-local addresses\\. Ask the Activepieces admin to add that IP address or its range to AP_SSRF_ALLOW_LIST \\(IPs or CIDRs, not host names\\), or use a public https:// base URL\\.$`,
      ),
    );
    expect(server.requests).toHaveLength(0);
    // Give a stray socket error a few turns to surface.
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(uncaught).toEqual([]);
  });
});
