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

export const FRAMEWORK = '@activepieces/pieces-framework';
export const GOALS = { coldLoad: 1.1, engineCall: 1.5, update: 1.15 };
