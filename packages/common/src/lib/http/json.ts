// Checks for JSON that came off the network, where nothing has the type the docs promise.

/** A JSON object: not null, not a list. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A string with something in it besides white space. */
export function isText(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '';
}

/** The value when it is such a string, as it is (not trimmed); undefined for anything else, which counts as not given. */
export function nonBlankText(value: unknown): string | undefined {
  return isText(value) ? value : undefined;
}
