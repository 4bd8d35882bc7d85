import { fakeServerConfigOf, startFakeServer, type RecordedRequest } from '../fake-server';
import type { SandboxSettings } from '../settings';
import type { Fault, FaultType, PendingFault } from '../faults';
import { AP_API_KEY, AP_OWNER_ID, AP_PLATFORM_ID, AP_SEEDED_USER_IDS } from '../seed';
import { ApAccessStore } from './access-store';
import { fastifyError, sendFastifyError } from './fastify-errors';
import { routeActivepieces } from './routes';
import { ApUserStore } from './store';
import {
  DEFAULT_AP_PLAN,
  type ActivepiecesConfig,
  type ApDeployment,
  type ApInvitation,
  type ApPlan,
  type ApProject,
  type ApProjectMember,
  type ApProjectRole,
  type ApUser,
  type ApUserDeletion,
} from './types';

// `no-get` describes a Merchant deployment; the Activepieces routes always exist.
const ACTIVEPIECES_FAULTS: readonly FaultType[] = ['rate-limit', 'server-error', 'slow', 'html'];

export interface ActivepiecesSandbox {
  /** What a client is configured with: `http://127.0.0.1:<port>/api`. Endpoints live under `/v1/...` below it. */
  baseUrl: string;
  port: number;
  apiKey: string;
  platformId: string;
  ownerId: string;
  seededUserIds: readonly string[];
  /** Every user, on every platform, as the API would return them. */
  users(): ApUser[];
  user(id: string): ApUser | undefined;
  /** Every project, on every platform, as stored (the API adds `analytics`). */
  projects(): ApProject[];
  projectRoles(): ApProjectRole[];
  /** Every project membership, as stored (the API's list adds `user`, `projectRole`, `project`). */
  members(): ApProjectMember[];
  /** Every invitation, as stored (the API's list adds `projectRole`). */
  invitations(): ApInvitation[];
  /** What each `DELETE /v1/users/{id}` removed, oldest first. */
  userDeletions(): ApUserDeletion[];
  deployment: ApDeployment;
  plan: ApPlan;
  readonly requests: RecordedRequest[];
  settings(): SandboxSettings;
  /** Changes latency or the rate limit while running; `reset()` goes back to the configured ones. */
  updateSettings(changes: Partial<SandboxSettings>): SandboxSettings;
  injectFault(fault: Fault): Fault;
  pendingFaults(): PendingFault[];
  reset(): void;
  close(): Promise<void>;
}

export async function startActivepiecesSandbox(config: ActivepiecesConfig = {}, port = 0, host?: string): Promise<ActivepiecesSandbox> {
  const store = new ApUserStore(config.extraUsers ?? 0);
  const edition = config.edition ?? 'ee';
  const deployment = config.deployment ?? 'self-hosted';
  const plan: ApPlan = { ...DEFAULT_AP_PLAN, ...config.plan };
  const access = new ApAccessStore(store, plan);
  const server = await startFakeServer(
    {
      faultTypes: ACTIVEPIECES_FAULTS,
      credentials: [AP_API_KEY],
      handle: (call) => routeActivepieces(call, { users: store, access, edition, deployment, plan }),
      renderFault: (fault, call) => {
        if (fault.type === 'rate-limit') {
          const seconds = fault.retryAfterSeconds ?? 1;
          // The headers and wording of @fastify/rate-limit, which the real server uses.
          return sendFastifyError(call.res, fastifyError(429, `Rate limit exceeded, retry in ${humanDuration(seconds)}`), {
            'retry-after': String(seconds),
            'x-ratelimit-limit': String(server.settings().rateLimitPerSecond || 100),
            'x-ratelimit-remaining': '0',
            'x-ratelimit-reset': String(seconds),
          });
        }
        sendFastifyError(call.res, fastifyError(fault.status ?? 500, 'Sandbox injected a server error'));
      },
      snapshot: () => ({
        users: store.all(),
        projects: access.allProjects(),
        projectRoles: access.allRoles(),
        members: access.allMembers(),
        invitations: access.allInvitations(),
        userDeletions: access.allDeletions(),
      }),
      resetData: () => {
        store.reset();
        access.reset();
      },
    },
    { ...fakeServerConfigOf(config), port, host },
  );
  return {
    baseUrl: `${server.origin}/api`,
    port: server.port,
    apiKey: AP_API_KEY,
    platformId: AP_PLATFORM_ID,
    ownerId: AP_OWNER_ID,
    seededUserIds: AP_SEEDED_USER_IDS,
    users: () => store.all(),
    user: (id) => store.get(id),
    projects: () => access.allProjects(),
    projectRoles: () => access.allRoles(),
    members: () => access.allMembers(),
    invitations: () => access.allInvitations(),
    userDeletions: () => access.allDeletions(),
    deployment,
    plan: { ...plan },
    requests: server.requests,
    settings: server.settings,
    updateSettings: server.updateSettings,
    injectFault: server.injectFault,
    pendingFaults: server.pendingFaults,
    reset: server.reset,
    close: server.close,
  };
}

/** As the `ms` package words it for @fastify/rate-limit: "1 second", "30 seconds", "1 minute". */
function humanDuration(seconds: number): string {
  const [amount, unit] = seconds < 60 ? [seconds, 'second'] : [Math.round(seconds / 60), 'minute'];
  return `${amount} ${unit}${amount === 1 ? '' : 's'}`;
}
