import { createServer, IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { refuseAdminRequest } from './admin-guard';
import { Fault, FaultError, FaultQueue, FaultType, nginxErrorPage, parseFault, parseFaultHeader, PendingFault } from './faults';
import { BodyTooLargeError, parseJson, readBody, sendEmpty, sendJson, sendText, splitRequestTarget } from './http-utils';
import { maskRequest } from './redact';
import { applySettings, FixedWindowLimiter, NO_SETTINGS, SettingsError, type SandboxSettings } from './settings';

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
/** How many requests each fake remembers: enough for any test or demo, bounded for a sandbox left running. */
export const DEFAULT_REQUEST_LOG_LIMIT = 1000;

/** What both fakes' configs share. */
export interface FakeServerConfig {
  /** Faults queued at start (and again after each reset). */
  faults?: Fault[];
  /** The request log keeps the most recent requests up to this many, dropping the oldest. Default 1,000. */
  requestLogLimit?: number;
  /** Every API answer is delayed this many milliseconds, concurrently (a network, not a queue). Default 0. */
  latencyMs?: number;
  /** API requests accepted per second (fixed 1-second window); the rest are refused with Retry-After. Default 0 = no limit. */
  rateLimitPerSecond?: number;
}

/** The shared part of a fake's config, so a setting added to FakeServerConfig reaches both fakes. */
export function fakeServerConfigOf(config: FakeServerConfig): FakeServerConfig {
  return {
    faults: config.faults,
    requestLogLimit: config.requestLogLimit,
    latencyMs: config.latencyMs,
    rateLimitPerSecond: config.rateLimitPerSecond,
  };
}

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
  /** When the answer was sent (after any latency), so tests can see requests overlap. */
  answeredAt?: string;
  /** Refused by the `rateLimitPerSecond` setting (not by an injected fault). */
  rateLimited?: true;
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
  /** The credentials this API accepts; `GET /__sandbox/state` masks them wherever a client put them. */
  credentials: readonly string[];
  /** Answers an injected rate-limit, server-error or no-get in this API's own error shape. */
  renderFault(fault: Exclude<Fault, { type: 'slow' | 'html' }>, call: IncomingCall): void;
  /** Answers a request the `rateLimitPerSecond` setting refuses; by default as an injected `rate-limit` fault. */
  renderRateLimited?(call: IncomingCall, retryAfterSeconds: number): void;
  /** The data shown by `GET /__sandbox/state`. */
  snapshot(): unknown;
  resetData(): void;
}

export interface RunningFakeServer {
  port: number;
  /** `http://127.0.0.1:<port>` */
  origin: string;
  /**
   * The API requests received since start or the last reset, oldest first, at most `requestLogLimit`
   * of them (the oldest are dropped). Always the same array, trimmed in place. Admin routes are not recorded.
   */
  readonly requests: RecordedRequest[];
  /** Queues a fault for the next matching requests; throws FaultError when the fault is malformed. */
  injectFault(fault: Fault): Fault;
  pendingFaults(): PendingFault[];
  settings(): SandboxSettings;
  /** Changes the fields given; throws SettingsError when one is malformed. A new rate limit starts a new window. */
  updateSettings(changes: Partial<SandboxSettings>): SandboxSettings;
  /** Back to the state at start: seed data, the configured faults and settings, an empty request log. */
  reset(): void;
  close(): Promise<void>;
}

export async function startFakeServer(
  api: FakeApi,
  options: FakeServerConfig & { port?: number; host?: string },
): Promise<RunningFakeServer> {
  const host = options.host ?? SANDBOX_HOST;
  const requestLogLimit = options.requestLogLimit ?? DEFAULT_REQUEST_LOG_LIMIT;
  if (!Number.isInteger(requestLogLimit) || requestLogLimit < 1) throw new Error(`requestLogLimit must be a positive integer, got ${requestLogLimit}`);
  const requests: RecordedRequest[] = [];
  /** Every API request since the last reset, including those the log has dropped. */
  let requestCount = 0;
  const faults = new FaultQueue();
  const initialFaults = (options.faults ?? []).map((fault) => parseFault(fault, api.faultTypes));
  const closing = new AbortController();
  let sequence = 0;
  const configuredSettings = startSettings(options);
  let settings = configuredSettings;
  let limiter: FixedWindowLimiter | undefined;

  function updateSettings(changes: Partial<SandboxSettings>): SandboxSettings {
    settings = applySettings(settings, changes);
    limiter = settings.rateLimitPerSecond > 0 ? new FixedWindowLimiter(settings.rateLimitPerSecond) : undefined;
    return { ...settings };
  }

  /** False when the server closed while waiting: the caller then drops the connection. */
  async function pause(ms: number, res: ServerResponse): Promise<boolean> {
    try {
      await sleep(ms, undefined, { signal: closing.signal });
      return true;
    } catch {
      res.destroy();
      return false;
    }
  }

  function injectFault(fault: Fault): Fault {
    const parsed = parseFault(fault, api.faultTypes);
    faults.add(parsed);
    return parsed;
  }

  function reset(): void {
    api.resetData();
    requests.length = 0;
    requestCount = 0;
    faults.clear();
    initialFaults.forEach((fault) => faults.add(fault));
    updateSettings(configuredSettings);
  }

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const rawUrl = req.url ?? '/';
    const { path, query } = splitRequestTarget(rawUrl);
    const call: IncomingCall = {
      method: req.method ?? 'GET',
      rawUrl,
      path,
      query,
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
    requestCount += 1;
    // A plain array trimmed in place rather than a true ring: callers index it, slice it and keep it.
    if (requests.length > requestLogLimit) requests.splice(0, requests.length - requestLogLimit);
    res.on('finish', () => {
      record.status = res.statusCode;
      record.answeredAt = new Date().toISOString();
    });

    // The latency is waited out before anything else, so the limiter and the handler see the request
    // when it "arrives" and Retry-After counts from the moment the answer goes out.
    if (settings.latencyMs > 0 && !(await pause(settings.latencyMs, res))) return;
    const retryAfterSeconds = limiter?.refuse(performance.now());
    if (retryAfterSeconds !== undefined) {
      record.rateLimited = true;
      if (api.renderRateLimited) return api.renderRateLimited(call, retryAfterSeconds);
      return api.renderFault({ type: 'rate-limit', retryAfterSeconds }, call);
    }

    let fault: Fault | undefined;
    try {
      const header = req.headers['x-sandbox-fault'];
      fault = typeof header === 'string' ? parseFaultHeader(header, api.faultTypes) : faults.take(call.method, call.path);
    } catch (error) {
      if (!(error instanceof FaultError)) throw error;
      return sendJson(res, 400, { sandboxError: error.message });
    }
    record.fault = fault?.type;

    if (fault?.delayMs && !(await pause(fault.delayMs, res))) return;
    if (!fault || fault.type === 'slow') return api.handle(call);
    if (fault.type === 'html') return sendText(res, fault.status ?? 502, nginxErrorPage(fault.status ?? 502), 'text/html');
    return api.renderFault(fault, call);
  }

  function serveAdmin(call: IncomingCall): void {
    const refusal = refuseAdminRequest(call.method, call.headers, host);
    if (refusal) return sendJson(call.res, refusal.status, { sandboxError: refusal.message });
    const route = `${call.method} ${call.path}`;
    if (route === 'GET /__sandbox/state') {
      return sendJson(call.res, 200, {
        requestCount,
        requestLogLimit,
        settings,
        recentRequests: requests.slice(-RECENT_REQUESTS_IN_STATE).map((request) => maskRequest(request, api.credentials)),
        pendingFaults: faults.list(),
        data: api.snapshot(),
      });
    }
    if (route === 'POST /__sandbox/reset') {
      reset();
      return sendEmpty(call.res, 204);
    }
    if (route === 'GET /__sandbox/settings') return sendJson(call.res, 200, settings);
    if (route === 'POST /__sandbox/settings') {
      const parsed = parseJson(call.rawBody);
      try {
        if (!parsed.ok) throw new SettingsError('The body must be a JSON object such as {"latencyMs": 20, "rateLimitPerSecond": 50}.');
        return sendJson(call.res, 200, updateSettings(parsed.value as Partial<SandboxSettings>));
      } catch (error) {
        if (!(error instanceof SettingsError)) throw error;
        return sendJson(call.res, 400, { sandboxError: error.message });
      }
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
      routes: [
        'GET /__sandbox/state',
        'POST /__sandbox/faults',
        'DELETE /__sandbox/faults',
        'GET /__sandbox/settings',
        'POST /__sandbox/settings',
        'POST /__sandbox/reset',
      ],
    });
  }

  const server = createServer((req, res) => {
    serve(req, res).catch((error: unknown) => {
      // A bug in the fake must not look like a provider answer, hence the sandboxError key. The
      // details (stack included) go to the console of whoever runs the sandbox, never to the client.
      console.error('sandbox: request failed', error);
      if (!res.headersSent) sendJson(res, 500, { sandboxError: 'the sandbox failed while answering this request; its console has the details' });
      else res.destroy();
    });
  });

  reset();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;

  return {
    port,
    origin: `http://${reachableHost(host)}:${port}`,
    requests,
    injectFault,
    pendingFaults: () => faults.list(),
    settings: () => ({ ...settings }),
    updateSettings,
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

/** The configured settings, checked at start so a bad value fails there rather than at the first request. */
function startSettings(config: FakeServerConfig): SandboxSettings {
  const given = { latencyMs: config.latencyMs, rateLimitPerSecond: config.rateLimitPerSecond };
  const present = Object.fromEntries(Object.entries(given).filter(([, value]) => value !== undefined));
  try {
    return applySettings(NO_SETTINGS, present);
  } catch (error) {
    if (error instanceof SettingsError) throw new Error(`The sandbox cannot start: ${error.message}`);
    throw error;
  }
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
