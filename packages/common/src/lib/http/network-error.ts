/**
 * Words for a request that got no usable HTTP answer, from the error node:http(s) and the
 * engine's network guard raise. Each says what was seen, whether trying again can help, and the
 * fix that fits the cause.
 */

export interface NetworkFailure {
  message: string;
  /** False for causes that do not heal in seconds: retrying them only delays the answer. */
  retryable: boolean;
  /** The engine's strict network mode refused the address. */
  blocked?: boolean;
}

export function describeNetworkFailure(error: unknown, host: string): NetworkFailure {
  const blocked = ssrfBlock(error);
  if (blocked !== undefined) {
    const resolved = blocked.ip !== undefined && blocked.ip !== hostnameOf(host) ? ` (it resolves to ${blocked.ip})` : '';
    return {
      message:
        `The Activepieces engine's network protection (AP_NETWORK_MODE=STRICT) refused to connect to ${host}${resolved}: ` +
        `it blocks loopback, private and link-local addresses. Ask the Activepieces admin to add that IP address or its range ` +
        `to AP_SSRF_ALLOW_LIST (IPs or CIDRs, not host names), or use a public https:// base URL.`,
      retryable: false,
      blocked: true,
    };
  }
  const code = findErrorCode(error);
  const message = messageOf(error);
  if (code === 'ECONNREFUSED') {
    return { message: `Could not connect to ${host}: the connection was refused. Check the base URL and that the server is running.`, retryable: true };
  }
  if (code === 'ENOTFOUND') return { message: `Could not resolve the host name ${host} (DNS lookup failed). Check the base URL.`, retryable: false };
  if (code === 'EAI_AGAIN') return { message: `Could not resolve the host name ${host} (DNS lookup failed). Check the base URL.`, retryable: true };
  if (code === 'ECONNRESET') return { message: `The connection to ${host} was closed unexpectedly.`, retryable: true };
  if (code === 'HPE_HEADER_OVERFLOW') {
    return { message: `${host} answered with response headers larger than 64 KiB, which this piece does not read.`, retryable: false };
  }
  if (code?.startsWith('HPE_')) {
    return { message: `${host} answered with a malformed HTTP response (${code}). Check that the base URL points at the API.`, retryable: false };
  }
  if (isPlainHttpAnswer(code, message)) {
    return {
      message: `${host} did not answer with TLS: the server may speak plain http on this port. Check the base URL's scheme and port (https:// needs the server's TLS port).`,
      retryable: false,
    };
  }
  if (code !== undefined) {
    const tls = tlsAdvice(code, host);
    if (tls !== undefined) return { message: tls, retryable: false };
  }
  return { message: `Could not reach ${host}${code ? ` (${code})` : ''}.`, retryable: true };
}

/** A private CA can be trusted; an expired or misnamed certificate cannot be fixed on this side. */
function tlsAdvice(code: string, host: string): string | undefined {
  switch (code) {
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'UNABLE_TO_GET_ISSUER_CERT':
    case 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY':
      return `The TLS certificate of ${host} is signed by an authority the Activepieces server does not trust (${code}). If it is your organisation's private CA, add it to the Activepieces server with NODE_EXTRA_CA_CERTS; certificate checks are never turned off.`;
    case 'CERT_HAS_EXPIRED':
      return `The TLS certificate of ${host} has expired (${code}). It must be renewed on that server; no setting on the Activepieces side can fix it.`;
    case 'CERT_NOT_YET_VALID':
      return `The TLS certificate of ${host} is not valid yet (${code}). Check the certificate's start date, and the clock of the Activepieces server.`;
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return `The TLS certificate of ${host} was issued for other host names (${code}). Use a host name the certificate names in the base URL, or fix the certificate on that server.`;
    case 'CERT_REVOKED':
      return `The TLS certificate of ${host} has been revoked (${code}). It must be replaced on that server.`;
    default:
      if (code.startsWith('CERT_') || code.startsWith('ERR_TLS_') || code.startsWith('ERR_SSL_') || code.startsWith('UNABLE_TO_')) {
        return `The TLS connection to ${host} failed (${code}). Check the server's certificate and TLS settings.`;
      }
      return undefined;
  }
}

/** OpenSSL's words when the other side answers a TLS hello in plain text. */
function isPlainHttpAnswer(code: string | undefined, message: string): boolean {
  return (
    code === 'ERR_SSL_WRONG_VERSION_NUMBER' ||
    code === 'ERR_SSL_PACKET_LENGTH_TOO_LONG' ||
    code === 'ERR_SSL_HTTP_REQUEST' ||
    (code === 'EPROTO' && /wrong version number|packet length too long|http request/i.test(message))
  );
}

/** The engine's guard raises an error named SSRFBlockedError, without a code, naming the resolved IP. */
function ssrfBlock(error: unknown): { ip?: string } | undefined {
  const name = typeof error === 'object' && error !== null ? (error as { name?: unknown }).name : undefined;
  const message = messageOf(error);
  if (name !== 'SSRFBlockedError' && !message.startsWith('SSRF protection')) return undefined;
  const ip = /\(resolved ([0-9a-fA-F.:]+)\)/.exec(message)?.[1];
  return { ip };
}

/** Read, not `instanceof Error`: errors from another realm (a VM context, a test runner) are errors too. */
function messageOf(error: unknown): string {
  const message = typeof error === 'object' && error !== null ? (error as { message?: unknown }).message : undefined;
  return typeof message === 'string' ? message : '';
}

function hostnameOf(host: string): string {
  return host.replace(/:\d+$/, '').replace(/^\[|\]$/g, '');
}

/** The innermost code: some errors wrap the socket error in `cause` or in an AggregateError's `errors`. */
function findErrorCode(error: unknown, depth = 0): string | undefined {
  if (depth > 4 || typeof error !== 'object' || error === null) return undefined;
  const { code, cause, errors } = error as { code?: unknown; cause?: unknown; errors?: unknown };
  const inner =
    findErrorCode(cause, depth + 1) ??
    (Array.isArray(errors) ? errors.map((e) => findErrorCode(e, depth + 1)).find(Boolean) : undefined);
  return inner ?? (typeof code === 'string' ? code : undefined);
}
