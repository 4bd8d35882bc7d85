// Packs built pieces, dist/packages/pieces/<name>, into <out-dir>/<npm-pack-name>.tgz with npm pack, after
// checking that each package is publishable and installs on its own. Packs what is built and refuses what
// looks stale: run `npm run build` first.
import { PIECES } from '@user-admin-pieces/sandbox';
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { promisify } from 'node:util';

/** The workspace root: tools/packaging/src in source, dist/tools/packaging in the bundle. */
export const REPO_ROOT = resolve(__dirname, '../../..');

/** Files a piece package may ship; anything else (a source map, a test, a stray .ts) fails the pack. */
const ALLOWED_FILES = [/^package\.json$/, /^README\.md$/, /^LICENSE$/, /^THIRD_PARTY_LICENSES\.txt$/, /^src\/index\.js$/, /^src\/index\.js\.LEGAL\.txt$/, /^src\/i18n\/[\w-]+\.json$/];
const REQUIRED_FILES = ['package.json', 'README.md', 'LICENSE', 'THIRD_PARTY_LICENSES.txt', 'src/index.js'];
const LOCAL_SPECIFIER = /^(workspace:|file:|link:|portal:)/;

/** The fields of a package.json the checks read. */
type Manifest = Record<string, unknown> & { name?: unknown; version?: unknown; main?: unknown; private?: unknown; dependencies?: Record<string, unknown> };

/** One entry of `npm pack --json`, plus the piece's folder name and where the .tgz is. */
export interface PackedPiece {
  /** The piece's folder name under packages/pieces. */
  folder: string;
  id: string;
  name: string;
  version: string;
  filename: string;
  /** Absolute path of the .tgz. */
  tarball: string;
  size: number;
  unpackedSize: number;
  entryCount: number;
  files: { path: string; size: number }[];
}

/**
 * What the registry and the Activepieces installer need from a piece's package.json. Returns the
 * problems as sentences; an empty list means publishable.
 */
export function manifestProblems(manifest: Manifest, sourceManifest?: Manifest): string[] {
  const problems: string[] = [];
  if (typeof manifest.name !== 'string' || !manifest.name) problems.push('has no name');
  if (typeof manifest.version !== 'string' || !/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/.test(manifest.version)) {
    problems.push(`has version ${JSON.stringify(manifest.version)}, not an exact semver version`);
  }
  if (sourceManifest && (manifest.name !== sourceManifest.name || manifest.version !== sourceManifest.version)) {
    problems.push(`is ${manifest.name}@${manifest.version} but the source is ${sourceManifest.name}@${sourceManifest.version}; run npm run build`);
  }
  if (manifest.main !== 'src/index.js') problems.push(`has main ${JSON.stringify(manifest.main)}, not "src/index.js"`);
  if (manifest.private) problems.push('is private, so npm would refuse to publish it');
  if (JSON.stringify(manifest.dependencies) !== '{}') problems.push('must have `dependencies: {}`: the bundle carries everything');
  for (const field of ['devDependencies', 'peerDependencies', 'optionalDependencies', 'bundleDependencies', 'bundledDependencies', 'workspaces', 'scripts']) {
    if (manifest[field] !== undefined) problems.push(`has ${field}`);
  }
  const text = JSON.stringify(manifest);
  if (text.includes('@user-admin-pieces/common')) problems.push('refers to @user-admin-pieces/common, which is never published');
  if (Object.values(manifest.dependencies ?? {}).some((spec) => LOCAL_SPECIFIER.test(String(spec)))) problems.push('has a workspace or file dependency');
  return problems;
}

/** Problems with the file list npm pack reports. */
export function fileListProblems(paths: readonly string[]): string[] {
  const problems = REQUIRED_FILES.filter((file) => !paths.includes(file)).map((file) => `lacks ${file}`);
  for (const path of paths) if (!ALLOWED_FILES.some((pattern) => pattern.test(path))) problems.push(`would ship ${path}`);
  return problems;
}

const readManifest = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as Manifest;

/**
 * Packs the given pieces (folder names; by default every piece) into outDir. Checks the manifest before
 * packing and the file list after; a problem throws, naming the piece. Returns npm pack's entry for each.
 */
export async function packPieces({ folders = PIECES.map((piece) => piece.name), outDir = join(REPO_ROOT, 'dist') }: { folders?: readonly string[]; outDir?: string } = {}): Promise<PackedPiece[]> {
  mkdirSync(outDir, { recursive: true });
  const entries: PackedPiece[] = [];
  for (const folder of folders) {
    const dir = join(REPO_ROOT, 'dist/packages/pieces', folder);
    const manifestFile = join(dir, 'package.json');
    if (!existsSync(manifestFile)) throw new Error(`${relative(REPO_ROOT, dir)} is not built; run npm run build first`);
    const before = manifestProblems(readManifest(manifestFile), readManifest(join(REPO_ROOT, 'packages/pieces', folder, 'package.json')));
    if (before.length) throw new Error(`${relative(REPO_ROOT, manifestFile)} ${before.join('; ')}`);

    // --ignore-scripts: the manifest has none, and packing must never run code from the folder.
    const { stdout } = await promisify(execFile)('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', outDir], { cwd: dir, maxBuffer: 16 * 1024 * 1024 });
    const [entry] = JSON.parse(stdout) as Omit<PackedPiece, 'folder' | 'tarball'>[];
    const after = fileListProblems(entry.files.map((file) => file.path));
    if (after.length) throw new Error(`${entry.filename} ${after.join('; ')}`);
    entries.push({ ...entry, folder, tarball: join(outDir, entry.filename) });
  }
  return entries;
}
