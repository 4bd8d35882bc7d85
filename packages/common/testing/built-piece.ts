// The built package of a piece, as the engine loads it. The Nx test target of a piece builds it first.
import { Piece } from '@activepieces/pieces-framework';
import { extractPieceFromModule } from '@activepieces/shared';
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';

/** Where `npm run build` writes the package of the piece whose sources are in `pieceDir` (packages/pieces/<name>). */
export function builtPieceDir(pieceDir: string): string {
  return join(pieceDir, '../../../dist/packages/pieces', basename(pieceDir));
}

/**
 * The built package's entry file, through `extractPieceFromModule` as the engine calls it: with the
 * npm name and version of the piece's own package.json.
 */
export function loadBuiltPiece(pieceDir: string): Piece {
  const { name, version } = JSON.parse(readFileSync(join(pieceDir, 'package.json'), 'utf8')) as { name: string; version: string };
  const module = require(join(builtPieceDir(pieceDir), 'src/index.js')) as Record<string, unknown>;
  return extractPieceFromModule<Piece>({ module, pieceName: name, pieceVersion: version });
}
