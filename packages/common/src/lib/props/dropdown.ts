import { DropdownState, Property } from '@activepieces/pieces-framework';
import { enumOptions } from './enum';

/** The placeholder of a dropdown that needs a connection before it can list anything. */
export const CONNECT_FIRST = 'Connect your account first';

/** A dropdown that cannot offer anything, and says why in its placeholder. */
export function disabledDropdown<T>(placeholder: string): DropdownState<T> {
  return { disabled: true, options: [], placeholder };
}

export interface EnumDropdownParams<V extends string, R extends boolean> {
  displayName: string;
  description: string;
  required: R;
  /** The `as const` enum, in the order the dropdown shows it. */
  values: readonly V[];
  labels: Record<V, string>;
}

/** A static dropdown over an `as const` enum; the run still parses the value, since a mapped one can be anything. */
export function enumDropdown<const V extends string, R extends boolean>(params: EnumDropdownParams<V, R>) {
  const { displayName, description, required, values, labels } = params;
  return Property.StaticDropdown<V, R>({ displayName, description, required, options: { options: enumOptions(values, labels) } });
}
