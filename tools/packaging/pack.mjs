#!/usr/bin/env node
// Packs each built piece, dist/packages/pieces/<name>, into <out-dir>/<npm-pack-name>.tgz with npm pack,
// after checking that the package is publishable and installs on its own.
// Run `npm run build` first: this script packs what is there and refuses what looks stale.
//
// Usage: pack.mjs [--out-dir <dir>] [--json] [<piece-folder-name>...]
//   --out-dir  where the .tgz files go (default: dist)
//   --json     print npm pack's own JSON report (one entry per piece) instead of a summary
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs, promisify } from 'node:util';

const root = resolve(import.meta.dirname, '../..');
const run = promisify(execFile);

/** Files a piece package may ship; anything else (a source map, a test, a stray .ts) fails the pack. */
const ALLOWED_FILES = [/^package\.json$/, /^README\.md$/, /^LICENSE$/, /^THIRD_PARTY_LICENSES\.txt$/, /^src\/index\.js$/, /^src\/index\.js\.LEGAL\.txt$/, /^src\/i18n\/[\w-]+\.json$/];
const REQUIRED_FILES = ['package.json', 'README.md', 'LICENSE', 'THIRD_PARTY_LICENSES.txt', 'src/index.js'];
const LOCAL_SPECIFIER = /^(workspace:|file:|link:|portal:)/;

/** Folder names under packages/pieces, each a piece with its own package.json. */
export function pieceFolders() {
  const piecesDir = join(root, 'packages/pieces');
  return readdirSync(piecesDir).filter((name) => existsSync(join(piecesDir, name, 'package.json'))).sort();
}

export function builtPieceDir(folder) {
  return join(root, 'dist/packages/pieces', folder);
}

/**
 * What the registry and the Activepieces installer need from a piece's package.json. Returns the
 * problems as sentences; an empty list means publishable.
 */
export function manifestProblems(manifest, sourceManifest) {
  const problems = [];
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
export function fileListProblems(paths) {
  const problems = REQUIRED_FILES.filter((file) => !paths.includes(file)).map((file) => `lacks ${file}`);
  for (const path of paths) if (!ALLOWED_FILES.some((pattern) => pattern.test(path))) problems.push(`would ship ${path}`);
  return problems;
}

/**
 * Packs the given pieces into outDir. Checks the manifest before packing and the file list after;
 * a problem throws, naming the piece. Returns npm pack's JSON entry for each piece.
 */
export async function packPieces({ folders = pieceFolders(), outDir = join(root, 'dist') } = {}) {
  mkdirSync(outDir, { recursive: true });
  const entries = [];
  for (const folder of folders) {
    const dir = builtPieceDir(folder);
    const manifestFile = join(dir, 'package.json');
    if (!existsSync(manifestFile)) throw new Error(`${relative(root, dir)} is not built; run npm run build first`);
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
    const sourceManifest = JSON.parse(readFileSync(join(root, 'packages/pieces', folder, 'package.json'), 'utf8'));
    const before = manifestProblems(manifest, sourceManifest);
    if (before.length) throw new Error(`${relative(root, manifestFile)} ${before.join('; ')}`);

    // --ignore-scripts: the manifest has none, and packing must never run code from the folder.
    const { stdout } = await run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', outDir], { cwd: dir, maxBuffer: 16 * 1024 * 1024 });
    const [entry] = JSON.parse(stdout);
    const after = fileListProblems(entry.files.map((file) => file.path));
    if (after.length) throw new Error(`${entry.filename} ${after.join('; ')}`);
    entries.push({ ...entry, folder, tarball: join(outDir, entry.filename) });
  }
  return entries;
}

function kib(bytes) {
  return `${(bytes / 1024).toFixed(1)} KiB`;
}

async function main() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { 'out-dir': { type: 'string' }, json: { type: 'boolean', default: false } },
  });
  const entries = await packPieces({
    folders: positionals.length ? positionals : undefined,
    outDir: values['out-dir'] ? resolve(values['out-dir']) : undefined,
  });
  if (values.json) {
    console.log(JSON.stringify(entries, null, 2));
    return;
  }
  for (const entry of entries) {
    console.log(`${relative(process.cwd(), entry.tarball)}  ${entry.id}  ${entry.entryCount} files, ${kib(entry.size)} packed, ${kib(entry.unpackedSize)} unpacked`);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error) => {
    console.error(`pack: ${error.message}`);
    process.exit(1);
  });
}
