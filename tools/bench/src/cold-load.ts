// 1. Cold load: a fresh node requiring each packaged piece, against the framework alone.
import type { PreparedPiece } from './prepare';
import { median, ms, ratio, since, table, verdict } from './report';
import { COLD_RUNS, FRAMEWORK, GOALS } from './settings';
import { quiet } from './workspace';

interface Variant {
  label: string;
  /** What the child requires; null for a bare node. */
  target: string | null;
  baseline?: boolean;
  goal?: boolean;
  wall: number[];
  require: number[];
}

/** One fresh node: wall time as the parent sees it, and the require() alone as the child times it. */
function coldLoadOnce(target: string | null): { wallMs: number; requireMs: number } {
  const code = target
    ? `const t=process.hrtime.bigint();require(${JSON.stringify(target)});process.stdout.write(String(Number(process.hrtime.bigint()-t)/1e6))`
    : 'process.stdout.write("0")';
  const started = process.hrtime.bigint();
  const requireMs = Number(quiet(process.execPath, ['-e', code]));
  return { wallMs: since(started), requireMs };
}

export function benchColdLoad(pieces: readonly PreparedPiece[]): void {
  const variants: Variant[] = [
    { label: 'node -e 0 (no require, for scale)', target: null },
    { label: `${FRAMEWORK} alone`, target: FRAMEWORK, baseline: true },
    ...pieces.map(({ piece, entry }) => ({ label: `${piece.name} (packaged)`, target: entry, goal: true })),
    ...pieces.map(({ piece, untrimmedEntry }) => ({ label: `${piece.name} (untrimmed bundle)`, target: untrimmedEntry })),
  ].map((variant) => ({ ...variant, wall: [], require: [] }));
  // Round robin, each round starting one further along, so drift in machine load hits every variant alike.
  for (let round = 0; round < COLD_RUNS; round++) {
    for (let index = 0; index < variants.length; index++) {
      const variant = variants[(index + round) % variants.length];
      const sample = coldLoadOnce(variant.target);
      variant.wall.push(sample.wallMs);
      variant.require.push(sample.requireMs);
    }
  }
  const base = variants.find((variant) => variant.baseline) as Variant;
  const [baseWall, baseRequire] = [median(base.wall), median(base.require)];
  const rows = variants.map((variant) => {
    const [wall, req] = [median(variant.wall), median(variant.require)];
    const compared = variant.target && !variant.baseline;
    return [
      variant.label,
      ms(wall),
      ms(Math.min(...variant.wall)),
      variant.target ? ms(req) : '-',
      compared ? ratio(wall / baseWall) : variant.baseline ? '1.00×' : '-',
      compared ? ratio(req / baseRequire) : variant.baseline ? '1.00×' : '-',
      variant.goal ? verdict(wall / baseWall, GOALS.coldLoad) : '',
    ];
  });
  table(
    `1. Cold load: a fresh node requiring the package's src/index.js (${COLD_RUNS} runs each, interleaved, median)`,
    ['what', 'wall', 'wall min', 'require()', 'wall vs framework', 'require() vs framework', `≤ ${GOALS.coldLoad}×`],
    rows,
    ['wall: process start to exit, as the parent sees it; require(): the require call alone, timed inside the child.'],
  );
}
