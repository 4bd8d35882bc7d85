import { ConnectionProps, PieceCall, PieceOutcome, PieceProcessOptions, runInPieceProcess } from '@user-admin-pieces/common/testing';
import { join } from 'node:path';
import { builtPieceDir, WORKSPACE_ROOT } from './built-pieces';

/** The runner's child script, bundled by `npm run build` (see project.json). */
export const CHILD_SCRIPT = join(WORKSPACE_ROOT, 'dist/tools/runner/piece-child.js');

export type CallOptions = Omit<PieceProcessOptions, 'childScript'>;

/** One call of a built piece (by its folder name) in a fresh child process, as the engine makes it. */
export function callPiece(pieceName: string, call: PieceCall, options: CallOptions = {}): Promise<PieceOutcome> {
  return runInPieceProcess(builtPieceDir(pieceName), call, { ...options, childScript: CHILD_SCRIPT });
}

/** An action's run, with the connection's props and the step's input. */
export function runAction(
  pieceName: string,
  actionName: string,
  input: Record<string, unknown>,
  auth: ConnectionProps,
  options: CallOptions = {},
): Promise<PieceOutcome> {
  return callPiece(pieceName, { kind: 'action', actionName, input, auth }, options);
}
