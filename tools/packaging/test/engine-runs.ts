// update_user runs as today's engine makes them: each in a fresh child process (the runner's
// piece-child), with the input processed and validated and the error rebuilt from what crossed back.
// The child is bundled here from the runner's source: this project's tests do not wait for the
// runner's build.
import { runInPieceProcess } from '@user-admin-pieces/common/testing';
import { join } from 'node:path';
import { ActionRun, run, RunOutcome } from '../src/harness';

/** Bundles the runner into `outDir`; returns the path of its piece child. */
export async function bundleEngineChild(outDir: string): Promise<string> {
  await run('node', ['tools/runner/bundle.mjs', outDir]);
  return join(outDir, 'piece-child.js');
}

/** The runs, one after another (so their requests arrive in order), each in a child of its own. */
export async function runThroughEngine(childScript: string, packageDir: string, runs: readonly ActionRun[]): Promise<RunOutcome[]> {
  const outcomes: RunOutcome[] = [];
  for (const { action, auth, propsValue } of runs) {
    const outcome = await runInPieceProcess(
      packageDir,
      { kind: 'action', actionName: action, input: propsValue, auth },
      { childScript, network: 'unrestricted', onOutput: () => undefined },
    );
    outcomes.push(outcome.ok ? { ok: true, value: outcome.value } : { ok: false, error: { name: outcome.error.name, message: outcome.error.message } });
  }
  return outcomes;
}
