/** Checks for JSON that came off the network, where nothing has the type the docs promise. */

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A string with something in it besides white space. */
export function isText(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '';
}
