// The parent's side of one piece call, as today's engine makes it (activepieces `core/piece/piece-runner.ts`,
// PR #14889): a fresh child process per call, stdio pipes plus an IPC channel with advanced serialisation,
// one `done` reply, and an error rebuilt from what the child sent. Every wait is bounded.
import { fork } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ChildMessage, deserializeError, NetworkPolicy, ParentMessage, PieceCall } from './piece-protocol';

/** The engine's limits: AP_FLOW_TIMEOUT_SECONDS for a run, AP_TRIGGER_TIMEOUT_SECONDS for dropdowns, validate and metadata. */
export const ACTION_TIMEOUT_MS = 600_000;
export const INTERACTIVE_TIMEOUT_MS = 60_000;
/** How long a child that has replied may take to exit before it is stopped. */
const REPLY_GRACE_MS = 1000;

export interface PieceProcessOptions {
  /** The bundled child script (the runner builds it to dist/tools/runner/piece-child.js). */
  childScript: string;
  /** Overrides the engine's limit for this kind of call. */
  timeoutMs?: number;
  /** The strict network guard in the child; by default read from AP_NETWORK_MODE and AP_SSRF_ALLOW_LIST. */
  network?: NetworkPolicy | 'unrestricted';
  /** What the child prints (the piece's console); by default written to this process's stderr. */
  onOutput?: (text: string) => void;
}

export type PieceOutcome = (
  | { ok: true; value: unknown }
  | {
      ok: false;
      /** Rebuilt as the engine rebuilds it: `Object.assign(new Error(message), details)`. */
      error: Error;
      /** True when the error escaped the call and reached the child's uncaught-exception handler. */
      uncaught: boolean;
    }
) & {
  /** Everything the child wrote to stdout and stderr. */
  output: string;
  durationMs: number;
};

/** Failures of the child process itself, not of the piece. */
export class PieceProcessError extends Error {
  constructor(
    override readonly name: 'PieceTimeoutError' | 'PieceProcessExitedError' | 'PieceProcessStartError',
    message: string,
  ) {
    super(message);
  }
}

/** The network policy AP_NETWORK_MODE and AP_SSRF_ALLOW_LIST describe, as the engine reads them. */
export function networkPolicyFromEnv(env: NodeJS.ProcessEnv = process.env): NetworkPolicy | 'unrestricted' {
  if ((env['AP_NETWORK_MODE'] ?? '').toUpperCase() !== 'STRICT') return 'unrestricted';
  const allowList = (env['AP_SSRF_ALLOW_LIST'] ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  return { mode: 'STRICT', allowList };
}

/** Runs one call of the piece package at `packageDir` in a fresh child process, and says how it ended. */
export async function runInPieceProcess(packageDir: string, call: PieceCall, options: PieceProcessOptions): Promise<PieceOutcome> {
  const started = performance.now();
  const network = options.network ?? networkPolicyFromEnv();
  const message: ParentMessage = {
    ...pieceIdentity(packageDir),
    call,
    ...(network === 'unrestricted' ? {} : { network }),
  };
  const timeoutMs = options.timeoutMs ?? (call.kind === 'action' ? ACTION_TIMEOUT_MS : INTERACTIVE_TIMEOUT_MS);
  const ended = await exchange(options.childScript, message, timeoutMs, options.onOutput ?? ((text) => process.stderr.write(text)));
  const durationMs = Math.round(performance.now() - started);
  if (ended.kind === 'reply') {
    const reply = ended.reply;
    return reply.success
      ? { ok: true, value: reply.result, output: ended.output, durationMs }
      : { ok: false, error: deserializeError(reply.error), uncaught: reply.uncaught === true, output: ended.output, durationMs };
  }
  return { ok: false, error: ended.error, uncaught: false, output: ended.output, durationMs };
}

/** The value of a successful outcome; the error of a failed one is thrown. */
export function valueOf(outcome: PieceOutcome): unknown {
  if (!outcome.ok) throw outcome.error;
  return outcome.value;
}

/** What the engine hands the child: the entry file, and the package's name and version from its package.json. */
function pieceIdentity(packageDir: string): Pick<ParentMessage, 'piecePath' | 'pieceName' | 'pieceVersion'> {
  const manifestPath = join(packageDir, 'package.json');
  if (!existsSync(manifestPath)) throw new Error(`${packageDir} is not a piece package: it has no package.json.`);
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { name: string; version: string; main?: string };
  return { piecePath: resolve(packageDir, manifest.main ?? 'src/index.js'), pieceName: manifest.name, pieceVersion: manifest.version };
}

type Ended = { kind: 'reply'; reply: ChildMessage; output: string } | { kind: 'failed'; error: PieceProcessError; output: string };

function exchange(childScript: string, message: ParentMessage, timeoutMs: number, onOutput: (text: string) => void): Promise<Ended> {
  return new Promise((settle) => {
    let output = '';
    let ended = false;
    let reply: ChildMessage | undefined;
    let grace: NodeJS.Timeout | undefined;
    const child = fork(childScript, [], {
      stdio: ['pipe', 'pipe', 'pipe', 'ipc'],
      serialization: 'advanced',
      // The connection travels in the message, never in the child's environment or arguments.
      env: withoutConnection(process.env),
      execArgv: [],
    });
    const end = (result: Ended) => {
      if (ended) return;
      ended = true;
      clearTimeout(timer);
      clearTimeout(grace);
      // The child exits by itself after replying; a child that hangs on is not waited for.
      if (child.exitCode === null) child.kill('SIGKILL');
      settle(result);
    };
    const seconds = timeoutMs / 1000;
    const timer = setTimeout(
      () =>
        end({
          kind: 'failed',
          error: new PieceProcessError(
            'PieceTimeoutError',
            `The piece did not answer within ${seconds} s, so its process was stopped (the engine stops ${
              message.call.kind === 'action' ? 'a run at AP_FLOW_TIMEOUT_SECONDS' : 'dropdowns and connection checks at AP_TRIGGER_TIMEOUT_SECONDS'
            }).`,
          ),
          output,
        }),
      timeoutMs,
    );
    const collect = (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      output += text;
      onOutput(text);
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    // The reply is final, but what the child printed may still be in the pipes: the call ends when the
    // child has exited and its output is read, or a moment after the reply if it does not exit.
    child.on('message', (message: ChildMessage) => {
      reply ??= message;
      grace ??= setTimeout(() => end({ kind: 'reply', reply: message, output }), REPLY_GRACE_MS);
    });
    child.on('error', (error) =>
      end({ kind: 'failed', error: new PieceProcessError('PieceProcessStartError', `The piece process could not run: ${error.message}`), output }),
    );
    // 'close', not 'exit': by then the reply, if any, has been read.
    child.on('close', (code, signal) => {
      if (reply !== undefined) return end({ kind: 'reply', reply, output });
      const why = `The piece process exited (${signal ?? `code ${code}`}) without answering.${tail(output)}`;
      end({ kind: 'failed', error: new PieceProcessError('PieceProcessExitedError', why), output });
    });
    try {
      child.send(message);
    } catch (error) {
      end({ kind: 'failed', error: new PieceProcessError('PieceProcessStartError', `The call could not be sent to the piece process: ${(error as Error).message}`), output });
    }
  });
}

function withoutConnection(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { AP_AUTH: _connection, ...rest } = env;
  return rest;
}

/** The end of what the child printed, for an exit with no reply (a crash says why on stderr). */
function tail(output: string): string {
  const trimmed = output.trim();
  return trimmed === '' ? '' : `\n${trimmed.slice(-1000)}`;
}
