// The licence files of a piece package: our own (MIT), and the notices of the npm packages bundled into it.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { WORKSPACE_ROOT } from './workspace.mjs';

/**
 * The bundle carries code from npm packages (the framework, zod, …); their licences require their
 * notices to travel with it. One section per package that contributed code, read from node_modules.
 * `inputs` are the bundle's input files, relative to the workspace root as esbuild reports them.
 */
export function thirdPartyLicenses(inputs) {
  const packages = new Map();
  for (const input of inputs) {
    const match = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input);
    if (match) packages.set(resolve(WORKSPACE_ROOT, match[1]), true);
  }
  const sections = [...packages.keys()].sort().map((dir) => {
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    const licenseFile = readdirSync(dir).find((file) => /^(licen[sc]e|copying)(\.|$)/i.test(file));
    const text = licenseFile
      ? readFileSync(join(dir, licenseFile), 'utf8').trim()
      : `The package ships no licence file; its manifest states: ${manifest.license ?? 'no licence'}.`;
    return `${manifest.name}@${manifest.version}${manifest.license ? ` (${manifest.license})` : ''}\n\n${text}`;
  });
  const rule = `\n\n${'-'.repeat(72)}\n\n`;
  return `This package bundles code from the following npm packages.${rule}${sections.join(rule)}\n`;
}

export function mitLicense() {
  return `MIT License

Copyright (c) 2026 user-admin-pieces contributors

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.
`;
}
