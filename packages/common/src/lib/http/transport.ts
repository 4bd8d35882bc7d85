import { Agent as HttpAgent, IncomingHttpHeaders, IncomingMessage, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { Socket } from 'node:net';
import { checkServerIdentity } from 'node:tls';

/**
 * One HTTP exchange over node:http(s). Not fetch: undici's fetch costs about 0.3 ms more per call
 * on loopback and loads undici on the first call of every fresh engine process. Redirects are not
 * followed.
 *
 * The agents are this module's own, so nothing else in the process can reach their settings:
 * - TLS is verified explicitly. `@activepieces/pieces-common`'s httpClient sets
 *   NODE_TLS_REJECT_UNAUTHORIZED to 0 for the whole process, and anyone can loosen
 *   `https.globalAgent.options`; neither reaches these sockets. NODE_EXTRA_CA_CERTS still adds a
 *   private CA, because the default trust store includes it.
 * - Every socket gets an error listener the moment it exists. The engine's strict network guard
 *   destroys a socket to a refused IP inside `connect()`, before Node's http client listens to it;
 *   without this the error would be an uncaught exception and the request would never settle.
 */

/** No user API answers with more; a larger body is refused, not buffered (an endless body is an attack). */
export const MAX_BODY_BYTES = 8 * 1024 * 1024;
/** Node's default is 16 KiB; some gateways send long cookies or trace headers. Still bounded. */
export const MAX_HEADER_BYTES = 64 * 1024;

/** Response headers with lower-cased names: the part of fetch's Headers that callers use. */
export class ResponseHeaders implements Iterable<[string, string]> {
  constructor(private readonly raw: IncomingHttpHeaders = {}) {}

  get(name: string): string | null {
    const value = this.raw[name.toLowerCase()];
    if (value === undefined) return null;
    return Array.isArray(value) ? value.join(', ') : value;
  }

  *[Symbol.iterator](): Iterator<[string, string]> {
    for (const name of Object.keys(this.raw)) {
      const value = this.get(name);
      if (value !== null) yield [name, value];
    }
  }

  toJSON(): Record<string, string> {
    return Object.fromEntries(this);
  }
}

export type ExchangeOutcome =
  | { kind: 'response'; status: number; headers: ResponseHeaders; bytes: Buffer }
  | { kind: 'too_large'; status: number; limit: number }
  | { kind: 'timeout' }
  | { kind: 'network'; error: unknown };

export interface OutgoingRequest {
  method: string;
  headers: Record<string, string>;
  body?: string;
}

const keepErrorsReported = (socket: Socket): Socket =>
  // The request learns of the error through `socket.errored` (see `exchange`); this listener only
  // keeps an early error from becoming uncaught.
  socket.on('error', () => undefined);

class GuardedHttpAgent extends HttpAgent {
  override createConnection(...args: Parameters<HttpAgent['createConnection']>): Socket {
    return keepErrorsReported(super.createConnection(...args) as Socket);
  }
}

class GuardedHttpsAgent extends HttpsAgent {
  override createConnection(...args: Parameters<HttpAgent['createConnection']>): Socket {
    // `createConnection` is not in @types/node's https.Agent, but Node's agent calls it.
    const create = HttpsAgent.prototype.createConnection as (...a: unknown[]) => Socket;
    return keepErrorsReported(create.apply(this, args));
  }
}

const httpAgent = new GuardedHttpAgent({ keepAlive: true });
const httpsAgent = new GuardedHttpsAgent({
  keepAlive: true,
  rejectUnauthorized: true,
  // Captured at load: a later replacement of tls.checkServerIdentity does not reach these sockets.
  checkServerIdentity,
  minVersion: 'TLSv1.2',
});

/** Never rejects: the outcome says what happened. The deadline covers connect, headers and body. */
export function exchange(url: URL, outgoing: OutgoingRequest, timeoutMs: number): Promise<ExchangeOutcome> {
  return new Promise((resolve) => {
    let settled = false;
    const finish = (outcome: ExchangeOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      resolve(outcome);
    };
    const headers =
      outgoing.body === undefined ? outgoing.headers : { ...outgoing.headers, 'content-length': String(Buffer.byteLength(outgoing.body)) };
    let responseSeen: IncomingMessage | undefined;
    const isHttps = url.protocol === 'https:';
    const send = isHttps ? httpsRequest : httpRequest;
    const request = send(
      url,
      {
        method: outgoing.method,
        headers,
        agent: isHttps ? httpsAgent : httpAgent,
        maxHeaderSize: MAX_HEADER_BYTES,
      },
      (response) => {
        const status = response.statusCode ?? 0;
        responseSeen = response;
        // HEAD, 204 and 304 answers carry no body, whatever their Content-Length says.
        const hasBody = outgoing.method !== 'HEAD' && status !== 204 && status !== 304;
        const declared = Number(response.headers['content-length']);
        if (hasBody && Number.isFinite(declared) && declared > MAX_BODY_BYTES) {
          finish({ kind: 'too_large', status, limit: MAX_BODY_BYTES });
          request.destroy();
          return;
        }
        const chunks: Buffer[] = [];
        let bytesSoFar = 0;
        response.on('data', (chunk: Buffer) => {
          bytesSoFar += chunk.length;
          if (bytesSoFar > MAX_BODY_BYTES) {
            finish({ kind: 'too_large', status, limit: MAX_BODY_BYTES });
            request.destroy();
            return;
          }
          chunks.push(chunk);
        });
        response.on('end', () =>
          finish({ kind: 'response', status, headers: new ResponseHeaders(response.headers), bytes: Buffer.concat(chunks) }),
        );
        // A server that hangs up mid-body.
        response.on('error', (error) => finish({ kind: 'network', error }));
        response.on('close', () => {
          if (!response.complete) finish({ kind: 'network', error: Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }) });
        });
      },
    );
    const deadline = setTimeout(() => {
      finish({ kind: 'timeout' });
      request.destroy();
    }, timeoutMs);
    // A complete answer followed by stray bytes is still the answer (the write it reports happened):
    // its 'end' settles the exchange once the body is delivered; the deadline bounds the wait.
    request.on('error', (error) => {
      if (!responseSeen?.complete) finish({ kind: 'network', error });
    });
    // A socket destroyed before the request listened to it (see the agents above).
    request.on('socket', (socket: Socket) => {
      if (socket.errored) {
        finish({ kind: 'network', error: socket.errored });
        request.destroy();
      }
    });
    request.end(outgoing.body);
  });
}
