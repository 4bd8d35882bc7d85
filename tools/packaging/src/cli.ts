// `npm run package`: packs each built piece into <out-dir>/<npm-pack-name>.tgz (see pack.ts).
//
// Usage: node dist/tools/packaging/cli.js [--out-dir <dir>] [--json] [<piece-folder-name>...]
//   --out-dir  where the .tgz files go (default: dist)
//   --json     print npm pack's own JSON report (one entry per piece) instead of a summary
import { relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { packPieces } from './pack';

function kib(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KiB`;
}

async function main(): Promise<void> {
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

main().catch((error: unknown) => {
  console.error(`pack: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
