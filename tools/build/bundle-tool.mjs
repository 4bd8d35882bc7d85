#!/usr/bin/env node
// Bundles tool entry points into one CommonJS file each: `bundle-tool.mjs --out-dir <dir> <entry.ts>...`
// (paths from the workspace root; each entry becomes <dir>/<its name>.js).
// Tools run from the repo with plain `node`, so a bundle carries its own code and needs no ts-node.
// Not minified: a stack trace from a tool should point at readable code.
// tools/runner/bundle.mjs calls bundleTools with plugins of its own.
import { build } from 'esbuild';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { WORKSPACE_ROOT } from './workspace.mjs';

/** Bundles the entry points into outDir as every tool is bundled; `options` adds esbuild options (plugins, say). */
export function bundleTools(entryPoints, outDir, options = {}) {
  return build({
    entryPoints: entryPoints.map((entry) => resolve(WORKSPACE_ROOT, entry)),
    outdir: resolve(WORKSPACE_ROOT, outDir),
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    tsconfig: resolve(WORKSPACE_ROOT, 'tsconfig.base.json'),
    logLevel: 'warning',
    ...options,
  });
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { 'out-dir': { type: 'string' } } });
  if (!values['out-dir'] || positionals.length === 0) {
    console.error('usage: bundle-tool.mjs --out-dir <dir> <entry.ts>...');
    process.exit(2);
  }
  await bundleTools(positionals, values['out-dir']);
  console.log(`bundled ${positionals.join(', ')} -> ${values['out-dir']}`);
}
