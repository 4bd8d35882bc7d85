import { LoadedPiece, RunnerError } from './load-piece';

const TEXT_PROPERTY_TYPES = new Set(['SHORT_TEXT', 'LONG_TEXT']);

export interface PropertyInfo {
  name: string;
  type: string;
  required: boolean;
  displayName: string;
  description?: string;
}

export function actionOf(loaded: LoadedPiece, actionName: string) {
  const action = loaded.piece.getAction(actionName);
  if (action === undefined) {
    const known = Object.keys(loaded.piece.actions()).join(', ');
    throw new RunnerError(`Piece "${loaded.name}" has no action "${actionName}". Its actions: ${known}.`);
  }
  return action;
}

export function propertiesOf(loaded: LoadedPiece, actionName: string): PropertyInfo[] {
  const action = actionOf(loaded, actionName);
  return Object.entries(action.props as Record<string, { type: string; required: boolean; displayName: string; description?: string }>).map(
    ([name, prop]) => ({ name, type: prop.type, required: prop.required, displayName: prop.displayName, description: prop.description }),
  );
}

/**
 * Props as the engine hands them to `run`: every declared prop present, an unset optional text as ''
 * and any other unset optional as null; unknown prop names are refused, missing required ones too.
 */
export function engineProps(loaded: LoadedPiece, actionName: string, given: Record<string, unknown>): Record<string, unknown> {
  const properties = propertiesOf(loaded, actionName);
  const known = new Set(properties.map((p) => p.name));
  const unknown = Object.keys(given).filter((name) => !known.has(name));
  if (unknown.length > 0) {
    throw new RunnerError(`Unknown prop ${unknown.join(', ')} for ${loaded.name}/${actionName}. Its props: ${[...known].join(', ')}.`);
  }
  const missing = properties.filter((p) => p.required && (given[p.name] === undefined || given[p.name] === null || given[p.name] === ''));
  if (missing.length > 0) {
    throw new RunnerError(`Missing required prop ${missing.map((p) => p.name).join(', ')} for ${loaded.name}/${actionName}.`);
  }
  return Object.fromEntries(
    properties.map((p) => [p.name, p.name in given ? given[p.name] : TEXT_PROPERTY_TYPES.has(p.type) ? '' : null]),
  );
}

/** A connection value as the engine passes it for a CustomAuth piece. */
export function customAuthValue(props: Record<string, unknown>) {
  return { type: 'CUSTOM_AUTH' as const, props };
}

/** Runs one action with a context carrying what an action may touch; the rest fails loudly if used. */
export async function runAction(
  loaded: LoadedPiece,
  actionName: string,
  props: Record<string, unknown>,
  authProps: Record<string, unknown>,
): Promise<unknown> {
  const action = actionOf(loaded, actionName);
  const store = new Map<string, unknown>();
  const context = {
    auth: customAuthValue(authProps),
    propsValue: engineProps(loaded, actionName, props),
    executionType: 'BEGIN',
    store: {
      put: async <T>(key: string, value: T) => (store.set(key, value), value),
      get: async <T>(key: string) => (store.get(key) as T | undefined) ?? null,
      delete: async (key: string) => void store.delete(key),
    },
    step: { name: actionName },
    project: { id: 'runner', externalId: async () => undefined },
    server: { apiUrl: 'http://127.0.0.1/api/', publicUrl: 'http://127.0.0.1/', token: '' },
    run: { id: 'runner-run', stop: () => undefined, pause: () => undefined, respond: () => undefined },
    tags: { add: async () => undefined },
    connections: { get: async () => null },
    files: { write: async () => unsupported('files.write') },
    output: { update: async () => undefined },
    flows: { list: async () => unsupported('flows.list'), current: { id: 'runner-flow', version: { id: 'runner-flow-version' } } },
    agent: { tools: async () => unsupported('agent.tools') },
  };
  // The runner stands in for the engine, so the context is built by hand rather than typed per piece.
  return action.run(context as unknown as Parameters<typeof action.run>[0]);
}

function unsupported(what: string): never {
  throw new RunnerError(`The runner does not support ${what}.`);
}
