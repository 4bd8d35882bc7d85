export interface CliPorts {
  activepiecesPort: number;
  merchantPort: number;
  host: string;
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
