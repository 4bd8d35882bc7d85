import { bulkFloorMs, extrapolateMs, goalRowCells, meetsGoal, type GoalRow } from '../src/bulk-goals';
import { ratio } from '../src/report';

describe('bulkFloorMs', () => {
  it('is N × round trips × latency ÷ concurrency, as issue 13 states it', () => {
    expect(bulkFloorMs(1000, 2, 20, 4)).toBe(10_000);
    expect(bulkFloorMs(1000, 2, 20, 10)).toBe(4000);
    expect(bulkFloorMs(1000, 1, 20, 4)).toBe(5000);
  });
});

describe('extrapolateMs', () => {
  it('scales the mean of the sample to every item', () => {
    expect(extrapolateMs([150, 170, 160], 1000)).toBe(160_000);
    expect(extrapolateMs([200], 1)).toBe(200);
  });

  it('refuses an empty sample instead of answering NaN', () => {
    expect(() => extrapolateMs([], 1000)).toThrow('extrapolateMs needs at least one measured call');
  });
});

describe('meetsGoal', () => {
  it('counts the bound itself as met, in either direction', () => {
    expect(meetsGoal(1.2, { atMost: 1.2 })).toBe(true);
    expect(meetsGoal(1.21, { atMost: 1.2 })).toBe(false);
    expect(meetsGoal(10, { atLeast: 10 })).toBe(true);
    expect(meetsGoal(9.99, { atLeast: 10 })).toBe(false);
    expect(meetsGoal(0, { atMost: 0 })).toBe(true);
    expect(meetsGoal(Number.NaN, { atMost: 1.2 })).toBe(false);
  });
});

describe('goalRowCells', () => {
  const row: GoalRow = {
    measurement: '1,000 × update_users, concurrency 4, 20 ms latency',
    measured: '10.40 s (2,000 requests)',
    against: 'floor 10.00 s (GET + PUT)',
    value: 1.04,
    goal: { atMost: 1.2 },
    format: ratio,
  };

  it('prints the value and the bound in the same format, and PASS when the goal is met', () => {
    expect(goalRowCells(row)).toEqual([row.measurement, row.measured, row.against, '1.04×', '≤ 1.20×', 'PASS']);
  });

  it('prints ≥ for a lower bound, and MISS when the goal is not met', () => {
    expect(goalRowCells({ ...row, value: 8.5, goal: { atLeast: 10 } })).toEqual([row.measurement, row.measured, row.against, '8.50×', '≥ 10.00×', 'MISS']);
  });

  it('leaves the goal empty and says info for a row without one', () => {
    expect(goalRowCells({ ...row, goal: undefined })).toEqual([row.measurement, row.measured, row.against, '1.04×', '', 'info']);
  });
});
