// What the bench measures, made as an admin gets it: each piece packed with `npm run package`'s packer,
// installed offline from its tarball into an empty project, and built untrimmed for comparison.
import { PIECES, type PieceEntry } from '@user-admin-pieces/sandbox';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { quiet } from './workspace';

/** What the bench reads of `npm pack --json`, as the packer reports it. */
interface Packed {
  folder: string;
  name: string;
  tarball: string;
  size: number;
  unpackedSize: number;
  entryCount: number;
}

export interface PreparedPiece {
  piece: PieceEntry;
  packed: Packed;
  /** The empty project the tarball was installed into. */
  installDir: string;
  /** The installed package: <installDir>/node_modules/<npm name>. */
  packageDir: string;
  /** Its src/index.js, as the engine requires it. */
  entry: string;
  /** src/index.js of the same piece built with --untrimmed. */
  untrimmedEntry: string;
}

function install(tarball: string, dir: string): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'bench-install', version: '0.0.0', private: true }));
  quiet('npm', ['install', '--offline', '--no-audit', '--no-fund', tarball], { cwd: dir });
}

/** Every piece of the list, packed, installed and built untrimmed under work. Needs `npm run build` first. */
export function preparePieces(work: string): PreparedPiece[] {
  const packed = JSON.parse(quiet(process.execPath, ['dist/tools/packaging/cli.js', '--json', '--out-dir', join(work, 'tarballs')])) as Packed[];
  return PIECES.map((piece) => {
    const entry = packed.find((candidate) => candidate.folder === piece.name);
    if (entry === undefined) throw new Error(`the packer packed no ${piece.name}`);
    const installDir = join(work, 'install', piece.name);
    install(entry.tarball, installDir);
    const packageDir = join(installDir, 'node_modules', entry.name);
    const untrimmedDir = join(work, 'untrimmed', piece.name);
    quiet(process.execPath, ['tools/build/build-piece.mjs', piece.name, '--untrimmed', '--out-dir', untrimmedDir]);
    return { piece, packed: entry, installDir, packageDir, entry: join(packageDir, 'src/index.js'), untrimmedEntry: join(untrimmedDir, 'src/index.js') };
  });
}
