// A fake of the few engine context fields our actions and dropdowns read. Piece-specific connection
// props stay in each piece's tests; these only wrap them the way the engine does for a CustomAuth.
import { Action, PropertyContext } from '@activepieces/pieces-framework';
import { AppConnectionType } from '@activepieces/shared';
import { EngineProp, processPropsOrThrow } from './engine-props';

/** The connection value the engine passes as `ctx.auth` to actions and as `auth` to dropdowns. */
export function customAuthValue<P>(props: P): { type: AppConnectionType.CUSTOM_AUTH; props: P } {
  return { type: AppConnectionType.CUSTOM_AUTH, props };
}

/**
 * Runs an action in this process with what the engine does before `run`: the props go through its
 * processors and validators (a list mapped into a text prop arrives as JSON text, '' in an optional
 * text as undefined), and the context holds the fields our actions read. The child-process path
 * (`runInPieceProcess`) adds loading the built package and the error's trip across the boundary.
 */
export function runActionInProcess<P>(action: Action, authProps: P, propsValue: Record<string, unknown>): Promise<unknown> {
  const processed = processPropsOrThrow(action.props as Record<string, EngineProp>, propsValue);
  const ctx = { auth: customAuthValue(authProps), propsValue: processed };
  return action.run(ctx as unknown as Parameters<Action['run']>[0]);
}

/** The context a dropdown's `options()` gets; ours read only `searchValue`, set when given. */
export function propertyContext(searchValue?: string): PropertyContext {
  return (searchValue === undefined ? {} : { searchValue }) as PropertyContext;
}
