#!/usr/bin/env node
// Bundles one runner entry point, as tools/build/bundle-tool.mjs does, with one difference: the runner
// imports a few modules of @user-admin-pieces/common/testing, whose index also re-exports Jest helpers,
// the HTTP client and @activepieces/shared. Those files are declared free of side effects here, so
// esbuild leaves out every module the entry does not use. That matters most for the piece child,
// which the engine (and so the runner) starts once per call.
//
// Usage: bundle.mjs <entry.ts> <outfile.js>
import { build } from 'esbuild';
import { resolve, sep } from 'node:path';

const [entry, outfile] = process.argv.slice(2);
if (!entry || !outfile) {
  console.error('usage: bundle.mjs <entry.ts> <outfile.js>');
  process.exit(2);
}
const root = resolve(import.meta.dirname, '../..');
const commonDir = resolve(root, 'packages/common') + sep;

/** Marks every module under packages/common as side-effect free (they only declare and export). */
const commonWithoutSideEffects = {
  name: 'common-without-side-effects',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /.*/ }, async (args) => {
      if (args.pluginData?.resolving) return undefined;
      const resolved = await pluginBuild.resolve(args.path, {
        kind: args.kind,
        importer: args.importer,
        resolveDir: args.resolveDir,
        pluginData: { resolving: true },
      });
      if (resolved.errors.length > 0 || !resolved.path.startsWith(commonDir)) return undefined;
      return { ...resolved, sideEffects: false };
    });
  },
};

await build({
  entryPoints: [resolve(root, entry)],
  outfile: resolve(root, outfile),
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  tsconfig: resolve(root, 'tsconfig.base.json'),
  logLevel: 'warning',
  plugins: [commonWithoutSideEffects],
});
console.log(`bundled ${entry} -> ${outfile}`);
