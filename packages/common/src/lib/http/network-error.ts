/** Certificate and unknown-host failures do not heal in seconds: retrying them only delays the answer. */
export function isPermanentNetworkFailure(error: unknown): boolean {
  const code = findErrorCode(error);
  return code === 'ENOTFOUND' || (code !== undefined && isTlsCode(code));
}

/** Turns a failed request into words that name the host and the cause. */
export function describeNetworkFailure(error: unknown, host: string): string {
  const code = findErrorCode(error);
  if (code === 'ECONNREFUSED') return `Could not connect to ${host}: the connection was refused. Check the base URL and that the server is running.`;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `Could not resolve the host name ${host} (DNS lookup failed). Check the base URL.`;
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET') return `The connection to ${host} was closed unexpectedly.`;
  if (code !== undefined && isTlsCode(code)) {
    return `The TLS certificate of ${host} could not be verified (${code}). Use a certificate trusted by the server running Activepieces (NODE_EXTRA_CA_CERTS adds a private CA).`;
  }
  return `Could not reach ${host}${code ? ` (${code})` : ''}.`;
}

function isTlsCode(code: string): boolean {
  return (
    code.startsWith('CERT_') ||
    code.startsWith('ERR_TLS_') ||
    code.startsWith('ERR_SSL_') ||
    [
      'DEPTH_ZERO_SELF_SIGNED_CERT',
      'SELF_SIGNED_CERT_IN_CHAIN',
      'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
      'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
      'ERR_TLS_CERT_ALTNAME_INVALID',
    ].includes(code)
  );
}

/** fetch wraps the socket error in `cause`, sometimes in an AggregateError; the innermost code is the real one. */
function findErrorCode(error: unknown, depth = 0): string | undefined {
  if (depth > 4 || typeof error !== 'object' || error === null) return undefined;
  const { code, cause, errors } = error as { code?: unknown; cause?: unknown; errors?: unknown };
  const inner =
    findErrorCode(cause, depth + 1) ??
    (Array.isArray(errors) ? errors.map((e) => findErrorCode(e, depth + 1)).find(Boolean) : undefined);
  return inner ?? (typeof code === 'string' ? code : undefined);
}
