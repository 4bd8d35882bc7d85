// A piece's src/index.js: one esbuild bundle of its sources, our common code and the framework, so the
// package has no runtime dependencies. keepNames matters: the engine finds the piece by the constructor
// name `Piece`.
//
// Why trim (the default): the engine of today spawns a fresh node for every call (action run, dropdown,
// validate), so the bundle's load is paid on each. The trimmed build changes what runs at load, not what
// any function does; untrimmed bundles the packages as they are, and the packaging tests check that both
// builds have the same metadata and the same update_user behaviour. Three plugins, each failing the build
// when the framework's compiled text no longer has the shape it reads:
// - trimmed-shared.mjs: @activepieces/shared becomes a module of the few values the framework and we use;
// - trimmed-framework.mjs: our framework imports go to the files that define the names we use;
// - lazy-zod.mjs: the framework's zod schemas are built on first read, and zod compiled then.
// check-trimmed.mjs then verifies the result by loading it, on every build.
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkTrimmedFramework } from './check-trimmed.mjs';
import { lazyZodPlugin } from './lazy-zod.mjs';
import { frameworkImportsPlugin } from './trimmed-framework.mjs';
import { trimmedSharedPlugin } from './trimmed-shared.mjs';
import { frameworkDir, WORKSPACE_ROOT } from './workspace.mjs';

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

/**
 * Bundles the piece whose sources are in sourceDir into outfile, trimmed unless `untrimmed`; `profiling`
 * leaves it unminified with a source map (for the bench's profile-load only). Returns the files that
 * went into it, for the licence notices.
 */
export async function bundlePiece({ sourceDir, outfile, untrimmed, profiling }) {
  const output = { target: 'node20', keepNames: true, minify: !profiling };
  const sourceRoots = [join(sourceDir, 'src'), join(WORKSPACE_ROOT, 'packages/common/src')];
  const zodInputs = [];
  /** The trimmed build's plugins; the check bundles the whole framework with the very same ones. */
  const trimming = () => [
    frameworkImportsPlugin(sourceRoots),
    trimmedSharedPlugin(sourceRoots),
    lazyZodPlugin({ root: WORKSPACE_ROOT, frameworkDir, zodBuildOptions: output, onZodInputs: (inputs) => zodInputs.push(...inputs) }),
  ];
  const { metafile } = await build({
    ...output,
    metafile: true,
    entryPoints: [join(sourceDir, 'src/index.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    legalComments: 'external',
    sourcemap: profiling ? 'external' : false,
    tsconfig: join(WORKSPACE_ROOT, 'tsconfig.base.json'),
    logLevel: 'warning',
    plugins: [...(untrimmed ? [] : trimming()), ...(profiling ? [ignoreInputSourceMapsPlugin()] : [])],
  });
  if (!untrimmed) await checkTrimmedFramework(outfile, { output, plugins: trimming() });
  return [...Object.keys(metafile.inputs), ...zodInputs];
}
