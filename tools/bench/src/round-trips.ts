// 5. Round trips per update, from the sandbox's request log of one update on a fresh sandbox.
import { table } from './report';
import type { UpdateCase } from './update-cases';

export function benchRoundTrips(cases: readonly UpdateCase[]): void {
  const rows = cases.map((testCase) => [
    testCase.label,
    testCase.expectedTrips,
    testCase.recorded.length,
    testCase.recorded.map((request) => `${request.method} ${request.status}`).join(', '),
    testCase.recorded.length === testCase.expectedTrips ? 'yes' : 'NO',
  ]);
  table('5. Round trips per update (the sandbox request log, one update on a fresh sandbox)', ['case', 'expected', 'measured', 'requests', 'as expected'], rows);
}
