import { isPlainObject } from './http-utils';

/** How a fake behaves as a network and a server under load; changeable while it runs. */
export interface SandboxSettings {
  /** Every API answer waits this long (admin routes never do). 0 = none. */
  latencyMs: number;
  /** API requests each fake accepts per second before refusing; 0 = no limit. Admin routes are never limited. */
  rateLimitPerSecond: number;
}

export const NO_SETTINGS: SandboxSettings = { latencyMs: 0, rateLimitPerSecond: 0 };
export const MAX_LATENCY_MS = 60_000;
export const MAX_RATE_LIMIT_PER_SECOND = 1_000_000;
/** Generated users per fake: enough for any benchmark; beyond it a typo (an extra zero) would eat memory unnoticed. */
export const MAX_GENERATED_USERS = 200_000;

export class SettingsError extends Error {}

/**
 * Applies the fields present in `changes` (from code or from `POST /__sandbox/settings`) over `current`,
 * checking each, so a typo fails loudly instead of silently leaving the old value.
 */
export function applySettings(current: SandboxSettings, changes: unknown): SandboxSettings {
  if (!isPlainObject(changes)) throw new SettingsError('The settings must be a JSON object such as {"latencyMs": 20, "rateLimitPerSecond": 50}.');
  const unknown = Object.keys(changes).filter((key) => !(key in NO_SETTINGS));
  if (unknown.length) {
    throw new SettingsError(`Unknown setting ${unknown.map((key) => `"${key}"`).join(', ')}; the settings are latencyMs and rateLimitPerSecond.`);
  }
  return {
    latencyMs: wholeNumber(changes, 'latencyMs', MAX_LATENCY_MS) ?? current.latencyMs,
    rateLimitPerSecond: wholeNumber(changes, 'rateLimitPerSecond', MAX_RATE_LIMIT_PER_SECOND) ?? current.rateLimitPerSecond,
  };
}

function wholeNumber(input: Record<string, unknown>, key: string, max: number): number | undefined {
  const value = input[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > max) {
    throw new SettingsError(`"${key}" must be a whole number from 0 to ${max}, got ${JSON.stringify(value)}.`);
  }
  return value;
}

const WINDOW_MS = 1000;

/**
 * A fixed one-second window (not a token bucket), opened by the first request after the previous one
 * closed, as @fastify/rate-limit's local store does with `timeWindow: 1000`. ASP.NET Core's
 * FixedWindowRateLimiter ticks on a timer instead; for a client the difference is at most one window.
 * A client that bursts at the start of a window waits out its rest, so a well-paced client reaches the
 * limit and a bursty one sees honest pauses.
 */
export class FixedWindowLimiter {
  private windowStart = Number.NEGATIVE_INFINITY;
  private used = 0;

  constructor(private readonly limitPerSecond: number) {}

  /** Undefined when the request is admitted; otherwise the whole seconds (at least 1) until one would be. */
  refuse(nowMs: number): number | undefined {
    if (nowMs >= this.windowStart + WINDOW_MS) {
      this.windowStart = nowMs;
      this.used = 0;
    }
    if (this.used < this.limitPerSecond) {
      this.used += 1;
      return undefined;
    }
    return Math.max(1, Math.ceil((this.windowStart + WINDOW_MS - nowMs) / 1000));
  }
}
