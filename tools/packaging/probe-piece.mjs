#!/usr/bin/env node
// Loads one piece package in a fresh node process, the way the engine does, and reports as JSON on stdout
// { name, version, metadata, i18nLocales }. Usage: probe-piece.mjs <package-dir>
// A fresh process per build keeps two bundles (trimmed, untrimmed, installed) from sharing any module state.
// (Actions run in the runner's piece child, as the engine runs them: see test/engine-runs.ts.)
import { extractPieceFromModule } from '@activepieces/shared';
import { pieceTranslation } from '@activepieces/pieces-framework';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';

const packageDir = resolve(process.argv[2]);
const manifest = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'));

// Exactly the engine's two steps: require '<package>/src/index.js', then find the export whose constructor is `Piece`.
const module = createRequire(import.meta.url)(join(packageDir, 'src/index.js'));
const piece = extractPieceFromModule({ module, pieceName: manifest.name, pieceVersion: manifest.version });
const i18n = await pieceTranslation.initializeI18n(packageDir);

process.stdout.write(JSON.stringify({ name: manifest.name, version: manifest.version, metadata: piece.metadata(), i18nLocales: Object.keys(i18n ?? {}) }));
