#!/usr/bin/env node
// Runs both fakes until Ctrl-C, for people trying the pieces by hand.
import { allowedAdminHostnames } from './admin-guard';
import { DEFAULT_ACTIVEPIECES_PORT, DEFAULT_MERCHANT_PORT, parseCliOptions, type CliOptions } from './cli-options';
import { generatedUserId } from './activepieces/seed-users';
import type { ApUser } from './activepieces/types';
import { generatedStaffUserId } from './merchant/seed-users';
import { startSandbox, type Sandbox } from './sandbox';

async function main(): Promise<void> {
  const options = parseCliOptions(process.argv.slice(2), process.env);
  const sandbox = await startSandbox(options);
  console.log(describe(sandbox, options));

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping the sandbox`);
    sandbox.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('sandbox: could not close cleanly', error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

function hostNotice(host: string): string[] {
  if (host === '127.0.0.1' || host === 'localhost' || host === '::1') return [`Sandbox running (${host} only).`];
  return [
    `Sandbox listening on ${host}: anyone who can reach this machine can read its data and inject faults.`,
    'From an Activepieces container on this machine, use http://host.docker.internal:<port> as the base URL',
    '(the pieces accept plain http only for localhost, 127.x.x.x, [::1] and host.docker.internal).',
  ];
}

function describe(sandbox: Sandbox, options: CliOptions): string {
  const { activepieces, merchant } = sandbox;
  const apUsers = activepieces.seededUserIds.map((id) => userLine(id, activepieces.user(id), id === activepieces.ownerId));
  const merchantUsers = merchant.seededUserIds.map((id) => {
    const user = merchant.user(id);
    return `    ${id}  ${user?.fullName} (${user?.role}${user?.isActive ? '' : ', inactive'})`;
  });
  return [
    ...hostNotice(options.host),
    '',
    'Activepieces Platform users API',
    `  base URL   ${activepieces.baseUrl}`,
    `  API key    ${activepieces.apiKey}`,
    `  platform   ${activepieces.platformId} (owner ${activepieces.ownerId})`,
    '  users',
    ...apUsers,
    ...generatedLine(options.users, generatedUserId),
    '',
    'Merchant staff users API',
    `  base URL      ${merchant.baseUrl}`,
    `  token         ${merchant.token}  (Owner: read and write)`,
    `  viewer token  ${merchant.viewerToken}  (Viewer: read only)`,
    '  users',
    ...merchantUsers,
    ...generatedLine(options.users, generatedStaffUserId),
    '',
    ...settingsLines(options),
    'Inject faults on either server (no auth), for example:',
    `  curl -X POST ${activepieces.baseUrl.replace(/\/api$/, '')}/__sandbox/faults -H 'content-type: application/json' -d '{"type":"rate-limit","retryAfterSeconds":5}'`,
    `  GET /__sandbox/state, POST /__sandbox/reset, DELETE /__sandbox/faults (each POST and DELETE with -H 'content-type: application/json');`,
    `  they answer only requests addressed to ${allowedAdminHostnames(options.host).join(', ')}, so that no web page can use them.`,
    '  Or per request on the API routes: x-sandbox-fault: server-error; status=503',
    `  Latency and rate limit while running: POST /__sandbox/settings -H 'content-type: application/json' -d '{"latencyMs":20,"rateLimitPerSecond":50}'`,
    `Ports: --activepieces-port / SANDBOX_ACTIVEPIECES_PORT (default ${DEFAULT_ACTIVEPIECES_PORT}), --merchant-port / SANDBOX_MERCHANT_PORT (default ${DEFAULT_MERCHANT_PORT}); address: --host / SANDBOX_HOST (default 127.0.0.1).`,
    'Generated users: --users N / SANDBOX_USERS; latency: --latency MS / SANDBOX_LATENCY_MS; rate limit: --rate-limit N / SANDBOX_RATE_LIMIT (per second, each fake).',
    'Ctrl-C to stop.',
  ].join('\n');
}

function generatedLine(count: number, idOf: (n: number) => string): string[] {
  if (count === 0) return [];
  return [`    and ${count.toLocaleString('en-US')} generated users, ${idOf(1)}${count > 1 ? ` to ${idOf(count)}` : ''}`];
}

function settingsLines(options: CliOptions): string[] {
  const lines = [
    options.latencyMs > 0 ? `Latency: every API answer waits ${options.latencyMs} ms.` : '',
    options.rateLimitPerSecond > 0
      ? `Rate limit: ${options.rateLimitPerSecond} API requests per second on each fake (Activepieces answers 429, merchant 503, with Retry-After).`
      : '',
  ].filter(Boolean);
  return lines.length ? [...lines, ''] : [];
}

function userLine(id: string, user: ApUser | undefined, isOwner: boolean): string {
  if (!user) return `    ${id}`;
  const details = [user.platformRole, isOwner ? 'platform owner' : '', user.status === 'INACTIVE' ? 'inactive' : '', user.externalId ? `externalId ${user.externalId}` : '']
    .filter(Boolean)
    .join(', ');
  return `    ${id}  ${user.firstName} ${user.lastName} (${details})`;
}

main().catch((error: unknown) => {
  console.error(`sandbox: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
