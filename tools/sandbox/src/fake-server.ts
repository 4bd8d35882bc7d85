import { createServer, IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { Fault, FaultError, FaultQueue, FaultType, nginxErrorPage, parseFault, parseFaultHeader, PendingFault } from './faults';
import { BodyTooLargeError, parseJson, readBody, sendEmpty, sendJson, sendText } from './http-utils';

/**
 * Both fakes listen here by default: the sandbox accepts any fault from anyone, so it should not be
 * reachable from outside. `--host 0.0.0.0` exists for an Activepieces running in Docker on this machine.
 */
export const SANDBOX_HOST = '127.0.0.1';

/** The address to print for a listening host: a wildcard is reached through loopback. */
function reachableHost(host: string): string {
  if (host === '0.0.0.0' || host === '::') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}
const ADMIN_PREFIX = '/__sandbox/';
const RECENT_REQUESTS_IN_STATE = 20;

export interface RecordedRequest {
  method: string;
  /** Without the query string. */
  path: string;
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  /** Parsed JSON when the body parses, the raw text when it does not, undefined when empty. */
  body: unknown;
  receivedAt: string;
  /** The injected fault that answered this request, if any. */
  fault?: FaultType;
  /** Set once the answer is sent. */
  status?: number;
}

/** One request as an API fake sees it: already read, already recorded. */
export interface IncomingCall {
  method: string;
  /** Path and query as sent, which is what Fastify quotes in its 404 message. */
  rawUrl: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  rawBody: string;
  /** 1 for the first request the server received, 2 for the next, ... */
  sequence: number;
  res: ServerResponse;
}

/** The part of a fake that differs between the two APIs; the plumbing around it lives here once. */
export interface FakeApi {
  faultTypes: readonly FaultType[];
  /** Runs first for every request, admin routes included: headers that every answer carries. */
  onRequest?(call: IncomingCall): void;
  handle(call: IncomingCall): void;
  /** Answers an injected rate-limit, server-error or no-get in this API's own error shape. */
  renderFault(fault: Exclude<Fault, { type: 'slow' | 'html' }>, call: IncomingCall): void;
  /** The data shown by `GET /__sandbox/state`. */
  snapshot(): unknown;
  resetData(): void;
}

export interface RunningFakeServer {
  port: number;
  /** `http://127.0.0.1:<port>` */
  origin: string;
  /** Every API request received since start or the last reset, oldest first. Admin routes are not recorded. */
  readonly requests: RecordedRequest[];
  /** Queues a fault for the next matching requests; throws FaultError when the fault is malformed. */
  injectFault(fault: Fault): Fault;
  pendingFaults(): PendingFault[];
  /** Back to the state at start: seed data, the configured faults, an empty request log. */
  reset(): void;
  close(): Promise<void>;
}

export async function startFakeServer(
  api: FakeApi,
  options: { port?: number; host?: string; faults?: readonly Fault[] },
): Promise<RunningFakeServer> {
  const requests: RecordedRequest[] = [];
  const faults = new FaultQueue();
  const initialFaults = (options.faults ?? []).map((fault) => parseFault(fault, api.faultTypes));
  const closing = new AbortController();
  let sequence = 0;

  function injectFault(fault: Fault): Fault {
    const parsed = parseFault(fault, api.faultTypes);
    faults.add(parsed);
    return parsed;
  }

  function reset(): void {
    api.resetData();
    requests.length = 0;
    faults.clear();
    initialFaults.forEach((fault) => faults.add(fault));
  }

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', `http://${SANDBOX_HOST}`);
    const call: IncomingCall = {
      method: req.method ?? 'GET',
      rawUrl: req.url ?? '/',
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      rawBody: '',
      sequence: ++sequence,
      res,
    };
    api.onRequest?.(call);
    try {
      call.rawBody = await readBody(req);
    } catch (error) {
      if (!(error instanceof BodyTooLargeError)) throw error;
      return sendJson(res, 413, { sandboxError: error.message });
    }

    if (call.path.startsWith(ADMIN_PREFIX)) return serveAdmin(call);

    const record = recordRequest(call);
    requests.push(record);
    res.on('finish', () => (record.status = res.statusCode));

    let fault: Fault | undefined;
    try {
      const header = req.headers['x-sandbox-fault'];
      fault = typeof header === 'string' ? parseFaultHeader(header, api.faultTypes) : faults.take(call.method, call.path);
    } catch (error) {
      if (!(error instanceof FaultError)) throw error;
      return sendJson(res, 400, { sandboxError: error.message });
    }
    record.fault = fault?.type;

    if (fault?.delayMs) {
      try {
        await sleep(fault.delayMs, undefined, { signal: closing.signal });
      } catch {
        res.destroy();
        return;
      }
    }
    if (!fault || fault.type === 'slow') return api.handle(call);
    if (fault.type === 'html') return sendText(res, fault.status ?? 502, nginxErrorPage(fault.status ?? 502), 'text/html');
    return api.renderFault(fault, call);
  }

  function serveAdmin(call: IncomingCall): void {
    const route = `${call.method} ${call.path}`;
    if (route === 'GET /__sandbox/state') {
      return sendJson(call.res, 200, {
        requestCount: requests.length,
        recentRequests: requests.slice(-RECENT_REQUESTS_IN_STATE),
        pendingFaults: faults.list(),
        data: api.snapshot(),
      });
    }
    if (route === 'POST /__sandbox/reset') {
      reset();
      return sendEmpty(call.res, 204);
    }
    if (route === 'DELETE /__sandbox/faults') {
      faults.clear();
      return sendEmpty(call.res, 204);
    }
    if (route === 'POST /__sandbox/faults') {
      const parsed = parseJson(call.rawBody);
      if (!parsed.ok) return sendJson(call.res, 400, { sandboxError: 'the body must be a JSON fault or an array of faults' });
      try {
        const incoming = Array.isArray(parsed.value) ? parsed.value : [parsed.value];
        // Check every fault before queueing any, so a bad entry does not leave half a batch behind.
        const checked = incoming.map((fault) => parseFault(fault, api.faultTypes));
        checked.forEach((fault) => faults.add(fault));
        return sendJson(call.res, 201, { queued: checked, pendingFaults: faults.list() });
      } catch (error) {
        if (!(error instanceof FaultError)) throw error;
        return sendJson(call.res, 400, { sandboxError: error.message });
      }
    }
    sendJson(call.res, 404, {
      sandboxError: `no sandbox route ${route}`,
      routes: ['GET /__sandbox/state', 'POST /__sandbox/faults', 'DELETE /__sandbox/faults', 'POST /__sandbox/reset'],
    });
  }

  const server = createServer((req, res) => {
    serve(req, res).catch((error: unknown) => {
      // A bug in the fake must not look like a provider answer, hence the sandboxError key.
      console.error('sandbox: request failed', error);
      if (!res.headersSent) sendJson(res, 500, { sandboxError: String(error) });
      else res.destroy();
    });
  });

  reset();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? SANDBOX_HOST, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;

  return {
    port,
    origin: `http://${reachableHost(options.host ?? SANDBOX_HOST)}:${port}`,
    requests,
    injectFault,
    pendingFaults: () => faults.list(),
    reset,
    close: () =>
      new Promise<void>((resolve, reject) => {
        closing.abort();
        server.close((error) => (error ? reject(error) : resolve()));
        // Clients keep connections alive; without this, close() waits for them to time out.
        server.closeAllConnections();
      }),
  };
}

function recordRequest(call: IncomingCall): RecordedRequest {
  let body: unknown = undefined;
  if (call.rawBody !== '') {
    const parsed = parseJson(call.rawBody);
    body = parsed.ok ? parsed.value : call.rawBody;
  }
  return {
    method: call.method,
    path: call.path,
    query: Object.fromEntries(call.query),
    headers: { ...call.headers },
    body,
    receivedAt: new Date().toISOString(),
  };
}
