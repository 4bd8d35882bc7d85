// Where a piece's cold load goes: builds the piece for profiling (not minified, with a source map; see
// build-piece.mjs --profiling), runs `node --cpu-prof` on fresh children that require the bundle and find
// the Piece as the engine does, and prints CPU time by module (npm package, our folder, or Node's own
// `node:*`), averaged over the runs. Self: the module's own code; total: anything it called, counted once.
//
// Usage: node dist/tools/bench/profile-load.js [<piece-name>...] [--untrimmed] [--runs N] [--top N] [--keep]
//   (after `npm run build`; every piece of the list by default)
//   --untrimmed  profile the untrimmed build (the whole framework, shared and zod, as before trimming)
//   --keep       keep the .cpuprofile files (and print where), e.g. to open them in Chrome DevTools
// Profiling slows code down (sampling every 100 µs): compare modules with each other, not with the bench.
import { PIECES } from '@user-admin-pieces/sandbox';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { summariseProfile } from './profile-summary';
import { ROOT } from './workspace';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    untrimmed: { type: 'boolean', default: false },
    runs: { type: 'string', default: '7' },
    top: { type: 'string', default: '14' },
    keep: { type: 'boolean', default: false },
  },
});
const names = positionals.length ? positionals : PIECES.map((piece) => piece.name);
const runs = Number(values.runs);
const work = mkdtempSync(join(tmpdir(), 'profile-load-'));

try {
  for (const name of names) {
    const outDir = join(work, name);
    execFileSync(process.execPath, ['tools/build/build-piece.mjs', name, '--profiling', '--out-dir', outDir, ...(values.untrimmed ? ['--untrimmed'] : [])], { cwd: ROOT, stdio: 'ignore' });
    const bundle = join(outDir, 'src/index.js');
    const profiles = join(work, `${name}-profiles`);
    const child = `const m = require(${JSON.stringify(bundle)}); Object.values(m).find((v) => v?.constructor?.name === 'Piece').metadata();`;
    for (let run = 0; run < runs; run++) {
      execFileSync(process.execPath, ['--cpu-prof', '--cpu-prof-interval', '100', '--cpu-prof-dir', profiles, '-e', child], { stdio: 'ignore' });
    }
    const summaries = readdirSync(profiles).map((file) => summariseProfile(join(profiles, file)));
    const modules = new Map<string, { selfMs: number; totalMs: number }>();
    const functions = new Map<string, number>();
    for (const summary of summaries) {
      for (const { fn, selfMs } of summary.functions) functions.set(fn, (functions.get(fn) ?? 0) + selfMs / summaries.length);
      for (const { module, selfMs, totalMs } of summary.modules) {
        const entry = modules.get(module) ?? { selfMs: 0, totalMs: 0 };
        entry.selfMs += selfMs / summaries.length;
        entry.totalMs += totalMs / summaries.length;
        modules.set(module, entry);
      }
    }
    const profiled = summaries.reduce((sum, summary) => sum + summary.totalMs, 0) / summaries.length;
    const rows = [...modules].sort((a, b) => b[1].selfMs - a[1].selfMs).slice(0, Number(values.top));
    const width = Math.max(...rows.map(([module]) => module.length), 6);
    console.log(`\n${name}${values.untrimmed ? ' (untrimmed)' : ''}: CPU by module while a fresh node requires the bundle and reads the metadata (${runs} runs, mean)\n`);
    console.log(`${'module'.padEnd(width)}  ${'self'.padStart(9)}  ${'total'.padStart(9)}`);
    for (const [module, { selfMs, totalMs }] of rows) console.log(`${module.padEnd(width)}  ${`${selfMs.toFixed(1)} ms`.padStart(9)}  ${`${totalMs.toFixed(1)} ms`.padStart(9)}`);
    console.log(`${'(all profiled time)'.padEnd(width)}  ${`${profiled.toFixed(1)} ms`.padStart(9)}`);
    console.log('\nTop functions by self time (in a bundle, `__require` is mostly V8 compiling the module it is about to run):');
    for (const [fn, selfMs] of [...functions].sort((a, b) => b[1] - a[1]).slice(0, 8)) console.log(`  ${`${selfMs.toFixed(1)} ms`.padStart(9)}  ${fn}`);
    if (values.keep) console.log(`profiles: ${profiles}`);
  }
} finally {
  if (!values.keep) rmSync(work, { recursive: true, force: true });
}
