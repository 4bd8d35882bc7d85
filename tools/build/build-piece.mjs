#!/usr/bin/env node
// Bundles one piece into dist/packages/pieces/<name>/: package.json, src/index.js, src/i18n/*.json.
// The bundle carries the framework and our common code, so the package has no runtime dependencies.
// keepNames matters: the engine finds the piece by the constructor name `Piece`.
import { build } from 'esbuild';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const name = process.argv[2];
if (!name) {
  console.error('usage: build-piece.mjs <piece-folder-name>');
  process.exit(2);
}
const root = resolve(import.meta.dirname, '../..');
const sourceDir = join(root, 'packages/pieces', name);
const outDir = join(root, 'dist/packages/pieces', name);
const source = JSON.parse(readFileSync(join(sourceDir, 'package.json'), 'utf8'));

rmSync(outDir, { recursive: true, force: true });
await build({
  entryPoints: [join(sourceDir, 'src/index.ts')],
  outfile: join(outDir, 'src/index.js'),
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  keepNames: true,
  minify: true,
  legalComments: 'external',
  tsconfig: join(root, 'tsconfig.base.json'),
  logLevel: 'warning',
});

const i18nSource = join(sourceDir, 'src/i18n');
if (existsSync(i18nSource)) {
  mkdirSync(join(outDir, 'src/i18n'), { recursive: true });
  cpSync(i18nSource, join(outDir, 'src/i18n'), { recursive: true });
}

const published = {
  name: source.name,
  version: source.version,
  description: source.description,
  license: source.license ?? 'MIT',
  keywords: source.keywords,
  main: 'src/index.js',
  engines: { node: '>=20' },
  dependencies: {},
};
writeFileSync(join(outDir, 'package.json'), `${JSON.stringify(published, null, 2)}\n`);
console.log(`built ${source.name}@${source.version} -> ${outDir}`);
