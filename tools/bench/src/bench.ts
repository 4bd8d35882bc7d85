// npm run bench: what a piece costs, side by side, all measured in one run. Needs `npm run build` first
// (the npm script builds); bundled as dist/tools/bench/bench.js.
//   1. cold load of each packaged piece against the framework alone (fresh node processes);
//   2. one engine-style call (a fresh child per call, as the engine of today spawns one per action run,
//      dropdown or validate) against an empty child and a child that only loads the framework;
//   3. update_user against the sandbox against a raw fetch of the very same request (warm);
//   4. packed size and install footprint;
//   5. round trips per update, from the sandbox's request log;
//   6. update_users (bulk, issue 13) against a sandbox of its own with generated users and latency: wall time
//      against the floor at concurrency 4 and 10, the same updates the Loop way (a runner child per item),
//      throughput under a rate limit, and a 10,000-item preview's memory growth and output size.
// The pieces are those of the tools' list (@user-admin-pieces/sandbox); each section is a module here.
// Loopback only, bounded loops, ends by itself. Not part of npm test: timings depend on the machine.
//
// Knobs (environment): BENCH_COLD_RUNS (default 9), BENCH_ENGINE_RUNS (default 15), BENCH_ITERATIONS
// (default 600), BENCH_WARMUP (default 30); for section 6: BENCH_BULK_PIECE (merchant-staff; or
// activepieces-platform), BENCH_BULK_ITEMS (1000), BENCH_BULK_LATENCY_MS (20), BENCH_LOOP_SAMPLE (100 update_user
// calls measured, the Loop's time extrapolated linearly to BENCH_BULK_ITEMS), BENCH_RATE_LIMIT (50 requests/s),
// BENCH_RATE_ITEMS (300: 600 requests, about 12 s at 50/s), BENCH_PREVIEW_ITEMS (10000).
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchBulk } from './bulk';
import { benchColdLoad } from './cold-load';
import { benchEngineCall } from './engine-call';
import { benchFootprint } from './footprint';
import { preparePieces } from './prepare';
import { startRemoteSandbox } from './remote-sandbox';
import { benchRoundTrips } from './round-trips';
import { observeCases } from './update-cases';
import { benchUpdates } from './updates';

const loads = () => loadavg().map((value) => value.toFixed(2)).join(' ');

async function main(work: string): Promise<void> {
  const startedAt = Date.now();
  const cpu = cpus();
  console.log(`npm run bench, ${new Date().toISOString().slice(0, 10)}: node ${process.version}, ${cpu.length} cores (${cpu[0]?.model.trim()}), load average ${loads()}`);

  const pieces = preparePieces(work);
  benchColdLoad(pieces);

  const sandbox = await startRemoteSandbox();
  try {
    await benchEngineCall(pieces, sandbox);
    const cases = await observeCases(pieces, sandbox);
    await benchUpdates(cases);
    benchFootprint(pieces);
    benchRoundTrips(cases);
  } finally {
    sandbox.stop();
  }
  await benchBulk(pieces);
  console.log(`\nDone in ${((Date.now() - startedAt) / 1000).toFixed(0)} s; load average now ${loads()}.`);
}

const work = mkdtempSync(join(tmpdir(), 'piece-bench-'));
main(work)
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => rmSync(work, { recursive: true, force: true }));
