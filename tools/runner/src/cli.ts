import { startSandbox } from '@user-admin-pieces/sandbox';
import { parseArgs } from 'node:util';
import { formatError, formatOutput } from './format';
import { builtPieceNames, loadPiece, RunnerError } from './load-piece';
import { propertiesOf, runAction } from './run-action';
import { sandboxConnection } from './sandbox-connections';

const USAGE = `Run an action of a built piece, as the Activepieces engine would.

Usage:
  npm run action -- <piece> <action> --props '<json>' [--auth '<json>']
  npm run action -- list
  npm run action -- --help

Without --auth the action runs against the embedded sandbox (started and stopped for the run).
With --auth it runs against the real API; give the connection's props, for example
  --auth '{"baseApiUrl":"https://cloud.activepieces.com/api/v1","apiKey":"sk-..."}'

Pieces built now: ${builtPieceNames().join(', ') || '(none: run npm run build)'}`;

export async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: { props: { type: 'string' }, auth: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help || positionals.length === 0) {
    console.log(USAGE);
    return 0;
  }
  if (positionals[0] === 'list') {
    console.log(describePieces());
    return 0;
  }
  if (positionals.length !== 2) {
    throw new RunnerError(`Expected <piece> <action>, got ${positionals.length} word(s): ${positionals.join(' ')}. See --help.`);
  }
  const [pieceName, actionName] = positionals;
  const props = parseJsonObject('--props', values.props ?? '{}');
  const auth = values.auth === undefined ? undefined : parseJsonObject('--auth', values.auth);
  const loaded = loadPiece(pieceName);
  propertiesOf(loaded, actionName); // refuses an unknown action before anything starts

  if (auth !== undefined) {
    console.log(formatOutput(await runAction(loaded, actionName, props, auth)));
    return 0;
  }
  const sandbox = await startSandbox();
  try {
    console.log(formatOutput(await runAction(loaded, actionName, props, sandboxConnection(pieceName, sandbox))));
    return 0;
  } finally {
    await sandbox.close();
  }
}

function describePieces(): string {
  const lines: string[] = [];
  for (const name of builtPieceNames()) {
    const loaded = loadPiece(name);
    lines.push(`${name}  (${loaded.packageName}@${loaded.version})`);
    for (const actionName of Object.keys(loaded.piece.actions())) {
      lines.push(`  ${actionName}`);
      for (const prop of propertiesOf(loaded, actionName)) {
        lines.push(`    ${prop.name}${prop.required ? ' (required)' : ''}: ${prop.type.toLowerCase()} — ${prop.displayName}`);
      }
    }
  }
  return lines.length > 0 ? lines.join('\n') : 'No piece is built. Run `npm run build` first.';
}

function parseJsonObject(flag: string, text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new RunnerError(`${flag} is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new RunnerError(`${flag} must be a JSON object, like '{"userId":"..."}'.`);
  }
  return value as Record<string, unknown>;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      // One line for bad arguments; the engine's way (pretty JSON, no stack) for an action's error.
      const isUsage = error instanceof RunnerError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
      console.error(isUsage ? `error: ${(error as Error).message}` : formatError(error));
      process.exit(1);
    },
  );
}
