import { builderErrorView, renderBuilderError } from '@user-admin-pieces/common/testing';

/** A failed call as the flow builder shows it (headline, message, error name), never with a stack; `details` adds the Technical Details. */
export function formatFailure(error: unknown, options: { details?: boolean } = {}): string {
  return renderBuilderError(builderErrorView(error), options);
}

export function formatOutput(output: unknown): string {
  return output === undefined ? 'null' : JSON.stringify(output, null, 2);
}
