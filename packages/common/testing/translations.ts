import { pieceTranslation } from '@activepieces/pieces-framework';

/** What a piece offers the translation walk: its metadata and its auth (which metadata() leaves out). */
export interface TranslatablePiece {
  metadata(): object;
  auth?: unknown;
}

/** Every string the engine translates in a piece, found the way the framework walks the metadata. */
export function translatableStrings(piece: TranslatablePiece): string[] {
  const found = new Set<string>();
  const tree: unknown = JSON.parse(JSON.stringify({ ...piece.metadata(), auth: piece.auth }));
  const walk = (node: unknown, [key, ...rest]: string[]): void => {
    if (typeof node !== 'object' || node === null) return;
    const children = key === '*' ? Object.values(node) : [(node as Record<string, unknown>)[key]];
    for (const child of children) {
      if (rest.length > 0) walk(child, rest);
      else if (typeof child === 'string') found.add(child);
    }
  };
  for (const path of pieceTranslation.pathsToValuesToTranslate) walk(tree, path.split('.'));
  return [...found];
}
