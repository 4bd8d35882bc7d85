// The sandbox in a process of its own (sandbox-host.ts), so the fake APIs' work shares no event loop (and
// no garbage collector) with the code being measured. This is the parent's side; the messages are below.
import type { RecordedRequest, SandboxOptions, SandboxSettings } from '@user-admin-pieces/sandbox';
import { fork } from 'node:child_process';
import { join } from 'node:path';

/** A request as the host sends it back: what a replay and the round trip count need. */
export type SentRequest = Pick<RecordedRequest, 'method' | 'path' | 'query' | 'headers' | 'body' | 'status' | 'rateLimited' | 'receivedAt' | 'answeredAt'>;

/** Per piece (by name): the connection that reaches its fake, and that fake's origin. */
export type SandboxPieces = Record<string, { connection: Record<string, string>; origin: string }>;

/** parent -> host: reset both fakes, change their latency or rate limit, or send back the request log of one piece's fake. */
export type HostRequest = { reset: true } | { settings: Partial<SandboxSettings> } | { requests: string };
/** host -> parent: each answers the request of the same key; `ready` comes once, unasked. */
export type HostAnswer = { ready: SandboxPieces } | { reset: true } | { settings: true } | { requests: SentRequest[] };

export interface RemoteSandbox {
  pieces: SandboxPieces;
  /** Back to the settings and users the host started with. */
  reset(): Promise<void>;
  /** Latency and rate limit of both fakes from now on (until the next reset). */
  updateSettings(changes: Partial<SandboxSettings>): Promise<void>;
  /** What the fake of the piece received since the last reset. */
  requests(pieceName: string): Promise<SentRequest[]>;
  stop(): void;
}

/**
 * Starts the host (dist/tools/bench/sandbox-host.js, next to the bench) with startSandbox's options
 * (users, latency, rate limit, per-fake config) and resolves once it listens.
 */
export async function startRemoteSandbox(options: SandboxOptions = {}): Promise<RemoteSandbox> {
  const child = fork(join(__dirname, 'sandbox-host.js'), [JSON.stringify(options)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const ask = <Key extends string>(key: Key, message?: HostRequest) =>
    new Promise<Extract<HostAnswer, Record<Key, unknown>>[Key]>((resolvePromise) => {
      const onMessage = (answer: HostAnswer) => {
        if (!(key in answer)) return;
        child.off('message', onMessage);
        resolvePromise((answer as Extract<HostAnswer, Record<Key, unknown>>)[key]);
      };
      child.on('message', onMessage);
      if (message !== undefined) child.send(message);
    });
  const pieces = await ask('ready');
  return {
    pieces,
    reset: async () => void (await ask('reset', { reset: true })),
    updateSettings: async (changes) => void (await ask('settings', { settings: changes })),
    requests: (pieceName) => ask('requests', { requests: pieceName }),
    stop: () => child.disconnect(),
  };
}
