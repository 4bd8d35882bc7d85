// 3. update_user through the packaged piece, loaded in this process, against a raw fetch of the very same
// requests (warm, interleaved).
import { median, ms, percentile, ratio, since, table, verdict } from './report';
import { GOALS, ITERATIONS, WARMUP } from './settings';
import { rawFetch, type UpdateCase } from './update-cases';

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const started = process.hrtime.bigint();
  await fn();
  return since(started);
}

export async function benchUpdates(cases: readonly UpdateCase[]): Promise<void> {
  const rows = [];
  for (const testCase of cases) {
    const viaPiece = testCase.run;
    const viaFetch = () => rawFetch(testCase.raw);
    for (let i = 0; i < WARMUP; i++) {
      await viaPiece();
      await viaFetch();
    }
    const pieceTimes: number[] = [];
    const fetchTimes: number[] = [];
    // Interleaved, alternating which goes first, so neither side always gets the warmer connection.
    for (let i = 0; i < ITERATIONS; i++) {
      if (i % 2 === 0) {
        pieceTimes.push(await timed(viaPiece));
        fetchTimes.push(await timed(viaFetch));
      } else {
        fetchTimes.push(await timed(viaFetch));
        pieceTimes.push(await timed(viaPiece));
      }
    }
    const [pieceMedian, fetchMedian] = [median(pieceTimes), median(fetchTimes)];
    rows.push([
      testCase.label,
      testCase.recorded.length,
      ms(pieceMedian),
      ms(percentile(pieceTimes, 95)),
      ms(fetchMedian),
      ms(percentile(fetchTimes, 95)),
      `${((pieceMedian - fetchMedian) * 1000).toFixed(0)} µs`,
      ratio(pieceMedian / fetchMedian),
      ratio(percentile(pieceTimes, 95) / percentile(fetchTimes, 95)),
      verdict(pieceMedian / fetchMedian, GOALS.update),
    ]);
  }
  table(
    `3. update_user through the packaged piece against a raw fetch of the same requests (${ITERATIONS} iterations each, after ${WARMUP} warm-up, interleaved)`,
    ['case', 'round trips', 'piece median', 'piece p95', 'fetch median', 'fetch p95', 'overhead', 'ratio median', 'ratio p95', `≤ ${GOALS.update}×`],
    rows,
    ['The raw side sends the method, URL, headers and body the piece sent (a merchant update: GET, then PUT with its ETag) and parses the JSON answer.'],
  );
}
