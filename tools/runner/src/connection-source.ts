import type { ConnectionProps } from '@user-admin-pieces/common/testing';
import { readFileSync } from 'node:fs';
import { RunnerError } from './built-pieces';

/** The environment variable that may hold the connection's props as JSON. */
export const AUTH_ENV = 'AP_AUTH';

export const AUTH_FLAG_REFUSED =
  '--auth is not accepted: a connection on the command line is kept in shell history and shown to every user of the machine by ps. ' +
  `Put its JSON in a file and pass --auth-file <path>, or set the ${AUTH_ENV} environment variable to it.`;

/**
 * The connection's props from `--auth-file` or from AP_AUTH; undefined when neither is given (the runner
 * then uses the sandbox). Messages name where the connection came from and never quote any of it: a
 * file given by mistake may hold anything, and a broken one still holds the token.
 */
export function readConnection(authFile: string | undefined, env: NodeJS.ProcessEnv = process.env): ConnectionProps | undefined {
  const fromEnv = env[AUTH_ENV];
  if (authFile !== undefined && fromEnv !== undefined) {
    throw new RunnerError(`Give the connection once: --auth-file or ${AUTH_ENV}, not both.`);
  }
  if (authFile !== undefined) return parseConnection(readAuthFile(authFile), `--auth-file ${authFile}`);
  if (fromEnv !== undefined) return parseConnection(fromEnv, AUTH_ENV);
  return undefined;
}

function readAuthFile(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new RunnerError(`Cannot read --auth-file ${path}${code ? ` (${code})` : ''}.`);
  }
}

function parseConnection(text: string, where: string): ConnectionProps {
  const shape = 'one JSON object of the connection\'s props, e.g. {"baseUrl": "https://…", "apiToken": "…"}';
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    // JSON.parse's own message quotes the text around the mistake: not repeated here.
    throw new RunnerError(`${where} is not valid JSON. It must hold ${shape}.`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new RunnerError(`${where} is JSON but not an object. It must hold ${shape}.`);
  }
  return value as ConnectionProps;
}
