import { startActivepiecesSandbox, type ActivepiecesSandbox } from './activepieces/server';
import type { ActivepiecesConfig } from './activepieces/types';
import { startMerchantSandbox, type MerchantSandbox } from './merchant/server';
import type { MerchantConfig } from './merchant/types';
import { MAX_GENERATED_USERS, type SandboxSettings } from './settings';

type SharedConfig = Pick<ActivepiecesConfig & MerchantConfig, 'extraUsers' | 'latencyMs' | 'rateLimitPerSecond'>;

export interface SandboxOptions {
  /** 0 (the default) picks a free port. */
  activepiecesPort?: number;
  /** 0 (the default) picks a free port. */
  merchantPort?: number;
  /** 127.0.0.1 (the default); 0.0.0.0 lets a container on this machine reach the fakes. */
  host?: string;
  /** Generated users added to each fake besides the named seeds (deterministic ids and emails); a fake's own `extraUsers` wins. */
  users?: number;
  /** Latency of both fakes; a fake's own `latencyMs` wins. */
  latencyMs?: number;
  /** Rate limit of each fake (each counts its own requests); a fake's own `rateLimitPerSecond` wins. */
  rateLimitPerSecond?: number;
  activepieces?: ActivepiecesConfig;
  merchant?: MerchantConfig;
}

export interface Sandbox {
  activepieces: ActivepiecesSandbox;
  merchant: MerchantSandbox;
  /** Changes latency and rate limit of both fakes while they run, through `POST /__sandbox/settings`. */
  updateSettings(changes: Partial<SandboxSettings>): Promise<void>;
  /** Resets both fakes to their state at start, configured settings included. */
  reset(): void;
  close(): Promise<void>;
}

/** Starts both fakes, on 127.0.0.1 unless `host` says otherwise. */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  checkUserCount(options.users, 'users');
  checkUserCount(options.activepieces?.extraUsers, 'activepieces.extraUsers');
  checkUserCount(options.merchant?.extraUsers, 'merchant.extraUsers');
  const shared: SharedConfig = { extraUsers: options.users, latencyMs: options.latencyMs, rateLimitPerSecond: options.rateLimitPerSecond };
  const activepieces = await startActivepiecesSandbox(withDefaults(options.activepieces, shared), options.activepiecesPort ?? 0, options.host);
  let merchant: MerchantSandbox;
  try {
    merchant = await startMerchantSandbox(withDefaults(options.merchant, shared), options.merchantPort ?? 0, options.host);
  } catch (error) {
    // Do not leave the first server holding its port when the second cannot start.
    await activepieces.close();
    throw error;
  }
  return {
    activepieces,
    merchant,
    updateSettings: async (changes) => {
      const origins = [activepieces.baseUrl.replace(/\/api$/, ''), merchant.baseUrl];
      await Promise.all(origins.map((origin) => postSettings(origin, changes)));
    },
    reset: () => {
      activepieces.reset();
      merchant.reset();
    },
    close: async () => {
      await Promise.all([activepieces.close(), merchant.close()]);
    },
  };
}

/** The fake's own value wins over the shared one where it is set. */
function withDefaults<T extends SharedConfig>(config: T | undefined, shared: SharedConfig): T {
  const merged: SharedConfig = { ...config };
  for (const key of Object.keys(shared) as (keyof SharedConfig)[]) merged[key] ??= shared[key];
  return merged as T;
}

function checkUserCount(value: number | undefined, name: string): void {
  if (value === undefined) return;
  if (!Number.isInteger(value) || value < 0 || value > MAX_GENERATED_USERS) {
    throw new Error(`The sandbox option ${name} must be a whole number from 0 to ${MAX_GENERATED_USERS}, got ${value}.`);
  }
}

async function postSettings(origin: string, changes: Partial<SandboxSettings>): Promise<void> {
  const response = await fetch(`${origin}/__sandbox/settings`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(changes),
    signal: AbortSignal.timeout(5000),
  });
  if (!response.ok) {
    const body = (await response.json().catch(() => ({}))) as { sandboxError?: string };
    throw new Error(body.sandboxError ?? `The sandbox at ${origin} refused the settings with ${response.status}.`);
  }
}
