import type { Piece } from '@activepieces/pieces-framework';
import { extractPieceFromModule } from '@activepieces/shared';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The workspace root: tools/runner/src in source, dist/tools/runner in the bundle. */
export const WORKSPACE_ROOT = findWorkspaceRoot(__dirname);
export const BUILT_PIECES_DIR = join(WORKSPACE_ROOT, 'dist/packages/pieces');

/** What the runner needs of a loaded piece; the engine's own view of it. */
export interface LoadedPiece {
  name: string;
  packageName: string;
  version: string;
  piece: Piece;
}

export class RunnerError extends Error {
  override readonly name = 'RunnerError';
}

export function builtPieceNames(): string[] {
  if (!existsSync(BUILT_PIECES_DIR)) return [];
  return readdirSync(BUILT_PIECES_DIR)
    .filter((name) => existsSync(join(BUILT_PIECES_DIR, name, 'src/index.js')))
    .sort();
}

/** Loads a built piece the way the engine does: the package's src/index.js, through extractPieceFromModule. */
export function loadPiece(name: string, packageDir: string = join(BUILT_PIECES_DIR, name)): LoadedPiece {
  const entry = join(packageDir, 'src/index.js');
  if (!existsSync(entry)) {
    const known = builtPieceNames();
    throw new RunnerError(
      known.includes(name) || known.length === 0
        ? `Piece "${name}" is not built. Run \`npm run build\` first.`
        : `Unknown piece "${name}". Built pieces: ${known.join(', ')}.`,
    );
  }
  const packageJson = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { name: string; version: string };
  // The engine loads pieces with require too.
  const module = require(entry) as Record<string, unknown>;
  const piece = extractPieceFromModule<Piece>({ module, pieceName: packageJson.name, pieceVersion: packageJson.version });
  return { name, packageName: packageJson.name, version: packageJson.version, piece };
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
