/** Errors as a person should read them: a JSON message pretty-printed, never a stack trace. */
export function formatError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  try {
    const parsed: unknown = JSON.parse(message);
    if (typeof parsed === 'object' && parsed !== null) return JSON.stringify(parsed, null, 2);
  } catch {
    // not JSON: print as is
  }
  return message;
}

export function formatOutput(output: unknown): string {
  return output === undefined ? 'null' : JSON.stringify(output, null, 2);
}
