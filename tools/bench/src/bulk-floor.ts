// 6a. update_users over BULK_ITEMS users at the sandbox's latency, against the floor no client can beat:
// N × round trips × latency ÷ concurrency. Timed inside an engine-style child, around the action's run.
// A third run, for information, deactivates the users instead: that also runs the batch's owner guard,
// which reads the whole user list first, so its cost grows with the merchant's size, not the batch's.
import { bulkInput, count, deactivation, itemsNot, runBulkInChild, seconds, type BulkBench } from './bulk-runs';
import { bulkFloorMs, type GoalRow } from './bulk-goals';
import type { SentRequest } from './remote-sandbox';
import { ratio } from './report';
import { BULK_CONCURRENCIES, BULK_GOALS, BULK_ITEMS, BULK_LATENCY_MS } from './settings';

/** How long the fake held a request on average, from its arrival to its answer: the latency as actually served. */
function meanAtFakeMs(requests: readonly SentRequest[]): number {
  const held = requests.map((request) => Date.parse(request.answeredAt ?? '') - Date.parse(request.receivedAt));
  return held.reduce((sum, value) => sum + value, 0) / held.length;
}

interface FloorRun {
  concurrency: number;
  label: string;
  deactivate?: boolean;
}

const [DEFAULT_CONCURRENCY] = BULK_CONCURRENCIES;
const RUNS: readonly FloorRun[] = [
  ...BULK_CONCURRENCIES.map((concurrency) => ({ concurrency, label: `${count(BULK_ITEMS)} users, concurrency ${concurrency}: wall time` })),
  { concurrency: DEFAULT_CONCURRENCY, label: `${count(BULK_ITEMS)} deactivations, concurrency ${DEFAULT_CONCURRENCY} (owner guard)`, deactivate: true },
];

async function floorRow(bench: BulkBench, { concurrency, label, deactivate }: FloorRun): Promise<GoalRow> {
  await bench.sandbox.reset();
  const item = deactivate ? (n: number) => deactivation(bench, n) : undefined;
  const { timings, output } = await runBulkInChild(bench, bulkInput(bench, BULK_ITEMS, { concurrency }, item));
  const notUpdated = itemsNot(output, 'updated', BULK_ITEMS);
  if (notUpdated > 0) throw new Error(`update_users left ${notUpdated} of ${BULK_ITEMS} users not updated: ${JSON.stringify(output.counts)}`);
  const requests = await bench.sandbox.requests(bench.prepared.piece.name);
  const runMs = timings?.runMs ?? Number.NaN;
  const floorMs = bulkFloorMs(BULK_ITEMS, bench.target.tripsPerItem, BULK_LATENCY_MS, concurrency);
  const extra = requests.length - BULK_ITEMS * bench.target.tripsPerItem;
  return {
    measurement: label,
    measured: `${seconds(runMs)} (${count(requests.length)} requests, ${meanAtFakeMs(requests).toFixed(1)} ms each at the fake)`,
    against: `floor ${seconds(floorMs)} (${bench.target.trips})${extra > 0 ? `; ${count(extra)} more requests before the work` : ''}`,
    value: runMs / floorMs,
    ...(!deactivate && { goal: { atMost: BULK_GOALS.overFloor } }),
    format: ratio,
  };
}

export async function benchBulkFloor(bench: BulkBench): Promise<GoalRow[]> {
  const rows: GoalRow[] = [];
  for (const run of RUNS) rows.push(await floorRow(bench, run));
  await bench.sandbox.reset();
  return rows;
}
