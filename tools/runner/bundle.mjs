#!/usr/bin/env node
// Bundles the runner's three entry points (cli.js, start.js and piece-child.js) into one folder,
// dist/tools/runner unless another is given: `node tools/runner/bundle.mjs [out-dir]`.
//
// As tools/build/bundle-tool.mjs bundles every tool, with two plugins that keep piece-child.js small,
// because the engine (and so the runner) starts it once per call:
// - every module under packages/common is declared free of side effects. The runner imports a few
//   modules of @user-admin-pieces/common/testing, whose index also re-exports Jest helpers, the
//   HTTP client and @activepieces/shared; esbuild then leaves out all the runner does not use;
// - the file of @activepieces/shared that defines extractPieceFromModule takes one helper from the
//   package's core/common index, which loads zod and builds hundreds of schemas (about 80 ms of
//   every call). That import is pointed at the helper's own file, after checking that the helper
//   is all the file uses; the build fails instead of guessing when a new version uses more.
import { readFileSync } from 'node:fs';
import { dirname, resolve, sep } from 'node:path';
import { bundleTools } from '../build/bundle-tool.mjs';
import { WORKSPACE_ROOT } from '../build/workspace.mjs';

const outdir = resolve(WORKSPACE_ROOT, process.argv[2] ?? 'dist/tools/runner');
const commonDir = resolve(WORKSPACE_ROOT, 'packages/common') + sep;

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

const PIECE_UTILS = /[\\/]@activepieces[\\/]shared[\\/]src[\\/]lib[\\/]automation[\\/]pieces[\\/]utils\.js$/;
const HELPER_FILE = '../../core/common/utils/assertions.js';

let pointedAtHelper = 0;
const sharedPieceUtilsAlone = {
  name: 'shared-piece-utils-alone',
  setup(pluginBuild) {
    // The file no longer importing core/common as `../../core/common` would leave zod in the child unnoticed.
    pluginBuild.onEnd((result) => {
      if (result.errors.length === 0 && pointedAtHelper === 0) {
        result.errors.push({ text: "@activepieces/shared's pieces/utils.js no longer imports ../../core/common; update tools/runner/bundle.mjs" });
      }
    });
    pluginBuild.onResolve({ filter: /^\.\.\/\.\.\/core\/common$/ }, ({ importer }) => {
      if (!PIECE_UTILS.test(importer)) return undefined;
      const used = new Set([...readFileSync(importer, 'utf8').matchAll(/\bcommon_1\.(\w+)/g)].map((match) => match[1]));
      const helperPath = resolve(dirname(importer), HELPER_FILE);
      const helper = readFileSync(helperPath, 'utf8');
      const missing = [...used].filter((name) => !new RegExp(`^exports\\.${name} = `, 'm').test(helper));
      if (used.size === 0 || missing.length > 0 || /\brequire\(/.test(helper)) {
        return { errors: [{ text: `@activepieces/shared's pieces/utils.js now uses ${[...used].join(', ')} of core/common; update tools/runner/bundle.mjs` }] };
      }
      pointedAtHelper++;
      return { path: helperPath };
    });
  },
};

await bundleTools(
  ['cli', 'start', 'piece-child'].map((name) => `tools/runner/src/${name}.ts`),
  outdir,
  { plugins: [commonWithoutSideEffects, sharedPieceUtilsAlone] },
);
console.log(`bundled the runner into ${outdir}`);
