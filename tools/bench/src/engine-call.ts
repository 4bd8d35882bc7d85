// 2. One engine-style call: a fresh child per call, as the engine of today spawns one per action run,
// dropdown or validate, against an empty child and a child that only loads the framework.
//
// The child is tools/bench/engine-call-child.cjs, not the runner's piece child (dist/tools/runner/piece-child.js,
// driven by runInPieceProcess), for two reasons measured on the bench machine: the runner's child loads
// about 100 KiB of its own (extractPieceFromModule's file, the engine's prop processing, the network guard),
// some 10 ms of a ~120 ms call that this table would charge to the piece; and this table reports the load
// and the run timed inside the child, which the engine's protocol has no room for. The runner's child runs
// the same update_user, the engine's way, in the packaging tests.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { PreparedPiece } from './prepare';
import type { RemoteSandbox } from './remote-sandbox';
import { median, ms, percentile, ratio, since, table, verdict } from './report';
import { ENGINE_RUNS, FRAMEWORK, GOALS } from './settings';
import { firstCaseOf, type UpdateContext } from './update-cases';
import { ROOT } from './workspace';

const ENGINE_CHILD = join(ROOT, 'tools/bench/engine-call-child.cjs');

type Mode = 'empty' | 'framework' | 'call' | 'measure';
export type Operation = { entry: string; action: string } & UpdateContext;
/** Bytes, from process.memoryUsage() in the child: before the run (after a gc) and the peaks while it ran. */
export type MemoryPeaks = { rssBefore: number; rssPeak: number; heapBefore: number; heapPeak: number };
type Reply = {
  success: boolean;
  result?: unknown;
  error?: { name?: string; message: string };
  timings?: { loadMs: number; runMs: number };
  memory?: MemoryPeaks;
};
export type ChildRun = { wallMs: number } & Pick<Reply, 'timings' | 'result' | 'memory'>;

interface Variant {
  label: string;
  mode: Mode;
  operation?: Operation;
  baseline?: boolean;
  goal?: boolean;
  wall: number[];
  load: number[];
  run: number[];
}

/**
 * One fresh child, spawned as the engine spawns its piece child; wall time from spawn() to the child's exit.
 * With an operation, the child gets it over IPC and must answer { type: 'done', success: true }.
 * 'measure' starts node with --expose-gc, so the child's memory baseline follows a full collection.
 */
export function engineChildOnce(mode: Mode, operation: Operation | undefined): Promise<ChildRun> {
  return new Promise((resolvePromise, reject) => {
    const started = process.hrtime.bigint();
    const flags = mode === 'measure' ? ['--expose-gc'] : [];
    const child = spawn(process.execPath, [...flags, ENGINE_CHILD, mode], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe', 'ipc'], serialization: 'advanced' });
    const stderr: Buffer[] = [];
    let reply: Reply | undefined;
    child.stdout?.resume();
    child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('message', (message: Reply) => (reply = message));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      const wallMs = since(started);
      const failed = code !== 0 || (operation && !reply?.success);
      if (failed) {
        const why = reply?.error ? `${reply.error.name}: ${reply.error.message}` : Buffer.concat(stderr).toString('utf8').trim();
        return reject(new Error(`engine-call-child ${mode} exited with ${signal ?? code}: ${why || 'no reply'}`));
      }
      resolvePromise({ wallMs, timings: reply?.timings, result: reply?.result, memory: reply?.memory });
    });
    child.stdin?.end();
    if (operation) child.send(operation);
  });
}

export async function benchEngineCall(pieces: readonly PreparedPiece[], sandbox: RemoteSandbox): Promise<void> {
  const calls = pieces.flatMap((prepared) => {
    const ctx = firstCaseOf(prepared, sandbox);
    return ctx === undefined ? [] : [{ prepared, ctx }];
  });
  const variants: Variant[] = [
    { label: 'empty node child (same spawn options)', mode: 'empty' as const, baseline: true },
    { label: `child loading ${FRAMEWORK} only`, mode: 'framework' as const },
    ...calls.map(({ prepared, ctx }) => ({
      label: `${prepared.piece.name}: load, extract, update_user, reply`,
      mode: 'call' as const,
      operation: { entry: prepared.entry, action: 'update_user', ...ctx },
      goal: true,
    })),
  ].map((variant) => ({ ...variant, wall: [], load: [], run: [] }));
  await sandbox.reset();
  for (const variant of variants) await engineChildOnce(variant.mode, variant.operation); // one unmeasured call each: disk cache, sandbox routes
  for (let round = 0; round < ENGINE_RUNS; round++) {
    for (let index = 0; index < variants.length; index++) {
      const variant = variants[(index + round) % variants.length];
      const { wallMs, timings } = await engineChildOnce(variant.mode, variant.operation);
      variant.wall.push(wallMs);
      if (timings) {
        variant.load.push(timings.loadMs);
        variant.run.push(timings.runMs);
      }
    }
  }
  await sandbox.reset();
  const baseWall = median((variants.find((variant) => variant.baseline) as Variant).wall);
  const rows = variants.map((variant) => [
    variant.label,
    ms(median(variant.wall)),
    ms(Math.min(...variant.wall)),
    ms(percentile(variant.wall, 90)),
    variant.load.length ? ms(median(variant.load)) : '-',
    variant.run.length ? ms(median(variant.run)) : '-',
    variant.baseline ? '1.00×' : ratio(median(variant.wall) / baseWall),
    variant.goal ? verdict(median(variant.wall) / baseWall, GOALS.engineCall) : '',
  ]);
  table(
    `2. One engine-style call: a fresh child per call, stdio [pipe, pipe, pipe, 'ipc'], serialization 'advanced' (${ENGINE_RUNS} runs each, interleaved, median)`,
    ['child', 'wall', 'wall min', 'wall p90', 'load + extract', 'update_user', 'vs empty child', `≤ ${GOALS.engineCall}×`],
    rows,
    [
      'wall: spawn() to the exit event in the parent. The call child gets its operation over IPC, requires the packaged src/index.js,',
      'takes the first export whose constructor is `Piece`, runs update_user once against the sandbox (loopback http), replies over IPC and exits;',
      'load + extract and update_user are timed inside the child. See tools/bench/engine-call-child.cjs.',
    ],
  );
}
