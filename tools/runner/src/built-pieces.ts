import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The workspace root: tools/runner/src in source, dist/tools/runner in the bundle. */
export const WORKSPACE_ROOT = findWorkspaceRoot(__dirname);
export const BUILT_PIECES_DIR = join(WORKSPACE_ROOT, 'dist/packages/pieces');

/** A mistake in how the runner was called: said in one line, without a stack. */
export class RunnerError extends Error {
  override readonly name = 'RunnerError';
}

export function builtPieceNames(): string[] {
  if (!existsSync(BUILT_PIECES_DIR)) return [];
  return readdirSync(BUILT_PIECES_DIR)
    .filter((name) => existsSync(join(BUILT_PIECES_DIR, name, 'src/index.js')))
    .sort();
}

/** The built package of a piece (dist/packages/pieces/<name>), or a sentence saying why there is none. */
export function builtPieceDir(name: string): string {
  const dir = join(BUILT_PIECES_DIR, name);
  if (existsSync(join(dir, 'src/index.js'))) return dir;
  const known = builtPieceNames();
  throw new RunnerError(
    known.length === 0
      ? `Piece "${name}" is not built. Run \`npm run build\` first.`
      : `Unknown piece "${name}". Built pieces: ${known.join(', ')}.`,
  );
}

function findWorkspaceRoot(start: string): string {
  let dir = resolve(start);
  while (!existsSync(join(dir, 'nx.json'))) {
    const parent = resolve(dir, '..');
    if (parent === dir) return process.cwd();
    dir = parent;
  }
  return dir;
}
