// 6b. The same updates the Loop way: one update_user per item, each in a fresh child of the engine-faithful
// runner (runInPieceProcess: the engine's prop processing and protocol), one after another as Loop runs
// them; against update_users once, through the same runner. LOOP_SAMPLE calls are measured and the
// Loop's time extrapolated linearly to BULK_ITEMS (each call is the same work on another user).
import { runInPieceProcess, type PieceCall } from '@user-admin-pieces/common/testing';
import { join } from 'node:path';
import { authOf, bulkInput, count, seconds, singleInput, type BulkBench } from './bulk-runs';
import { extrapolateMs, type GoalRow } from './bulk-goals';
import { ratio, since } from './report';
import { BULK_GOALS, BULK_ITEMS, LOOP_SAMPLE } from './settings';
import { ROOT } from './workspace';

/** The runner's piece child, built by `npm run build` (tools/runner). */
const RUNNER_CHILD = join(ROOT, 'dist/tools/runner/piece-child.js');

/** One engine-style call; wall time from before the spawn to the reply, as the engine waits for it. */
async function timedCall(bench: BulkBench, actionName: string, input: Record<string, unknown>): Promise<number> {
  const call: PieceCall = { kind: 'action', actionName, input, auth: authOf(bench).props };
  const started = process.hrtime.bigint();
  const outcome = await runInPieceProcess(bench.prepared.packageDir, call, { childScript: RUNNER_CHILD, network: 'unrestricted', onOutput: () => undefined });
  const wallMs = since(started);
  if (!outcome.ok) throw new Error(`${actionName} through the runner failed: ${outcome.error.name}: ${outcome.error.message}`);
  return wallMs;
}

export async function benchBulkLoop(bench: BulkBench): Promise<GoalRow> {
  const sample = Math.min(LOOP_SAMPLE, BULK_ITEMS);
  await bench.sandbox.reset();
  await timedCall(bench, 'update_user', singleInput(bench, 1)); // unmeasured: disk cache, the fake's routes
  await bench.sandbox.reset();
  const loopMs: number[] = [];
  for (let n = 1; n <= sample; n++) loopMs.push(await timedCall(bench, 'update_user', singleInput(bench, n)));
  await bench.sandbox.reset();
  const bulkMs = await timedCall(bench, 'update_users', bulkInput(bench, BULK_ITEMS));
  await bench.sandbox.reset();
  const loopTotalMs = extrapolateMs(loopMs, BULK_ITEMS);
  const measured = sample === BULK_ITEMS ? 'all measured' : `${count(sample)} measured, extrapolated linearly`;
  return {
    measurement: `Loop way: ${count(BULK_ITEMS)} × update_user (${measured})`,
    measured: `Loop ${seconds(loopTotalMs)}`,
    against: `update_users ${seconds(bulkMs)} (one runner call)`,
    value: loopTotalMs / bulkMs,
    goal: { atLeast: BULK_GOALS.loopSpeedup },
    format: ratio,
  };
}
