// 6a. update_users over BULK_ITEMS users at the sandbox's latency, against the floor no client can beat:
// N × round trips × latency ÷ concurrency. Timed inside an engine-style child, around the action's run.
import { bulkInput, itemsNot, runBulkInChild, seconds, count, type BulkBench } from './bulk-runs';
import { bulkFloorMs, type GoalRow } from './bulk-goals';
import type { SentRequest } from './remote-sandbox';
import { ratio } from './report';
import { BULK_CONCURRENCIES, BULK_GOALS, BULK_ITEMS, BULK_LATENCY_MS } from './settings';

/** How long the fake held a request on average, from its arrival to its answer: the latency as actually served. */
function meanAtFakeMs(requests: readonly SentRequest[]): number {
  const held = requests.map((request) => Date.parse(request.answeredAt ?? '') - Date.parse(request.receivedAt));
  return held.reduce((sum, value) => sum + value, 0) / held.length;
}

export async function benchBulkFloor(bench: BulkBench): Promise<GoalRow[]> {
  const rows: GoalRow[] = [];
  for (const concurrency of BULK_CONCURRENCIES) {
    await bench.sandbox.reset();
    const { timings, output } = await runBulkInChild(bench, bulkInput(bench, BULK_ITEMS, { concurrency }));
    const notUpdated = itemsNot(output, 'updated', BULK_ITEMS);
    if (notUpdated > 0) throw new Error(`update_users left ${notUpdated} of ${BULK_ITEMS} users not updated: ${JSON.stringify(output.counts)}`);
    const requests = await bench.sandbox.requests(bench.prepared.piece.name);
    const runMs = timings?.runMs ?? Number.NaN;
    const floorMs = bulkFloorMs(BULK_ITEMS, bench.target.tripsPerItem, BULK_LATENCY_MS, concurrency);
    rows.push({
      measurement: `${count(BULK_ITEMS)} users, concurrency ${concurrency}: wall time`,
      measured: `${seconds(runMs)} (${count(requests.length)} requests, ${meanAtFakeMs(requests).toFixed(1)} ms each at the fake)`,
      against: `floor ${seconds(floorMs)} (${bench.target.trips})`,
      value: runMs / floorMs,
      goal: { atMost: BULK_GOALS.overFloor },
      format: ratio,
    });
  }
  await bench.sandbox.reset();
  return rows;
}
