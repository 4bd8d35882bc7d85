#!/usr/bin/env node
// Loads one piece package in a fresh node process, the way the engine does, and reports as JSON on stdout:
//   { name, version, metadata, i18nLocales, runs: [{ ok: true, value } | { ok: false, error: { name, message } }] }
// Input, as JSON on stdin: { packageDir, runs?: [{ action, auth, propsValue }] }
//   auth is the CustomAuth props; the probe wraps them as the engine does ({ type: 'CUSTOM_AUTH', props }).
// Runs are sequential, each awaited, so the requests they make arrive in order.
// A fresh process per build keeps two bundles (trimmed, untrimmed, installed) from sharing any module state.
import { extractPieceFromModule } from '@activepieces/shared';
import { pieceTranslation } from '@activepieces/pieces-framework';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';

const input = JSON.parse(readFileSync(0, 'utf8'));
const packageDir = resolve(input.packageDir);
const manifest = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'));

// Exactly the engine's two steps: require '<package>/src/index.js', then find the export whose constructor is `Piece`.
const module = createRequire(import.meta.url)(join(packageDir, 'src/index.js'));
const piece = extractPieceFromModule({ module, pieceName: manifest.name, pieceVersion: manifest.version });
const i18n = await pieceTranslation.initializeI18n(packageDir);

const runs = [];
for (const run of input.runs ?? []) {
  const action = piece.getAction(run.action);
  if (!action) {
    runs.push({ ok: false, error: { name: 'ProbeError', message: `no action ${run.action}` } });
    continue;
  }
  try {
    const value = await action.run({ auth: { type: 'CUSTOM_AUTH', props: run.auth }, propsValue: run.propsValue });
    runs.push({ ok: true, value });
  } catch (error) {
    runs.push({ ok: false, error: { name: error?.constructor?.name ?? typeof error, message: error?.message ?? String(error) } });
  }
}

process.stdout.write(
  JSON.stringify({ name: manifest.name, version: manifest.version, metadata: piece.metadata(), i18nLocales: Object.keys(i18n ?? {}), runs }),
);
