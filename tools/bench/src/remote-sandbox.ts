// The sandbox in a process of its own (sandbox-host.ts), so the fake APIs' work shares no event loop (and
// no garbage collector) with the code being measured. This is the parent's side; the messages are below.
import type { RecordedRequest } from '@user-admin-pieces/sandbox';
import { fork } from 'node:child_process';
import { join } from 'node:path';

/** A request as the host sends it back: what a replay and the round trip count need. */
export type SentRequest = Pick<RecordedRequest, 'method' | 'path' | 'query' | 'headers' | 'body' | 'status'>;

/** Per piece (by name): the connection that reaches its fake, and that fake's origin. */
export type SandboxPieces = Record<string, { connection: Record<string, string>; origin: string }>;

/** parent -> host: reset both fakes, or send back the request log of one piece's fake. */
export type HostRequest = { reset: true } | { requests: string };
/** host -> parent: each answers the request of the same key; `ready` comes once, unasked. */
export type HostAnswer = { ready: SandboxPieces } | { reset: true } | { requests: SentRequest[] };

export interface RemoteSandbox {
  pieces: SandboxPieces;
  reset(): Promise<void>;
  /** What the fake of the piece received since the last reset. */
  requests(pieceName: string): Promise<SentRequest[]>;
  stop(): void;
}

/** Starts the host (dist/tools/bench/sandbox-host.js, next to the bench) and resolves once it listens. */
export async function startRemoteSandbox(): Promise<RemoteSandbox> {
  const child = fork(join(__dirname, 'sandbox-host.js'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
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
    requests: (pieceName) => ask('requests', { requests: pieceName }),
    stop: () => child.disconnect(),
  };
}
