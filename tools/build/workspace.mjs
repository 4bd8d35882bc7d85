// Where things are, for the build scripts: the workspace root, and the framework and @activepieces/shared
// as installed (shared resolved exactly as the framework resolves it, so a shim describes the copy that
// would otherwise be bundled).
import { readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';

export const WORKSPACE_ROOT = resolve(import.meta.dirname, '../..');

export const FRAMEWORK = '@activepieces/pieces-framework';
export const SHARED = '@activepieces/shared';

export const requireFromRoot = createRequire(join(WORKSPACE_ROOT, 'package.json'));
export const frameworkDir = dirname(requireFromRoot.resolve(`${FRAMEWORK}/package.json`));
export const requireFromFramework = createRequire(join(frameworkDir, 'package.json'));
export const sharedDir = dirname(requireFromFramework.resolve(`${SHARED}/package.json`));

/** The files under dir with this extension (declaration files left out). */
export function filesUnder(dir, extension) {
  return readdirSync(dir, { recursive: true })
    .map((entry) => join(dir, entry))
    .filter((file) => file.endsWith(extension) && !file.endsWith('.d.ts') && statSync(file).isFile());
}

/** Whether file is inside one of dirs. */
export function isInside(dirs, file) {
  return dirs.some((dir) => !relative(dir, file).startsWith('..'));
}
