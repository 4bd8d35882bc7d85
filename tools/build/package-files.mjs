// Everything of a piece package but its bundle: package.json, README.md, the licences and src/i18n.
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { mitLicense, thirdPartyLicenses } from './licences.mjs';

/**
 * Writes the package files into packageDir, next to its src/index.js: from the piece's source folder, its
 * package.json (`source`), and the files that went into the bundle (`inputs`, for the licence notices).
 */
export function writePackageFiles({ packageDir, sourceDir, source, inputs }) {
  const i18nSource = join(sourceDir, 'src/i18n');
  if (existsSync(i18nSource)) {
    mkdirSync(join(packageDir, 'src/i18n'), { recursive: true });
    cpSync(i18nSource, join(packageDir, 'src/i18n'), { recursive: true });
  }
  const published = {
    name: source.name,
    version: source.version,
    description: source.description,
    license: source.license ?? 'MIT',
    keywords: source.keywords,
    main: 'src/index.js',
    engines: { node: '>=20' },
    dependencies: {},
  };
  writeFileSync(join(packageDir, 'package.json'), `${JSON.stringify(published, null, 2)}\n`);
  writeFileSync(join(packageDir, 'README.md'), readme(join(sourceDir, 'README.md'), published, loadMetadata(join(packageDir, 'src/index.js'))));
  writeFileSync(join(packageDir, 'LICENSE'), mitLicense());
  writeFileSync(join(packageDir, 'THIRD_PARTY_LICENSES.txt'), thirdPartyLicenses(inputs));
}

/** Loads the bundle just written, as the engine would, to list its actions in the README. */
function loadMetadata(bundle) {
  const module = createRequire(import.meta.url)(bundle);
  const piece = Object.values(module).find((value) => value?.constructor?.name === 'Piece');
  if (!piece) throw new Error(`${bundle} exports no Piece; keepNames must stay on`);
  return piece.metadata();
}

/** The piece's own README when it has one, else a summary from its metadata; either way with install steps for this version. */
function readme(ownReadme, manifest, metadata) {
  const actions = Object.values(metadata.actions).map((action) => `- **${action.displayName}**: ${action.description}`);
  const body = existsSync(ownReadme)
    ? readFileSync(ownReadme, 'utf8').trimEnd()
    : `# ${metadata.displayName}

${metadata.description}

## Actions

${actions.join('\n')}`;
  if (/^## Install/m.test(body)) return `${body}\n`;
  return `${body}

## Install

An [Activepieces](https://www.activepieces.com) piece; it needs Activepieces ${metadata.minimumSupportedRelease} or later.

In Activepieces, open **Platform Admin → Setup → Pieces** and click **Install Piece**. Keep the package type
**NPM Registry**, and enter the piece name \`${manifest.name}\` and the exact version \`${manifest.version}\`.
With private pieces enabled, you can instead choose **Packed Archive (.tgz)** and upload the packed file.

The package is self-contained: it bundles its code and the Activepieces framework, and has no runtime dependencies.
`;
}
