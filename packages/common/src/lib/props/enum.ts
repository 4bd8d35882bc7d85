import { InputError } from '../http/errors';
import { optionalText } from './optional';

export interface DropdownOption<V> {
  label: string;
  value: V;
}

/**
 * Dropdown options for an `as const` enum, in the enum's order. `labels` must name every value,
 * so adding a value to the enum without a label is a type error.
 */
export function enumOptions<const V extends string>(
  values: readonly V[],
  labels: Record<V, string>,
): DropdownOption<V>[] {
  return values.map((value) => ({ label: labels[value], value }));
}

/**
 * The canonical enum value for what a flow sent, or undefined when nothing was sent.
 * Values mapped from another step can be anything, so case is forgiven; anything else is refused.
 */
export function parseEnum<const V extends string>(
  raw: unknown,
  values: readonly V[],
  field: string,
  label: string = field,
): V | undefined {
  const text = optionalText(raw, field, { label });
  if (text === undefined) return undefined;
  const match = values.find((value) => value.toLowerCase() === text.toLowerCase());
  if (match === undefined) {
    throw new InputError(field, `${label} must be one of ${values.join(', ')} (got "${text.slice(0, 60)}").`);
  }
  return match;
}
