#!/usr/bin/env node
// Bundles one tool entry point (for example the sandbox CLI) into a single CommonJS file.
// Tools run from the repo with plain `node`, so the bundle carries its own code and needs no ts-node.
// Not minified: a stack trace from a tool should point at readable code.
import { build } from 'esbuild';
import { resolve } from 'node:path';

const [entry, outfile] = process.argv.slice(2);
if (!entry || !outfile) {
  console.error('usage: bundle-tool.mjs <entry.ts> <outfile.js>');
  process.exit(2);
}
const root = resolve(import.meta.dirname, '../..');

await build({
  entryPoints: [resolve(root, entry)],
  outfile: resolve(root, outfile),
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  tsconfig: resolve(root, 'tsconfig.base.json'),
  logLevel: 'warning',
});
console.log(`bundled ${entry} -> ${outfile}`);
