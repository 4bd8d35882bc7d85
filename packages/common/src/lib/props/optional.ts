import { InputError } from '../http/errors';

/** The engine sends an unset optional prop as undefined, null or ''. All three mean "not given". */
export function isBlank(value: unknown): value is undefined | null | '' {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

/** How a refused value is named in a message: its kind, never its content (it may be a whole record). */
export function describeKind(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'number') return `a number (${value})`;
  if (typeof value === 'boolean') return `true/false (${value})`;
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}

/**
 * Today's engine turns an object or array mapped into a text prop into its JSON text before the
 * action sees it, so `["grace@example.com"]` arrives as a string. A value that is a JSON array or
 * object is named ("a list", "an object"); text that merely contains brackets is left alone.
 */
function mappedStructure(text: string): string | undefined {
  const first = text[0];
  const last = text[text.length - 1];
  if (!((first === '[' && last === ']') || (first === '{' && last === '}'))) return undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null ? describeKind(parsed) : undefined;
  } catch {
    return undefined;
  }
}

export interface TextOptions {
  /** The name a flow builder sees, when it differs from the prop key. */
  label?: string;
  /** Take a whole number as its digits (an HR system may send ids as numbers), while it is exact. */
  wholeNumbers?: boolean;
}

/**
 * A trimmed string, or undefined when the prop was not given. A value mapped from an earlier step
 * can be of any type; anything but text is refused rather than guessed at: `String(['a','b'])` is
 * "a,b", and 123456789012345678901 has already lost digits by the time it arrives.
 */
export function optionalText(value: unknown, field: string, options: TextOptions = {}): string | undefined {
  if (isBlank(value)) return undefined;
  const label = options.label ?? field;
  if (typeof value === 'string') {
    const text = value.trim();
    const mapped = mappedStructure(text);
    if (mapped !== undefined) {
      throw new InputError(
        field,
        `${label} got ${mapped} where one value belongs: a list or record was mapped from an earlier step. Map a single text value (one item or one field of it).`,
      );
    }
    return text;
  }
  if (typeof value === 'number' && options.wholeNumbers && Number.isInteger(value)) {
    if (!Number.isSafeInteger(value)) {
      throw new InputError(field, `${label} must be text: the number ${value} may already have lost digits. Map it as text.`);
    }
    return String(value);
  }
  throw new InputError(field, `${label} must be text, but the flow gave ${describeKind(value)}. Map a single text value.`);
}
