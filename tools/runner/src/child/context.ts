// The arguments today's engine hands a piece (activepieces `core/piece/piece-context-builder.ts` and
// `piece-auth.ts`, read 2026-11): an action's context, a dropdown's two arguments, validate's argument.
// Only what a piece may read is here; the services that talk to the engine's own API (store, files,
// flows, connections, waitpoints) have no server behind them in the runner, and say so if used.
import type { ConnectionProps } from '@user-admin-pieces/common/testing';

/** Where the engine's API would be. `.invalid` never resolves, so a piece that calls it fails plainly. */
const SERVER = { apiUrl: 'https://engine.invalid/api/', publicUrl: 'https://engine.invalid/', token: '' };
const PROJECT_ID = 'runner-project';
const FLOW = { id: 'runner-flow', version: { id: 'runner-flow-version' } };

/** The connection value of a CustomAuth piece, as actions and dropdowns receive it. */
export function connectionValue(props: ConnectionProps): { type: 'CUSTOM_AUTH'; props: ConnectionProps } {
  return { type: 'CUSTOM_AUTH', props };
}

function unavailable(what: string): () => never {
  return () => {
    throw new Error(`${what} needs the Activepieces server, which the runner does not have.`);
  };
}

const project = { id: PROJECT_ID, externalId: async () => undefined };
const flows = { list: unavailable('ctx.flows.list'), current: FLOW };
const connections = { get: unavailable('ctx.connections.get') };

/**
 * An action's context (context version 2). `propsValue` is the processed input, the connection value
 * under `auth` included, as the engine passes it. A step's own store lives only as long as the call.
 */
export function actionContext(actionName: string, propsValue: Record<string, unknown>): Record<string, unknown> {
  const stored = new Map<string, unknown>();
  return {
    executionType: 'BEGIN',
    resumePayload: undefined,
    store: {
      put: async (key: string, value: unknown) => (stored.set(key, value), value),
      get: async (key: string) => (stored.has(key) ? stored.get(key) : null),
      delete: async (key: string) => void stored.delete(key),
    },
    output: { update: async () => undefined },
    flows,
    step: { name: actionName },
    auth: propsValue['auth'],
    files: { write: unavailable('ctx.files.write') },
    server: SERVER,
    propsValue,
    tags: { add: async () => undefined },
    connections,
    run: {
      id: 'runner-run',
      stop: () => undefined,
      respond: () => undefined,
      createWaitpoint: unavailable('ctx.run.createWaitpoint (pausing a run)'),
      waitForWaitpoint: unavailable('ctx.run.waitForWaitpoint (pausing a run)'),
    },
    project,
  };
}

/** A dropdown's second argument; the first is the step's input, unprocessed, with the connection value under `auth`. */
export function dropdownContext(stepName: string, searchValue: string | undefined): Record<string, unknown> {
  return { searchValue, server: SERVER, project, flows, step: { name: stepName }, connections };
}

/** validate's one argument: the connection's props, flat, and where the server is. */
export function validateArgument(props: ConnectionProps): { auth: ConnectionProps; server: { apiUrl: string; publicUrl: string } } {
  return { auth: props, server: { apiUrl: SERVER.apiUrl, publicUrl: SERVER.publicUrl } };
}
