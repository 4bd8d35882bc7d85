// The tools' one list of pieces (src/pieces.ts) against the pieces themselves and the running sandbox.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PIECES, pieceNamed } from '../src/pieces';
import { startSandbox } from '../src/sandbox';

const WORKSPACE_ROOT = resolve(__dirname, '../../..');

describe('the list of pieces', () => {
  it('names every folder of packages/pieces, and nothing else', () => {
    const piecesDir = join(WORKSPACE_ROOT, 'packages/pieces');
    const folders = readdirSync(piecesDir).filter((name) => existsSync(join(piecesDir, name, 'package.json')));
    expect(PIECES.map((piece) => piece.name).sort()).toEqual(folders.sort());
  });

  it.each(PIECES.map((piece) => [piece.name, piece]))('%s: its folder and npm name are those of its package.json', (_name, piece) => {
    const manifest = JSON.parse(readFileSync(join(WORKSPACE_ROOT, piece.folder, 'package.json'), 'utf8')) as { name: string };
    expect(piece.packageName).toBe(manifest.name);
    expect(piece.folder).toBe(`packages/pieces/${piece.name}`);
  });

  it('finds a piece by name, and nothing for a name it does not know', () => {
    for (const piece of PIECES) expect(pieceNamed(piece.name)).toBe(piece);
    expect(pieceNamed('no-such-piece')).toBeUndefined();
  });

  it('gives each piece a sandbox connection to its own fake, with the props of its sample connection', async () => {
    const sandbox = await startSandbox();
    try {
      for (const piece of PIECES) {
        const connection = piece.sandboxConnection(sandbox);
        const api = piece.sandboxApi(sandbox);
        expect(Object.keys(connection).sort()).toEqual(Object.keys(piece.sampleConnection).sort());
        expect(Object.values(connection).some((value) => value.startsWith(api.baseUrl))).toBe(true);
      }
    } finally {
      await sandbox.close();
    }
  });
});
