#!/usr/bin/env node
// Bundles one piece into a publishable folder: package.json, README.md, LICENSE, src/index.js, src/i18n/*.json.
// The bundle carries the framework and our common code, so the package has no runtime dependencies.
// keepNames matters: the engine finds the piece by the constructor name `Piece`.
//
// Usage: build-piece.mjs <piece-folder-name> [--untrimmed] [--out-dir <dir>] [--profiling]
//   default          trimmed bundle in dist/packages/pieces/<name>
//   --untrimmed      (or BUILD_UNTRIMMED=1) no trimming (the framework, shared and zod as published), in dist/untrimmed/pieces/<name>
//   --out-dir <dir>  write there instead (tests and the bench build into temporary folders)
//   --profiling      for tools/bench/profile-load.mjs only: not minified, with src/index.js.map pointing at the
//                    JavaScript esbuild read (not at the packages' own TypeScript maps), so CPU samples can be
//                    attributed to npm packages line by line. Never publish it.
//
// Why trim: the engine of today spawns a fresh node for every call (action run, dropdown, validate), so
// the bundle's load is paid on each. The trimmed build (the default) changes what runs at load, not what
// any function does; `--untrimmed` bundles the packages as they are, and the packaging tests check that
// both builds have the same metadata and the same update_user behaviour.
// - @activepieces/shared: the framework needs 17 small values of it (enums, two helpers, three
//   constants), but `require('@activepieces/shared')` runs ~300 modules and builds hundreds of zod
//   schemas, about 0.4 s. See trimmedSharedPlugin.
// - The framework's index loads all of its modules; our imports go to the files that define the names we
//   use. See frameworkImportsPlugin.
// - zod: the framework builds ~55 zod schemas at load that no piece reads, and zod is 400 KiB to compile.
//   They are built on first read, and zod compiled then. See lazy-zod.mjs; checkTrimmedFramework
//   verifies the result on every build.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { lazyZodPlugin } from './lazy-zod.mjs';

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
const root = resolve(import.meta.dirname, '../..');
const sourceDir = join(root, 'packages/pieces', name);
const outDir = resolve(options['out-dir'] ?? join(root, untrimmed ? 'dist/untrimmed/pieces' : 'dist/packages/pieces', name));
const source = JSON.parse(readFileSync(join(sourceDir, 'package.json'), 'utf8'));

const SHARED = '@activepieces/shared';
const SHIM_NAMESPACE = 'trimmed-shared';
const FRAMEWORK = '@activepieces/pieces-framework';
const FRAMEWORK_NAMESPACE = 'trimmed-framework';
// Resolve shared exactly as the framework does, so the shim describes the copy that would otherwise be bundled.
const frameworkDir = dirname(createRequire(join(root, 'package.json')).resolve(`${FRAMEWORK}/package.json`));
const requireFromFramework = createRequire(join(frameworkDir, 'package.json'));
const requireFromRoot = createRequire(join(root, 'package.json'));
const sharedDir = dirname(requireFromFramework.resolve(`${SHARED}/package.json`));

/**
 * Resolves every `@activepieces/shared` import (the framework's and ours) to one generated module
 * that holds only the names actually used:
 * - data (enums, string and number constants) is written as literals, copied from the installed
 *   shared at build time, so it cannot drift from the version in package-lock.json;
 * - functions are re-exported from the deep file that defines them, found and checked by identity.
 * The build fails instead of guessing when the framework or our code uses shared in a way the shim
 * cannot see (a star import, a new access pattern, a value that is neither data nor a function).
 */
function trimmedSharedPlugin(sourceRoots) {
  return {
    name: 'trimmed-shared',
    setup(pluginBuild) {
      pluginBuild.onResolve({ filter: /^@activepieces\/shared$/ }, ({ importer }) => {
        // Only the framework's and our own uses are scanned; any other importer could need names the shim lacks.
        const known = [join(frameworkDir, 'src'), ...sourceRoots].some((dir) => !relative(dir, importer).startsWith('..'));
        if (!known) {
          return { errors: [{ text: `${relative(root, importer)} imports ${SHARED}, but the trimmed build only knows the uses of the framework and of our sources; add its directory to the scan or build with --untrimmed` }] };
        }
        return { path: SHARED, namespace: SHIM_NAMESPACE };
      });
      pluginBuild.onLoad({ filter: /.*/, namespace: SHIM_NAMESPACE }, () => {
        const names = new Set([...namesUsedByFramework(), ...namesImportedBySources(sourceRoots, SHARED)]);
        return { contents: sharedShim(names), resolveDir: sharedDir, loader: 'js' };
      });
    },
  };
}

/**
 * Resolves our sources' `@activepieces/pieces-framework` imports to a generated module that re-exports
 * each name they import from the framework file that defines it (checked by identity against the
 * package's index), instead of the index, which loads every module of the framework (triggers, piece
 * metadata schemas, i18n with fs/promises, test helpers) and copies ~150 exports through tslib.
 * The objects are the framework's own; only the modules nobody imports are left out.
 */
function frameworkImportsPlugin(sourceRoots) {
  return {
    name: 'trimmed-framework',
    setup(pluginBuild) {
      pluginBuild.onResolve({ filter: /^@activepieces\/pieces-framework$/ }, ({ importer }) => {
        const ours = sourceRoots.some((dir) => !relative(dir, importer).startsWith('..'));
        if (!ours) return { errors: [{ text: `${relative(root, importer)} imports ${FRAMEWORK}, but the trimmed build only knows the uses of our sources; add its directory to the scan or build with --untrimmed` }] };
        return { path: FRAMEWORK, namespace: FRAMEWORK_NAMESPACE };
      });
      pluginBuild.onLoad({ filter: /.*/, namespace: FRAMEWORK_NAMESPACE }, () => {
        const framework = requireFromRoot(FRAMEWORK);
        const byFile = new Map();
        for (const key of [...namesImportedBySources(sourceRoots, FRAMEWORK)].sort()) {
          if (framework[key] === undefined) continue; // a type
          const file = definingFile(frameworkDir, join(frameworkDir, 'src/lib'), key, framework[key]);
          byFile.set(file, [...(byFile.get(file) ?? []), key]);
        }
        if (byFile.size === 0) return { errors: [{ text: `our sources import no value from ${FRAMEWORK}; the trimmed build expected createPiece at least` }] };
        const lines = [...byFile].map(([file, keys]) => `export { ${keys.join(', ')} } from ${JSON.stringify(`./${file}`)};`);
        return { contents: `// Generated by tools/build/build-piece.mjs.\n${lines.join('\n')}\n`, resolveDir: frameworkDir, loader: 'js' };
      });
    },
  };
}

/** The framework is compiled CommonJS: every use is `shared_1.<name>` on `const shared_1 = require("@activepieces/shared")`. */
function namesUsedByFramework() {
  const names = new Set();
  for (const file of filesUnder(join(frameworkDir, 'src'), '.js')) {
    const code = readFileSync(file, 'utf8');
    const requires = code.match(/require\("@activepieces\/shared"\)/g)?.length ?? 0;
    const bound = code.match(/const shared_1 = require\("@activepieces\/shared"\);/g)?.length ?? 0;
    if (requires !== bound) {
      throw new Error(`${relative(root, file)} uses ${SHARED} other than through \`const shared_1 = require(...)\`; update the shim or build with --untrimmed`);
    }
    for (const match of code.matchAll(/\bshared_1\.([A-Za-z_$][\w$]*)/g)) names.add(match[1]);
  }
  return names;
}

/** Named value imports from a package in our TypeScript (type-only names are filtered out later, as they have no value). */
function namesImportedBySources(sourceRoots, packageName) {
  const names = new Set();
  const quoted = `['"]${packageName.replace(/[/.]/g, '\\$&')}['"]`;
  for (const file of sourceRoots.flatMap((dir) => filesUnder(dir, '.ts'))) {
    const code = readFileSync(file, 'utf8');
    if (!code.includes(packageName)) continue;
    let named = 0;
    for (const match of code.matchAll(new RegExp(`import\\s+(type\\s+)?\\{([^}]*)\\}\\s*from\\s*${quoted}`, 'g'))) {
      named++;
      if (match[1]) continue;
      for (const specifier of match[2].split(',').map((part) => part.trim()).filter(Boolean)) {
        if (specifier.startsWith('type ')) continue;
        names.add(specifier.split(/\s+as\s+/)[0]);
      }
    }
    const all = code.match(new RegExp(quoted, 'g'))?.length ?? 0;
    if (all !== named) {
      throw new Error(`${relative(root, file)} imports ${packageName} other than by \`import { ... }\`; the trimmed build cannot see which names it needs`);
    }
  }
  return names;
}

function sharedShim(names) {
  const shared = requireFromFramework(SHARED);
  const lines = [`// Generated by tools/build/build-piece.mjs from ${SHARED}@${readJson(join(sharedDir, 'package.json')).version}.`];
  const functionsByFile = new Map();
  for (const key of [...names].sort()) {
    const value = shared[key];
    if (value === undefined) continue; // a type, or a name the framework only reads conditionally; the full shared has no value either
    if (typeof value === 'function') {
      const file = definingFile(sharedDir, join(sharedDir, 'src/lib'), key, value);
      functionsByFile.set(file, [...(functionsByFile.get(file) ?? []), key]);
    } else if (isPlainData(value)) {
      lines.push(`export const ${key} = ${JSON.stringify(value)};`);
    } else {
      throw new Error(`${SHARED}.${key} is neither plain data nor a function; the shim cannot copy it`);
    }
  }
  for (const [file, keys] of functionsByFile) lines.push(`export { ${keys.join(', ')} } from ${JSON.stringify(`./${file}`)};`);
  return `${lines.join('\n')}\n`;
}

/** The file under libDir whose export is this very value (not a copy with the same name), relative to packageDir. */
function definingFile(packageDir, libDir, key, value) {
  const pattern = new RegExp(`^exports\\.${key.replace(/\$/g, '\\$')} = `, 'm');
  for (const file of filesUnder(libDir, '.js')) {
    if (!pattern.test(readFileSync(file, 'utf8'))) continue;
    if (requireFromFramework(file)[key] === value) return relative(packageDir, file).split('\\').join('/');
  }
  throw new Error(`cannot find the file of ${relative(root, packageDir)} that defines ${key}`);
}

/** Strings, numbers, booleans, and objects or arrays of them: what survives a JSON round trip unchanged. */
function isPlainData(value) {
  if (['string', 'number', 'boolean'].includes(typeof value)) return JSON.stringify(JSON.parse(JSON.stringify(value))) === JSON.stringify(value);
  if (value === null || typeof value !== 'object') return false;
  const prototype = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== Array.prototype) return false;
  return Object.values(value).every(isPlainData);
}

/** Drops `//# sourceMappingURL` from npm packages' JavaScript, so the profiling map names the .js files, one per package. */
function ignoreInputSourceMapsPlugin() {
  return {
    name: 'ignore-input-source-maps',
    setup(pluginBuild) {
      pluginBuild.onLoad({ filter: /[\\/]node_modules[\\/].*\.[cm]?js$/ }, ({ path }) => ({
        contents: readFileSync(path, 'utf8').replace(/^\/\/# sourceMappingURL=.*$/gm, ''),
        loader: 'js',
      }));
    },
  };
}

function filesUnder(dir, extension) {
  return readdirSync(dir, { recursive: true })
    .map((entry) => join(dir, entry))
    .filter((file) => file.endsWith(extension) && !file.endsWith('.d.ts') && statSync(file).isFile());
}

function readJson(file) {
  return JSON.parse(readFileSync(file, 'utf8'));
}

// Written to a sibling folder and swapped in at the end: whoever reads the package while it builds (a test,
// the runner, another build in the same tree) sees the old one or the new one, never half of either.
const stageDir = `${outDir}.building-${process.pid}`;
rmSync(stageDir, { recursive: true, force: true });
process.on('exit', () => rmSync(stageDir, { recursive: true, force: true })); // a failed build leaves nothing behind
const output = { target: 'node20', keepNames: true, minify: !options.profiling };
const sourceRoots = [join(sourceDir, 'src'), join(root, 'packages/common/src')];
const zodInputs = [];
/** The trimmed build's plugins; the check below bundles the whole framework with the very same ones. */
const trimming = () => [
  frameworkImportsPlugin(sourceRoots),
  trimmedSharedPlugin(sourceRoots),
  lazyZodPlugin({ root, frameworkDir, zodBuildOptions: output, onZodInputs: (inputs) => zodInputs.push(...inputs) }),
];
const { metafile } = await build({
  ...output,
  metafile: true,
  entryPoints: [join(sourceDir, 'src/index.ts')],
  outfile: join(stageDir, 'src/index.js'),
  bundle: true,
  platform: 'node',
  format: 'cjs',
  legalComments: 'external',
  sourcemap: options.profiling ? 'external' : false,
  tsconfig: join(root, 'tsconfig.base.json'),
  logLevel: 'warning',
  plugins: [...(untrimmed ? [] : trimming()), ...(options.profiling ? [ignoreInputSourceMapsPlugin()] : [])],
});
if (!untrimmed) await checkTrimmedFramework(join(stageDir, 'src/index.js'));

/**
 * Bundles the whole framework with the same trimming and runs check-lazy-framework.cjs: the piece loads
 * without evaluating zod, and every export of the trimmed framework matches the untouched one.
 */
async function checkTrimmedFramework(pieceBundle) {
  const work = mkdtempSync(join(tmpdir(), 'trim-check-'));
  try {
    const lazyFramework = join(work, 'framework.cjs');
    await build({
      ...output,
      entryPoints: [join(frameworkDir, 'src/index.js')],
      outfile: lazyFramework,
      bundle: true,
      platform: 'node',
      format: 'cjs',
      logLevel: 'warning',
      plugins: trimming(),
    });
    const input = join(work, 'input.json');
    writeFileSync(input, JSON.stringify({ pieceBundle, lazyFramework, framework: join(frameworkDir, 'src/index.js') }));
    try {
      execFileSync(process.execPath, [join(import.meta.dirname, 'check-lazy-framework.cjs'), input], { stdio: ['ignore', 'inherit', 'pipe'], encoding: 'utf8' });
    } catch (error) {
      throw new Error(`${relative(root, pieceBundle)}: ${error.stderr?.trim() || error.message}`);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

const i18nSource = join(sourceDir, 'src/i18n');
if (existsSync(i18nSource)) {
  mkdirSync(join(stageDir, 'src/i18n'), { recursive: true });
  cpSync(i18nSource, join(stageDir, 'src/i18n'), { recursive: true });
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
writeFileSync(join(stageDir, 'package.json'), `${JSON.stringify(published, null, 2)}\n`);
writeFileSync(join(stageDir, 'README.md'), readme(published, loadMetadata(join(stageDir, 'src/index.js'))));
writeFileSync(join(stageDir, 'LICENSE'), mitLicense());
writeFileSync(join(stageDir, 'THIRD_PARTY_LICENSES.txt'), thirdPartyLicenses([...Object.keys(metafile.inputs), ...zodInputs]));
const oldDir = `${outDir}.old-${process.pid}`;
if (existsSync(outDir)) renameSync(outDir, oldDir);
renameSync(stageDir, outDir);
rmSync(oldDir, { recursive: true, force: true });
console.log(`built ${source.name}@${source.version}${untrimmed ? ' (untrimmed)' : ''} -> ${relative(root, outDir) || outDir}`);

/**
 * The bundle carries code from npm packages (the framework, zod, …); their licences require their
 * notices to travel with it. One section per package that contributed code, read from node_modules.
 */
function thirdPartyLicenses(inputs) {
  const packages = new Map();
  for (const input of inputs) {
    const match = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input);
    if (match) packages.set(resolve(root, match[1]), true);
  }
  const sections = [...packages.keys()].sort().map((dir) => {
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    const licenseFile = readdirSync(dir).find((file) => /^(licen[sc]e|copying)(\.|$)/i.test(file));
    const text = licenseFile
      ? readFileSync(join(dir, licenseFile), 'utf8').trim()
      : `The package ships no licence file; its manifest states: ${manifest.license ?? 'no licence'}.`;
    return `${manifest.name}@${manifest.version}${manifest.license ? ` (${manifest.license})` : ''}\n\n${text}`;
  });
  const rule = `\n\n${'-'.repeat(72)}\n\n`;
  return `This package bundles code from the following npm packages.${rule}${sections.join(rule)}\n`;
}

/** Loads the bundle just written, as the engine would, to list its actions in the README. */
function loadMetadata(bundle) {
  const module = createRequire(import.meta.url)(bundle);
  const piece = Object.values(module).find((value) => value?.constructor?.name === 'Piece');
  if (!piece) throw new Error(`${bundle} exports no Piece; keepNames must stay on`);
  return piece.metadata();
}

/** The piece's own README when it has one, else a summary from its metadata; either way with install steps for this version. */
function readme(manifest, metadata) {
  const ownReadme = join(sourceDir, 'README.md');
  const actions = Object.values(metadata.actions).map((action) => `- **${action.displayName}**: ${action.description}`);
  const body = existsSync(ownReadme)
    ? readFileSync(ownReadme, 'utf8').trimEnd()
    : `# ${metadata.displayName}

${metadata.description}

## Actions

${actions.join('\n')}`;
  if (/^## Install/m.test(body)) return `${body}\n`;
  return `${body}

## Install

An [Activepieces](https://www.activepieces.com) piece; it needs Activepieces ${metadata.minimumSupportedRelease} or later.

In Activepieces, open **Platform Admin → Setup → Pieces** and click **Install Piece**. Keep the package type
**NPM Registry**, and enter the piece name \`${manifest.name}\` and the exact version \`${manifest.version}\`.
With private pieces enabled, you can instead choose **Packed Archive (.tgz)** and upload the packed file.

The package is self-contained: it bundles its code and the Activepieces framework, and has no runtime dependencies.
`;
}

function mitLicense() {
  return `MIT License

Copyright (c) 2026 user-admin-pieces contributors

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.
`;
}
