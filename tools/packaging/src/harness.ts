// Installs packed pieces, builds and loads them in fresh node processes, for the tests and the checks
// around packing. Everything here shells out on purpose: a piece must work in a plain `node`, as the
// engine runs it, not only inside Jest's module registry.
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './pack';

export interface ActionRun {
  action: string;
  /** The CustomAuth props; the engine's child passes them as `{ type: 'CUSTOM_AUTH', props }`. */
  auth: Record<string, string>;
  /** The step's input, before the engine processes it. */
  propsValue: Record<string, unknown>;
}

export type RunOutcome = { ok: true; value: unknown } | { ok: false; error: { name: string; message: string } };

export interface ProbeReport {
  name: string;
  version: string;
  metadata: unknown;
  /** Locales the framework's i18n loader finds next to the bundle. */
  i18nLocales: string[];
}

/** Runs a command to completion; rejects with its stderr when it exits non-zero. */
export function run(command: string, args: readonly string[], options: { cwd?: string } = {}): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { cwd: options.cwd ?? REPO_ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) return resolvePromise(Buffer.concat(stdout).toString('utf8'));
      reject(new Error(`${command} ${args.join(' ')} exited with ${code}:\n${Buffer.concat(stderr).toString('utf8')}`));
    });
    child.stdin.end();
  });
}

/**
 * `npm install --offline` of one tarball into an empty project at dir. Returns the installed package's folder.
 * Offline proves the package needs nothing from a registry.
 */
export async function installTarball(tarball: string, dir: string, packageName: string): Promise<string> {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ name: 'install-check', version: '0.0.0', private: true }, null, 2)}\n`);
  await run('npm', ['install', '--offline', '--no-audit', '--no-fund', tarball], { cwd: dir });
  return join(dir, 'node_modules', packageName);
}

/** tools/build/build-piece.mjs into outDir, trimmed (the default) or untrimmed. */
export async function buildPiece(folder: string, outDir: string, options: { untrimmed: boolean }): Promise<string> {
  await run('node', ['tools/build/build-piece.mjs', folder, '--out-dir', outDir, ...(options.untrimmed ? ['--untrimmed'] : [])]);
  return outDir;
}

/**
 * Loads the package at packageDir in a fresh node, as the engine does, and reports its metadata and
 * translations. (Actions run through the engine's child process instead: see test/engine-runs.ts.)
 */
export async function probePiece(packageDir: string): Promise<ProbeReport> {
  return JSON.parse(await run('node', ['tools/packaging/probe-piece.mjs', packageDir])) as ProbeReport;
}

const VOLATILE_KEYS = new Set(['updated', 'updatedAt', 'receivedAt', 'at']);

/** A copy with the clock-dependent fields (`updated`, `updatedAt`, `receivedAt`, a change report's `audit.at`) replaced, so two runs compare equal. */
export function withoutTimestamps(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutTimestamps);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => [key, VOLATILE_KEYS.has(key) && typeof inner === 'string' ? '<timestamp>' : withoutTimestamps(inner)]),
  );
}
