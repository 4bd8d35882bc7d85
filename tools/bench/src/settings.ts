// The knobs of `npm run bench` (environment) and the goals its tables check.

function positiveInt(name: string, fallback: number): number {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer`);
  return value;
}

export const COLD_RUNS = positiveInt('BENCH_COLD_RUNS', 9);
export const ENGINE_RUNS = positiveInt('BENCH_ENGINE_RUNS', 15);
export const ITERATIONS = positiveInt('BENCH_ITERATIONS', 600);
export const WARMUP = positiveInt('BENCH_WARMUP', 30);
/** The piece whose update_users the bulk section measures (the numbers are the merchant's). */
export const BULK_PIECE = process.env['BENCH_BULK_PIECE'] ?? 'merchant-staff';
export const BULK_ITEMS = positiveInt('BENCH_BULK_ITEMS', 1000);
export const BULK_LATENCY_MS = positiveInt('BENCH_BULK_LATENCY_MS', 20);
export const LOOP_SAMPLE = positiveInt('BENCH_LOOP_SAMPLE', 100);
export const RATE_LIMIT = positiveInt('BENCH_RATE_LIMIT', 50);
export const RATE_ITEMS = positiveInt('BENCH_RATE_ITEMS', 300);
export const PREVIEW_ITEMS = positiveInt('BENCH_PREVIEW_ITEMS', 10_000);

export const FRAMEWORK = '@activepieces/pieces-framework';
export const GOALS = { coldLoad: 1.1, engineCall: 1.5, update: 1.15 };
/** Issue 13's goals for the bulk step: wall time over the floor, speed-up over a Loop, share of the rate limit, memory growth. */
export const BULK_GOALS = { overFloor: 1.2, loopSpeedup: 10, rateShare: 0.9, previewGrowthMiB: 150, bytesPerItem: 200 };
/** update_users' default concurrency and its maximum (DEFAULT_CONCURRENCY, MAX_CONCURRENCY in common's bulk settings). */
export const BULK_CONCURRENCIES = [4, 10] as const;
