import { PieceCall, PieceOutcome } from '@user-admin-pieces/common/testing';
import { PIECES, pieceNamed, Sandbox, startSandbox } from '@user-admin-pieces/sandbox';
import { parseArgs } from 'node:util';
import { builtPieceDir, builtPieceNames, RunnerError } from './built-pieces';
import { AUTH_ENV, AUTH_FLAG_REFUSED, readConnection } from './connection-source';
import { formatFailure, formatOutput } from './format';
import { callPiece, CallOptions } from './piece-calls';

const USAGE = `Run an action of a built piece the way today's Activepieces engine does: in a fresh child
process, with the step's input processed and validated first, and a failure shown as the flow
builder shows it.

Usage:
  npm run action -- <piece> <action> [--props '<json>'] [--auth-file <path>] [--details]
  npm run action -- <piece> <action> --dropdown <prop> [--search <text>] [--props '<json>'] [--auth-file <path>]
  npm run action -- <piece> --check-connection [--auth-file <path>]
  npm run action -- list
  npm run action -- --help

  --props '<json>'    the step's input, e.g. '{"userId":"...","status":"INACTIVE"}'
  --auth-file <path>  a JSON file with the connection's props, e.g. for
${sampleConnections()}
                      (or put that JSON in the ${AUTH_ENV} environment variable). Without either, the
                      call runs against the embedded sandbox, started and stopped for it.
  --dropdown <prop>   load a dropdown's options instead of running the action
  --search <text>     the text typed into that dropdown
  --check-connection  run the connection's validate
  --details           also print the error's Technical Details, as project members see them

Environment, as the engine reads it: AP_NETWORK_MODE=STRICT with AP_SSRF_ALLOW_LIST (IPs and CIDRs)
refuses private, loopback and link-local addresses; AP_FLOW_TIMEOUT_SECONDS (600) and
AP_TRIGGER_TIMEOUT_SECONDS (60) bound an action, and a dropdown or connection check.

Pieces built now: ${builtPieceNames().join(', ') || '(none: run npm run build)'}`;

/** Each piece's sample connection, one line each, under --auth-file. */
function sampleConnections(): string {
  const width = Math.max(...PIECES.map((piece) => piece.name.length));
  return PIECES.map((piece) => `                        ${piece.name.padEnd(width)}  ${JSON.stringify(piece.sampleConnection)}`).join('\n');
}

/** The connection that reaches the sandbox's fake of the piece's API. */
function sandboxConnection(pieceName: string, sandbox: Sandbox): Record<string, string> {
  const piece = pieceNamed(pieceName);
  if (piece === undefined) {
    throw new RunnerError(`The sandbox has no fake API for piece "${pieceName}"; give a connection (--auth-file or AP_AUTH) to run it against a real account.`);
  }
  return piece.sandboxConnection(sandbox);
}

/** Errors about how the piece was called rather than from the piece: one line, like a bad argument. */
const CALL_MISTAKES = new Set(['ActionNotFoundError', 'StepInputError', 'UnsupportedPieceError']);

export async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      props: { type: 'string' },
      'auth-file': { type: 'string' },
      // Declared only to be refused with a reason (and without echoing it).
      auth: { type: 'string' },
      dropdown: { type: 'string' },
      search: { type: 'string' },
      'check-connection': { type: 'boolean' },
      details: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.auth !== undefined) throw new RunnerError(AUTH_FLAG_REFUSED);
  if (values.help || positionals.length === 0) {
    console.log(USAGE);
    return 0;
  }
  if (positionals[0] === 'list' && positionals.length === 1) {
    console.log(await describePieces());
    return 0;
  }
  const [pieceName, actionName] = positionals;
  const expected = values['check-connection'] ? 1 : 2;
  if (positionals.length !== expected) {
    const shape = expected === 1 ? '<piece> --check-connection' : '<piece> <action>';
    throw new RunnerError(`Expected ${shape}, got ${positionals.length} word(s): ${positionals.join(' ')}. See --help.`);
  }
  builtPieceDir(pieceName); // an unknown or unbuilt piece is refused before anything starts
  const input = parseProps(values.props ?? '{}');
  const given = readConnection(values['auth-file']);
  const interactive = values['check-connection'] === true || values.dropdown !== undefined;
  const call = (auth: Record<string, unknown>): PieceCall => {
    if (values['check-connection']) return { kind: 'validate', auth };
    if (values.dropdown !== undefined) {
      return { kind: 'dropdown', actionName, propName: values.dropdown, input, auth, searchValue: values.search };
    }
    return { kind: 'action', actionName, input, auth, builderChecks: true };
  };

  let outcome: PieceOutcome;
  if (given !== undefined) {
    outcome = await callPiece(pieceName, call(given), timeoutFromEnv(interactive));
  } else {
    const sandbox = await startSandbox();
    try {
      outcome = await callPiece(pieceName, call(sandboxConnection(pieceName, sandbox)), timeoutFromEnv(interactive));
    } finally {
      await sandbox.close();
    }
  }
  return report(outcome, values.details === true);
}

function report(outcome: PieceOutcome, details: boolean): number {
  if (!outcome.ok) {
    const { error } = outcome;
    console.error(CALL_MISTAKES.has(error.name) ? `error: ${error.message}` : formatFailure(error, { details }));
    return 1;
  }
  console.log(formatOutput(outcome.value));
  // A connection check answers; a refused connection is still a failure to whoever runs it.
  return (outcome.value as { valid?: unknown } | null)?.valid === false ? 1 : 0;
}

/** AP_FLOW_TIMEOUT_SECONDS for an action, AP_TRIGGER_TIMEOUT_SECONDS for a dropdown or validate, as the engine reads them. */
function timeoutFromEnv(interactive: boolean): CallOptions {
  const raw = process.env[interactive ? 'AP_TRIGGER_TIMEOUT_SECONDS' : 'AP_FLOW_TIMEOUT_SECONDS'];
  const seconds = Number(raw);
  return raw !== undefined && raw !== '' && Number.isFinite(seconds) && seconds > 0 ? { timeoutMs: seconds * 1000 } : {};
}

/** Each built piece's actions and props, from its metadata (one child process per piece, as the engine's describe). */
async function describePieces(): Promise<string> {
  const names = builtPieceNames();
  if (names.length === 0) return 'No piece is built. Run `npm run build` first.';
  const described = await Promise.all(
    names.map(async (name) => {
      const outcome = await callPiece(name, { kind: 'metadata' });
      if (!outcome.ok) throw outcome.error;
      return { name, metadata: outcome.value as PieceMetadata };
    }),
  );
  const lines: string[] = [];
  for (const { name, metadata } of described) {
    lines.push(`${name}  (${metadata.displayName})`);
    for (const [actionName, action] of Object.entries(metadata.actions)) {
      lines.push(`  ${actionName}`);
      for (const [propName, prop] of Object.entries(action.props)) {
        lines.push(`    ${propName}${prop.required ? ' (required)' : ''}: ${prop.type.toLowerCase()} — ${prop.displayName}`);
      }
    }
  }
  return lines.join('\n');
}

interface PieceMetadata {
  displayName: string;
  actions: Record<string, { props: Record<string, { type: string; required: boolean; displayName: string }> }>;
}

function parseProps(text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new RunnerError(`--props is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new RunnerError(`--props must be a JSON object, like '{"userId":"..."}'.`);
  }
  return value as Record<string, unknown>;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      const isUsage = error instanceof RunnerError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
      console.error(isUsage ? `error: ${(error as Error).message}` : formatFailure(error));
      process.exit(1);
    },
  );
}
