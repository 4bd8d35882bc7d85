import { fakeServerConfigOf, startFakeServer, type RecordedRequest } from '../fake-server';
import type { Fault, FaultType, PendingFault } from '../faults';
import type { SandboxSettings } from '../settings';
import { MERCHANT_DOCS_USER_ID, MERCHANT_ID, MERCHANT_SEEDED_USER_IDS, MERCHANT_TOKEN, MERCHANT_VIEWER_TOKEN } from '../seed';
import { sendProblem, traceIdFor } from './problem-details';
import { routeMerchant } from './routes';
import { StaffUserStore } from './store';
import type { MerchantConfig, StaffUser } from './types';

const MERCHANT_FAULTS: readonly FaultType[] = ['rate-limit', 'server-error', 'slow', 'html', 'no-get'];

export interface MerchantSandbox {
  /** What a client is configured with: `http://127.0.0.1:<port>`. Endpoints live under `/api/Users`. */
  baseUrl: string;
  port: number;
  /** May read and change staff users (the Owner's token). */
  token: string;
  /** May read staff users only. */
  viewerToken: string;
  merchantId: string;
  /** As seeded; the docs id is upper case here and lower case in API answers. */
  seededUserIds: readonly string[];
  docsUserId: string;
  users(): StaffUser[];
  /** Case-insensitive, like the API. */
  user(id: string): StaffUser | undefined;
  /** The current quoted ETag of a user. */
  etag(id: string): string | undefined;
  readonly requests: RecordedRequest[];
  injectFault(fault: Fault): Fault;
  pendingFaults(): PendingFault[];
  settings(): SandboxSettings;
  /** Changes latency and rate limit while running; `reset()` goes back to the configured ones. */
  updateSettings(changes: Partial<SandboxSettings>): SandboxSettings;
  reset(): void;
  close(): Promise<void>;
}

export async function startMerchantSandbox(config: MerchantConfig = {}, port = 0, host?: string): Promise<MerchantSandbox> {
  const store = new StaffUserStore(config.extraUsers ?? 0);
  const routing = { missingGetStatus: config.withoutGetEndpoints ? (config.missingGetStatus ?? 405) : undefined };
  const server = await startFakeServer(
    {
      faultTypes: MERCHANT_FAULTS,
      credentials: [MERCHANT_TOKEN, MERCHANT_VIEWER_TOKEN],
      onRequest: (call) => call.res.setHeader('x-request-id', traceIdFor(call.sequence)),
      handle: (call) => routeMerchant(call, store, routing),
      renderFault: (fault, call) => {
        if (fault.type === 'no-get') return routeMerchant(call, store, { missingGetStatus: fault.status ?? 405 });
        if (fault.type === 'rate-limit') {
          const seconds = fault.retryAfterSeconds ?? 1;
          return sendProblem(call.res, call.sequence, 429, { detail: 'Too many requests. Retry later.' }, { 'retry-after': String(seconds) });
        }
        sendProblem(call.res, call.sequence, fault.status ?? 500);
      },
      // ASP.NET Core's rate limiter refuses with 503 by default (RateLimiterOptions.RejectionStatusCode) and an
      // empty body; a deployment with AddProblemDetails and UseStatusCodePages, as this API's other errors show,
      // turns that into a bare ProblemDetails. Retry-After is what an OnRejected callback adds from the lease.
      renderRateLimited: (call, retryAfterSeconds) =>
        sendProblem(call.res, call.sequence, 503, {}, { 'retry-after': String(retryAfterSeconds) }),
      snapshot: () => ({ users: store.all() }),
      resetData: () => store.reset(),
    },
    { ...fakeServerConfigOf(config), port, host },
  );
  return {
    baseUrl: server.origin,
    port: server.port,
    token: MERCHANT_TOKEN,
    viewerToken: MERCHANT_VIEWER_TOKEN,
    merchantId: MERCHANT_ID,
    seededUserIds: MERCHANT_SEEDED_USER_IDS,
    docsUserId: MERCHANT_DOCS_USER_ID,
    users: () => store.all(),
    user: (id) => store.get(id),
    etag: (id) => store.etag(id),
    requests: server.requests,
    injectFault: server.injectFault,
    pendingFaults: server.pendingFaults,
    settings: server.settings,
    updateSettings: server.updateSettings,
    reset: server.reset,
    close: server.close,
  };
}
