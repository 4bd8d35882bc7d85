// 4. Packed size and install footprint, against what depending on the framework would install.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { PreparedPiece } from './prepare';
import { kib, mib, table } from './report';
import { FRAMEWORK } from './settings';
import { ROOT } from './workspace';

type Lockfile = { packages: Record<string, { dependencies?: Record<string, string>; optionalDependencies?: Record<string, string> }> };

function walk(dir: string): { files: number; bytes: number } {
  let files = 0;
  let bytes = 0;
  for (const entry of readdirSync(dir, { recursive: true }) as string[]) {
    const stats = statSync(join(dir, entry));
    if (stats.isFile()) {
      files++;
      bytes += stats.size;
    }
  }
  return { files, bytes };
}

/** Packages a dependency on `start` installs, per the workspace lockfile's own resolution (nearest node_modules first). */
function dependencyClosure(lock: Lockfile, start: string): string[] {
  const seen = new Set([start]);
  const queue = [start];
  while (queue.length) {
    const location = queue.shift() as string;
    const entry = lock.packages[location] ?? {};
    for (const name of Object.keys({ ...entry.dependencies, ...entry.optionalDependencies })) {
      let base = location;
      let found: string | undefined;
      while (!found) {
        const candidate = `${base}/node_modules/${name}`.replace(/^\//, '');
        if (lock.packages[candidate]) found = candidate;
        else if (!base) break;
        else base = base.includes('/node_modules/') ? base.slice(0, base.lastIndexOf('/node_modules/')) : '';
      }
      if (found && !seen.has(found)) {
        seen.add(found);
        queue.push(found);
      }
    }
  }
  return [...seen];
}

const readLock = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as Lockfile;

export function benchFootprint(pieces: readonly PreparedPiece[]): void {
  const rows: (string | number)[][] = pieces.map(({ piece, packed, installDir }) => {
    const lock = readLock(join(installDir, 'package-lock.json'));
    const onDisk = walk(join(installDir, 'node_modules'));
    return [`${piece.name} (packaged)`, packed.entryCount, kib(packed.size), kib(packed.unpackedSize), Object.keys(lock.packages).length - 2, onDisk.files, kib(onDisk.bytes)];
  });
  const closure = dependencyClosure(readLock(join(ROOT, 'package-lock.json')), `node_modules/${FRAMEWORK}`);
  const frameworkOnDisk = closure.map((location) => walk(join(ROOT, location))).reduce((a, b) => ({ files: a.files + b.files, bytes: a.bytes + b.bytes }));
  rows.push([`${FRAMEWORK} as a dependency`, '-', '-', '-', closure.length - 1, frameworkOnDisk.files, mib(frameworkOnDisk.bytes)]);
  table(
    '4. Packed size and install footprint (npm install --offline of the .tgz into an empty project)',
    ['package', 'files in .tgz', '.tgz', 'unpacked', 'dependencies', 'files in node_modules', 'node_modules'],
    rows,
    [`The last row, for scale: what depending on the framework instead of bundling it would install (from package-lock.json; nested node_modules counted once).`],
  );
}
