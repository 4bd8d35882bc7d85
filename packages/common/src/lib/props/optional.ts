/** The engine sends an unset optional prop as undefined, null or ''. All three mean "not given". */
export function isBlank(value: unknown): value is undefined | null | '' {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

/** A trimmed string, or undefined when the prop was not given. */
export function optionalText(value: unknown): string | undefined {
  if (isBlank(value)) return undefined;
  return typeof value === 'string' ? value.trim() : String(value);
}
