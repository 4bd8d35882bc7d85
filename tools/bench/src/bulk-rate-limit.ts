// 6c. update_users under the fake's per-second rate limit (the merchant answers 503 + Retry-After, as
// ASP.NET's limiter does): requests the fake accepted per second of the step, and items that did not get updated.
import { bulkInput, count, countsText, itemsNot, runBulkInChild, seconds, type BulkBench } from './bulk-runs';
import type { GoalRow } from './bulk-goals';
import { BULK_GOALS, RATE_ITEMS, RATE_LIMIT } from './settings';

const percent = (value: number): string => `${(value * 100).toFixed(0)} %`;

export async function benchBulkRateLimit(bench: BulkBench): Promise<GoalRow[]> {
  await bench.sandbox.reset();
  await bench.sandbox.updateSettings({ rateLimitPerSecond: RATE_LIMIT });
  const { timings, output } = await runBulkInChild(bench, bulkInput(bench, RATE_ITEMS));
  const requests = await bench.sandbox.requests(bench.prepared.piece.name);
  await bench.sandbox.reset();
  const runMs = timings?.runMs ?? Number.NaN;
  const accepted = requests.filter((request) => request.rateLimited !== true).length;
  const refused = requests.length - accepted;
  const perSecond = accepted / (runMs / 1000);
  const setting = `${count(RATE_ITEMS)} users under ${RATE_LIMIT} requests/s`;
  return [
    {
      measurement: `${setting}: throughput`,
      measured: `${perSecond.toFixed(1)} accepted requests/s`,
      against: `${count(accepted)} accepted, ${count(refused)} refused in ${seconds(runMs)}`,
      value: perSecond / RATE_LIMIT,
      goal: { atLeast: BULK_GOALS.rateShare },
      format: percent,
    },
    {
      measurement: `${setting}: items not updated`,
      measured: countsText(output),
      against: '',
      value: itemsNot(output, 'updated', RATE_ITEMS),
      goal: { atMost: 0 },
      format: String,
    },
  ];
}
