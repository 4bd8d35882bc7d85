// 6. update_users (issue 13), against its own sandbox host: generated users, BULK_LATENCY_MS on every
// answer, and a request log long enough for a whole batch. Four measurements, one table, each row with its goal.
import { benchBulkFloor } from './bulk-floor';
import { GOAL_ROW_HEADER, goalRowCells } from './bulk-goals';
import { benchBulkLoop } from './bulk-loop';
import { benchBulkPreview } from './bulk-preview';
import { benchBulkRateLimit } from './bulk-rate-limit';
import { bulkBench } from './bulk-runs';
import type { PreparedPiece } from './prepare';
import { startRemoteSandbox } from './remote-sandbox';
import { table } from './report';
import { BULK_ITEMS, BULK_LATENCY_MS, BULK_PIECE, PREVIEW_ITEMS, RATE_ITEMS } from './settings';

export async function benchBulk(pieces: readonly PreparedPiece[]): Promise<void> {
  const users = Math.max(BULK_ITEMS, RATE_ITEMS, PREVIEW_ITEMS);
  // Two round trips per item, plus the refused ones under the rate limit: the whole batch stays in the log.
  const log = { requestLogLimit: 4 * Math.max(BULK_ITEMS, RATE_ITEMS) };
  const sandbox = await startRemoteSandbox({ users, latencyMs: BULK_LATENCY_MS, activepieces: log, merchant: log });
  try {
    const bench = bulkBench(pieces, sandbox);
    const rows = [...(await benchBulkFloor(bench)), await benchBulkLoop(bench), ...(await benchBulkRateLimit(bench)), ...(await benchBulkPreview(bench))];
    table(
      `6. ${BULK_PIECE} update_users (issue 13) at ${BULK_LATENCY_MS} ms sandbox latency: each item gives a generated user ${bench.target.what}`,
      GOAL_ROW_HEADER,
      rows.map(goalRowCells),
      [
        'update_users rows: the action\'s run timed inside a fresh engine-style child (tools/bench/engine-call-child.cjs), load excluded; the floor is',
        'N × round trips × latency ÷ concurrency. Loop way: each update_user and the one update_users through the runner\'s child (runInPieceProcess),',
        'timed from spawn to reply, calls one after another as Loop runs them. Rate limit: requests the fake accepted per second of the step.',
        'Preview: process.memoryUsage() sampled every 5 ms in the child (after a gc) while the action ran; output size is JSON.stringify of its result.',
      ],
    );
  } finally {
    sandbox.stop();
  }
}
