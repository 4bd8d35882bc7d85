// 6a. update_users over BULK_ITEMS users at the sandbox's latency, against the floor no client can beat:
// N × round trips × latency ÷ concurrency. Timed inside an engine-style child, around the action's run.
import { bulkInput, itemsNot, runBulkInChild, seconds, count, type BulkBench } from './bulk-runs';
import { bulkFloorMs, type GoalRow } from './bulk-goals';
import { ratio } from './report';
import { BULK_CONCURRENCIES, BULK_GOALS, BULK_ITEMS, BULK_LATENCY_MS } from './settings';

export async function benchBulkFloor(bench: BulkBench): Promise<GoalRow[]> {
  const rows: GoalRow[] = [];
  const piece = bench.prepared.piece.name;
  for (const concurrency of BULK_CONCURRENCIES) {
    await bench.sandbox.reset();
    const { timings, output } = await runBulkInChild(bench, bulkInput(bench, BULK_ITEMS, { concurrency }));
    const notUpdated = itemsNot(output, 'updated', BULK_ITEMS);
    if (notUpdated > 0) throw new Error(`update_users left ${notUpdated} of ${BULK_ITEMS} users not updated: ${JSON.stringify(output.counts)}`);
    const requests = (await bench.sandbox.requests(piece)).length;
    const runMs = timings?.runMs ?? Number.NaN;
    const floorMs = bulkFloorMs(BULK_ITEMS, bench.target.tripsPerItem, BULK_LATENCY_MS, concurrency);
    rows.push({
      measurement: `${count(BULK_ITEMS)} × ${piece} update_users, concurrency ${concurrency}, ${BULK_LATENCY_MS} ms latency`,
      measured: `${seconds(runMs)} (${count(requests)} requests)`,
      against: `floor ${seconds(floorMs)} (${bench.target.trips})`,
      value: runMs / floorMs,
      goal: { atMost: BULK_GOALS.overFloor },
      format: ratio,
    });
  }
  await bench.sandbox.reset();
  return rows;
}
