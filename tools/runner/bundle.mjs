#!/usr/bin/env node
// Bundles the runner's three entry points (cli.js, start.js and piece-child.js) into one folder,
// dist/tools/runner unless another is given: `node tools/runner/bundle.mjs [out-dir]`.
//
// Unlike tools/build/bundle-tool.mjs, this declares every module under packages/common free of side
// effects. The runner imports a few modules of @user-admin-pieces/common/testing, whose index also
// re-exports Jest helpers, the HTTP client and @activepieces/shared; esbuild then leaves out all it
// does not use. That matters most for piece-child.js, which the engine (and so the runner) starts
// once per call.
import { build } from 'esbuild';
import { resolve, sep } from 'node:path';

const root = resolve(import.meta.dirname, '../..');
const outdir = resolve(root, process.argv[2] ?? 'dist/tools/runner');
const commonDir = resolve(root, 'packages/common') + sep;

const commonWithoutSideEffects = {
  name: 'common-without-side-effects',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /.*/ }, async ({ path, kind, importer, resolveDir, pluginData }) => {
      if (pluginData?.resolving) return undefined;
      const resolved = await pluginBuild.resolve(path, { kind, importer, resolveDir, pluginData: { resolving: true } });
      if (resolved.errors.length > 0 || !resolved.path.startsWith(commonDir)) return undefined;
      return { ...resolved, sideEffects: false };
    });
  },
};

await build({
  entryPoints: ['cli', 'start', 'piece-child'].map((name) => resolve(root, `tools/runner/src/${name}.ts`)),
  outdir,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  tsconfig: resolve(root, 'tsconfig.base.json'),
  logLevel: 'warning',
  plugins: [commonWithoutSideEffects],
});
console.log(`bundled the runner into ${outdir}`);
