// The four operations a child can run on a loaded piece, each as the engine runs it.
import type { Piece } from '@activepieces/pieces-framework';
import { ConnectionProps, EngineProp, PieceCall, processPropsOrThrow, toTransferable } from '@user-admin-pieces/common/testing';
import { actionContext, connectionValue, dropdownContext, validateArgument } from './context';

/** A call the runner cannot make as asked (unknown action or prop, a piece shape it does not support): not the piece's error. */
export class RunnerCallError extends Error {
  constructor(
    override readonly name: 'ActionNotFoundError' | 'StepInputError' | 'UnsupportedPieceError',
    message: string,
  ) {
    super(message);
  }
}

interface DeclaredProp extends EngineProp {
  displayName?: string;
  options?: unknown;
}

type RunnableAction = { props: Record<string, DeclaredProp>; run: (context: unknown) => Promise<unknown> };

export async function runCall(piece: Piece, call: PieceCall): Promise<unknown> {
  switch (call.kind) {
    case 'metadata':
      return toTransferable(piece.metadata());
    case 'action':
      return runAction(piece, call);
    case 'dropdown':
      return dropdownOptions(piece, call);
    case 'validate':
      return validate(piece, call.auth);
  }
}

function actionOf(piece: Piece, actionName: string): RunnableAction {
  const action = piece.getAction(actionName) as RunnableAction | undefined;
  if (action === undefined) {
    const known = Object.keys(piece.actions()).join(', ');
    throw new RunnerCallError('ActionNotFoundError', `${piece.displayName} has no action "${actionName}". Its actions: ${known}.`);
  }
  return action;
}

function requireCustomAuth(piece: Piece): void {
  const type = (piece.auth as { type?: string } | undefined)?.type;
  if (type !== undefined && type !== 'CUSTOM_AUTH') {
    throw new RunnerCallError('UnsupportedPieceError', `The runner passes CustomAuth connections only; this piece's auth is ${type}.`);
  }
}

/** The step's input as the engine resolves it: the props given, and the connection value under `auth`. */
function resolvedInput(piece: Piece, input: Record<string, unknown>, auth: ConnectionProps | undefined): Record<string, unknown> {
  if (auth === undefined) return { ...input };
  requireCustomAuth(piece);
  return { ...input, auth: connectionValue(auth) };
}

async function runAction(piece: Piece, call: Extract<PieceCall, { kind: 'action' }>): Promise<unknown> {
  const action = actionOf(piece, call.actionName);
  if (call.builderChecks) refuseAsBuilder(call.actionName, action.props, call.input);
  const propsValue = processPropsOrThrow(action.props, resolvedInput(piece, call.input, call.auth));
  return toTransferable(await action.run(actionContext(call.actionName, propsValue)));
}

/**
 * What the flow builder refuses before a step can be tested: a prop name the action does not have
 * (a typo the engine would ignore), and a required prop left out.
 */
function refuseAsBuilder(actionName: string, props: Record<string, DeclaredProp>, input: Record<string, unknown>): void {
  const names = Object.keys(props);
  const unknown = Object.keys(input).filter((key) => !(key in props));
  if (unknown.length > 0) {
    throw new RunnerCallError('StepInputError', `${actionName} has no prop ${unknown.join(', ')}. Its props: ${names.join(', ')}.`);
  }
  const missing = names.filter((name) => props[name].required && !(name in input));
  if (missing.length > 0) {
    throw new RunnerCallError('StepInputError', `${actionName} needs ${missing.join(', ')}: a required prop cannot be left out.`);
  }
}

async function dropdownOptions(piece: Piece, call: Extract<PieceCall, { kind: 'dropdown' }>): Promise<unknown> {
  const prop = actionOf(piece, call.actionName).props[call.propName];
  const options = (prop as { options?: unknown } | undefined)?.options;
  if (typeof options !== 'function') {
    throw new RunnerCallError('StepInputError', `${call.actionName}.${call.propName} is not a dropdown with options to load.`);
  }
  const result = await options.call(prop, resolvedInput(piece, call.input, call.auth), dropdownContext(call.actionName, call.searchValue));
  return toTransferable(result);
}

async function validate(piece: Piece, auth: ConnectionProps): Promise<unknown> {
  requireCustomAuth(piece);
  const owner = piece.auth as { validate?: (argument: unknown) => Promise<unknown> } | undefined;
  if (owner?.validate === undefined) throw new RunnerCallError('UnsupportedPieceError', 'This piece\'s connection has no validate.');
  return toTransferable(await owner.validate(validateArgument(auth)));
}
