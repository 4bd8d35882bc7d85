// A fake of the few engine context fields our actions and dropdowns read. Piece-specific connection
// props stay in each piece's tests; these only wrap them the way the engine does for a CustomAuth.
import { Action, PropertyContext } from '@activepieces/pieces-framework';
import { AppConnectionType } from '@activepieces/shared';

/** The connection value the engine passes as `ctx.auth` to actions and as `auth` to dropdowns. */
export function customAuthValue<P>(props: P): { type: AppConnectionType.CUSTOM_AUTH; props: P } {
  return { type: AppConnectionType.CUSTOM_AUTH, props };
}

/** Runs an action the way the engine does, with only the context fields our actions read: the connection and the props. */
export function runAction<P>(action: Action, authProps: P, propsValue: Record<string, unknown>): Promise<unknown> {
  const ctx = { auth: customAuthValue(authProps), propsValue };
  return action.run(ctx as unknown as Parameters<Action['run']>[0]);
}

/** The context a dropdown's `options()` gets; ours read only `searchValue`, set when given. */
export function propertyContext(searchValue?: string): PropertyContext {
  return (searchValue === undefined ? {} : { searchValue }) as PropertyContext;
}
