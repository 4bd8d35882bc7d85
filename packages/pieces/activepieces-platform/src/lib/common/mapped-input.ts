import { InputError, isBlank, optionalText, parseEnum } from '@user-admin-pieces/common';

// A value mapped from an earlier step can be of any type. The common parsers turn it into text
// with String(), which lets a list through (['ACTIVE'] becomes 'ACTIVE') and a long number through
// with its digits already lost; so the type is checked here, before them.

/** The canonical enum value, or undefined when blank; anything but text is refused. */
export function mappedEnum<const V extends string>(raw: unknown, values: readonly V[], field: string): V | undefined {
  if (!isBlank(raw) && typeof raw !== 'string') {
    throw new InputError(field, `${field} must be one of ${values.join(', ')} as text (got ${kindOf(raw)}).`);
  }
  return parseEnum(raw, values, field);
}

/**
 * Trimmed text, or undefined when blank. A whole number is taken as its digits (an HR system may
 * send ids as numbers), but only while it is exact: past 2^53 the digits are already wrong.
 */
export function mappedText(raw: unknown, field: string): string | undefined {
  if (typeof raw === 'number' && !Number.isSafeInteger(raw)) {
    throw new InputError(field, `${field} must be text; the number ${raw} may already have lost digits. Map it as text.`);
  }
  if (!isBlank(raw) && typeof raw !== 'string' && typeof raw !== 'number') {
    throw new InputError(field, `${field} must be text (got ${kindOf(raw)}).`);
  }
  return optionalText(raw);
}

/** How a refused value is named in a message: its kind, never its content (it may be a whole record). */
export function kindOf(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}
