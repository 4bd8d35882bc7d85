// The bulk section's arithmetic and its table rows: the floor no bulk step can beat, a Loop's time
// extrapolated from a sample, and goals that say which way they point.
import type { Cell } from './report';

/**
 * The least wall time of `items` updates of `tripsPerItem` sequential round trips each, `concurrency`
 * at a time, over a network of `latencyMs` per round trip (issue 13: N × 2 round trips × latency ÷ concurrency).
 */
export function bulkFloorMs(items: number, tripsPerItem: number, latencyMs: number, concurrency: number): number {
  return (items * tripsPerItem * latencyMs) / concurrency;
}

/** The wall time of `items` calls one after another (as a Loop runs them), from the mean of a measured sample. */
export function extrapolateMs(sampleMs: readonly number[], items: number): number {
  if (sampleMs.length === 0) throw new Error('extrapolateMs needs at least one measured call');
  return (sampleMs.reduce((sum, value) => sum + value, 0) / sampleMs.length) * items;
}

export type Goal = { atMost: number } | { atLeast: number };

export function meetsGoal(value: number, goal: Goal): boolean {
  return 'atMost' in goal ? value <= goal.atMost : value >= goal.atLeast;
}

/** One row of the bulk table: a measurement, what it is compared with, and its goal. */
export interface GoalRow {
  /** What was measured, with its setting. */
  measurement: string;
  /** The measurement, as printed. */
  measured: string;
  /** What it is compared with, as printed; empty when the goal is absolute. */
  against: string;
  /** The number the goal checks: a ratio, a share, MiB, bytes, a count. */
  value: number;
  /** None for a row shown for information: its verdict reads "info". */
  goal?: Goal;
  /** How `value` and the goal's bound are printed. */
  format: (value: number) => string;
}

export const GOAL_ROW_HEADER = ['measurement', 'measured', 'against', 'value', 'goal', 'verdict'] as const;

export function goalRowCells(row: GoalRow): Cell[] {
  const cells = [row.measurement, row.measured, row.against, row.format(row.value)];
  if (row.goal === undefined) return [...cells, '', 'info'];
  const bound = 'atMost' in row.goal ? `≤ ${row.format(row.goal.atMost)}` : `≥ ${row.format(row.goal.atLeast)}`;
  return [...cells, bound, meetsGoal(row.value, row.goal) ? 'PASS' : 'MISS'];
}
