// Reads the names a build needs from source text, for the trimmed build's generated modules. Each reader
// fails the build, naming the file, when the text has a shape it does not know, rather than guess.
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { filesUnder, requireFromFramework, WORKSPACE_ROOT } from './workspace.mjs';

/** Named value imports from a package in our TypeScript (type-only names are filtered out later, as they have no value). */
export function namesImportedBySources(sourceRoots, packageName) {
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
      throw new Error(`${relative(WORKSPACE_ROOT, file)} imports ${packageName} other than by \`import { ... }\`; the trimmed build cannot see which names it needs`);
    }
  }
  return names;
}

/** The file under libDir whose export is this very value (not a copy with the same name), relative to packageDir. */
export function definingFile(packageDir, libDir, key, value) {
  const pattern = new RegExp(`^exports\\.${key.replace(/\$/g, '\\$')} = `, 'm');
  for (const file of filesUnder(libDir, '.js')) {
    if (!pattern.test(readFileSync(file, 'utf8'))) continue;
    if (requireFromFramework(file)[key] === value) return relative(packageDir, file).split('\\').join('/');
  }
  throw new Error(`cannot find the file of ${relative(WORKSPACE_ROOT, packageDir)} that defines ${key}`);
}
