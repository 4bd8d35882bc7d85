#!/usr/bin/env node
// Builds one piece into a publishable folder: package.json, README.md, LICENSE, THIRD_PARTY_LICENSES.txt,
// src/index.js, src/i18n/*.json. The bundle is piece-bundle.mjs's (trimmed by default: see there why and
// how); the other files are package-files.mjs's.
//
// Usage: build-piece.mjs <piece-folder-name> [--untrimmed] [--out-dir <dir>] [--profiling]
//   default          trimmed bundle in dist/packages/pieces/<name>
//   --untrimmed      (or BUILD_UNTRIMMED=1) no trimming (the framework, shared and zod as published), in dist/untrimmed/pieces/<name>
//   --out-dir <dir>  write there instead (tests and the bench build into temporary folders)
//   --profiling      for the bench's profile-load only: not minified, with src/index.js.map pointing at the
//                    JavaScript esbuild read (not at the packages' own TypeScript maps), so CPU samples can be
//                    attributed to npm packages line by line. Never publish it.
import { existsSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { writePackageFiles } from './package-files.mjs';
import { bundlePiece } from './piece-bundle.mjs';
import { WORKSPACE_ROOT } from './workspace.mjs';

const { values: options, positionals } = parseArgs({
  allowPositionals: true,
  options: { untrimmed: { type: 'boolean', default: false }, 'out-dir': { type: 'string' }, profiling: { type: 'boolean', default: false } },
});
const name = positionals[0];
if (!name || positionals.length > 1) {
  console.error('usage: build-piece.mjs <piece-folder-name> [--untrimmed] [--out-dir <dir>] [--profiling]');
  process.exit(2);
}
const untrimmed = options.untrimmed || process.env.BUILD_UNTRIMMED === '1';
const sourceDir = join(WORKSPACE_ROOT, 'packages/pieces', name);
const outDir = resolve(options['out-dir'] ?? join(WORKSPACE_ROOT, untrimmed ? 'dist/untrimmed/pieces' : 'dist/packages/pieces', name));
const source = JSON.parse(readFileSync(join(sourceDir, 'package.json'), 'utf8'));

// Written to a sibling folder and swapped in at the end: whoever reads the package while it builds (a test,
// the runner, another build in the same tree) sees the old one or the new one, never half of either.
const stageDir = `${outDir}.building-${process.pid}`;
rmSync(stageDir, { recursive: true, force: true });
process.on('exit', () => rmSync(stageDir, { recursive: true, force: true })); // a failed build leaves nothing behind

const inputs = await bundlePiece({ sourceDir, outfile: join(stageDir, 'src/index.js'), untrimmed, profiling: options.profiling });
writePackageFiles({ packageDir: stageDir, sourceDir, source, inputs });

const oldDir = `${outDir}.old-${process.pid}`;
if (existsSync(outDir)) renameSync(outDir, oldDir);
renameSync(stageDir, outDir);
rmSync(oldDir, { recursive: true, force: true });
console.log(`built ${source.name}@${source.version}${untrimmed ? ' (untrimmed)' : ''} -> ${relative(WORKSPACE_ROOT, outDir) || outDir}`);
