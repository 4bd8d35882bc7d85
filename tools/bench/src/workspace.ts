import { execFileSync, ExecFileSyncOptions } from 'node:child_process';
import { resolve } from 'node:path';

/** The workspace root: tools/bench/src in source, dist/tools/bench in the bundle. */
export const ROOT = resolve(__dirname, '../../..');

/** Runs a command in the workspace to completion and returns its stdout; its stderr is kept for the error. */
export function quiet(command: string, args: readonly string[], options: ExecFileSyncOptions = {}): string {
  return execFileSync(command, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], ...options, encoding: 'utf8' });
}
