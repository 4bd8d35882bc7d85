// 6d. A preview of PREVIEW_ITEMS users (reads only) in an engine-style child that samples its own memory:
// the peak growth of RSS and heap over the child's state after loading the piece, and the size of the
// output the engine would store for the step. The fake answers without latency here: the memory a
// preview holds does not depend on how long the reads take, and 10,000 reads at 20 ms, 4 at a time, take 50 s.
import { bulkInput, count, countsText, itemsNot, runBulkInChild, seconds, type BulkBench } from './bulk-runs';
import type { GoalRow } from './bulk-goals';
import { kib, mib } from './report';
import { BULK_GOALS, PREVIEW_ITEMS } from './settings';

const MIB = 1024 * 1024;

export async function benchBulkPreview(bench: BulkBench): Promise<GoalRow[]> {
  await bench.sandbox.reset();
  await bench.sandbox.updateSettings({ latencyMs: 0 });
  const { timings, memory, result, output } = await runBulkInChild(bench, bulkInput(bench, PREVIEW_ITEMS, { previewOnly: true }), 'measure');
  await bench.sandbox.reset();
  const notPlanned = itemsNot(output, 'planned', PREVIEW_ITEMS);
  if (notPlanned > 0 || memory === undefined) throw new Error(`the preview of ${PREVIEW_ITEMS} users did not plan every one: ${countsText(output)}`);
  const outputBytes = Buffer.byteLength(JSON.stringify(result));
  const rssGrowth = memory.rssPeak - memory.rssBefore;
  const heapGrowth = memory.heapPeak - memory.heapBefore;
  const setting = `Preview of ${count(PREVIEW_ITEMS)} users, no latency`;
  return [
    {
      measurement: `${setting}: peak RSS growth`,
      measured: `${mib(rssGrowth)} (heap ${mib(heapGrowth)})`,
      against: `over ${mib(memory.rssBefore)} after load; run ${seconds(timings?.runMs ?? Number.NaN)}`,
      value: rssGrowth / MIB,
      goal: { atMost: BULK_GOALS.previewGrowthMiB },
      format: (value) => `${value.toFixed(1)} MiB`,
    },
    {
      measurement: `${setting}: output size`,
      measured: `${kib(outputBytes)} (${count(outputBytes)} bytes, JSON)`,
      against: countsText(output),
      value: outputBytes / PREVIEW_ITEMS,
      goal: { atMost: BULK_GOALS.bytesPerItem },
      format: (value) => `${value.toFixed(0)} B/item`,
    },
  ];
}
