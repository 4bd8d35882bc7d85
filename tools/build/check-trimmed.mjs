// The check after every trimmed build: bundles the whole framework with the same trimming and runs
// check-lazy-framework.cjs in a fresh node, so the build fails loudly when the trimmed framework loads
// zod or differs from the untouched one in any export.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { frameworkDir, WORKSPACE_ROOT } from './workspace.mjs';

/**
 * Checks a trimmed piece bundle: `output` and `plugins` are those of its build (target, minify, keepNames,
 * and the trimming plugins), applied here to the framework's own index so that every export is reachable.
 * Throws, naming the bundle, with the reasons the check gave.
 */
export async function checkTrimmedFramework(pieceBundle, { output, plugins }) {
  const work = mkdtempSync(join(tmpdir(), 'trim-check-'));
  try {
    const lazyFramework = join(work, 'framework.cjs');
    await build({
      ...output,
      entryPoints: [join(frameworkDir, 'src/index.js')],
      outfile: lazyFramework,
      bundle: true,
      platform: 'node',
      format: 'cjs',
      logLevel: 'warning',
      plugins,
    });
    const input = join(work, 'input.json');
    writeFileSync(input, JSON.stringify({ pieceBundle, lazyFramework, framework: join(frameworkDir, 'src/index.js') }));
    try {
      execFileSync(process.execPath, [join(import.meta.dirname, 'check-lazy-framework.cjs'), input], { stdio: ['ignore', 'inherit', 'pipe'], encoding: 'utf8' });
    } catch (error) {
      throw new Error(`${relative(WORKSPACE_ROOT, pieceBundle)}: ${error.stderr?.trim() || error.message}`);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
