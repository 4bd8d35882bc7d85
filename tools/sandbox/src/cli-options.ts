import { MAX_GENERATED_USERS, MAX_LATENCY_MS, MAX_RATE_LIMIT_PER_SECOND } from './settings';

export interface CliPorts {
  activepiecesPort: number;
  merchantPort: number;
  host: string;
}

/** Ports plus what shapes both fakes: generated users, latency and rate limit (0 = none for each). */
export interface CliOptions extends CliPorts {
  users: number;
  latencyMs: number;
  rateLimitPerSecond: number;
}

export const DEFAULT_ACTIVEPIECES_PORT = 4010;
export const DEFAULT_MERCHANT_PORT = 4020;

/** Flags win over environment variables, which win over the defaults. 0 asks for a free port. */
export function parseCliPorts(argv: readonly string[], env: NodeJS.ProcessEnv): CliPorts {
  return {
    activepiecesPort: port(flag(argv, '--activepieces-port') ?? env['SANDBOX_ACTIVEPIECES_PORT'], '--activepieces-port', DEFAULT_ACTIVEPIECES_PORT),
    merchantPort: port(flag(argv, '--merchant-port') ?? env['SANDBOX_MERCHANT_PORT'], '--merchant-port', DEFAULT_MERCHANT_PORT),
    host: flag(argv, '--host') || env['SANDBOX_HOST'] || '127.0.0.1',
  };
}

/** Everything the CLI takes; each option also comes from an environment variable (empty = unset), which the flag overrides. */
export function parseCliOptions(argv: readonly string[], env: NodeJS.ProcessEnv): CliOptions {
  return {
    ...parseCliPorts(argv, env),
    users: wholeNumber(flag(argv, '--users') ?? (env['SANDBOX_USERS'] || undefined), '--users', MAX_GENERATED_USERS),
    latencyMs: wholeNumber(flag(argv, '--latency') ?? (env['SANDBOX_LATENCY_MS'] || undefined), '--latency', MAX_LATENCY_MS),
    rateLimitPerSecond: wholeNumber(flag(argv, '--rate-limit') ?? (env['SANDBOX_RATE_LIMIT'] || undefined), '--rate-limit', MAX_RATE_LIMIT_PER_SECOND),
  };
}

/** Accepts both `--name value` and `--name=value`. */
function flag(argv: readonly string[], name: string): string | undefined {
  for (let index = 0; index < argv.length; index++) {
    if (argv[index] === name) return argv[index + 1] ?? '';
    if (argv[index].startsWith(`${name}=`)) return argv[index].slice(name.length + 1);
  }
  return undefined;
}

function port(raw: string | undefined, name: string, fallback: number): number {
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > 65535) throw new Error(`${name} must be a port number from 0 to 65535, got "${raw}"`);
  return value;
}

/** Digits only: `1e4`, `0x10`, `10.0` and `10,000` are refused rather than guessed at. */
function wholeNumber(raw: string | undefined, name: string, max: number): number {
  if (raw === undefined) return 0;
  const value = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || value > max) {
    const seen = raw === '' ? 'nothing' : `"${raw}"`;
    throw new Error(`The ${name} option must be a whole number from 0 to ${max.toLocaleString('en-US')} (digits only), but got ${seen}.`);
  }
  return value;
}
