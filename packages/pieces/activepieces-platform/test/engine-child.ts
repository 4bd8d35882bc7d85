// Runs one action of the built package the way today's engine does: a fresh child process per
// call (the runner's piece child, bundled here from its source), the engine's prop processing,
// and errors rebuilt from what crossed the process boundary.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { builtPieceDir, PieceOutcome, runInPieceProcess } from '@user-admin-pieces/common/testing';
import { authProps } from './helpers';

const pieceDir = join(__dirname, '..');

/** Bundles the child once per test file; call at the top level of the file. */
export function useEngineChild(): (actionName: string, baseUrl: () => string, input: Record<string, unknown>) => Promise<PieceOutcome> {
  let workDir: string;
  let childScript: string;
  beforeAll(() => {
    workDir = mkdtempSync(join(tmpdir(), 'ap-users-child-'));
    execFileSync('node', ['tools/runner/bundle.mjs', workDir], { cwd: join(pieceDir, '../../..'), stdio: 'ignore' });
    childScript = join(workDir, 'piece-child.js');
  }, 60_000);
  afterAll(() => rmSync(workDir, { recursive: true, force: true }));
  return (actionName, baseUrl, input) =>
    runInPieceProcess(
      builtPieceDir(pieceDir),
      { kind: 'action', actionName, input, auth: { ...authProps(`${baseUrl()}/api/v1`) } },
      { childScript, network: 'unrestricted', onOutput: () => undefined, timeoutMs: 30_000 },
    );
}
