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
import { meanSummary, printSummary, summariseProfile } from './profile-summary';
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
    const summary = meanSummary(readdirSync(profiles).map((file) => summariseProfile(join(profiles, file))));
    console.log(`\n${name}${values.untrimmed ? ' (untrimmed)' : ''}: CPU by module while a fresh node requires the bundle and reads the metadata (${runs} runs, mean)\n`);
    printSummary(summary, Number(values.top));
    if (values.keep) console.log(`profiles: ${profiles}`);
  }
} finally {
  if (!values.keep) rmSync(work, { recursive: true, force: true });
}
