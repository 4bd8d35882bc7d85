import { InputError } from './errors';

export type QueryValue = string | number | boolean | null | undefined;

/**
 * Common base-URL rules: trimmed; https, or http to this machine only; no credentials, query or
 * fragment; no trailing slash. A provider rule (e.g. Activepieces' `/api/v1` suffix) runs on the result.
 */
export function normalizeBaseUrl(raw: unknown, providerRule?: (url: URL) => URL, field = 'baseUrl'): string {
  const text = typeof raw === 'string' ? raw.trim() : '';
  if (text === '') {
    throw new InputError(field, 'The base URL is empty. Set it in the connection, e.g. https://host.example.com');
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    // The value is not repeated: a secret pasted into the wrong field would land in the run log.
    throw new InputError(field, 'The base URL is not a valid URL. It must look like https://host.example.com');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new InputError(field, `The base URL must use https:// (got ${url.protocol}//).`);
  }
  if (url.protocol === 'http:' && !isSameMachine(url.hostname)) {
    throw new InputError(
      field,
      `The base URL must use https:// (got http://${url.host}). Plain http is allowed only for localhost, 127.x.x.x, [::1] and host.docker.internal, where the token does not cross a network.`,
    );
  }
  if (url.username || url.password) {
    throw new InputError(field, 'The base URL must not contain a user name or password; put the token in the connection.');
  }
  url.search = '';
  url.hash = '';
  // `https://host//api/` is `https://host/api`: a doubled slash is a typo, not a path.
  url.pathname = url.pathname.replace(/\/{2,}/g, '/').replace(/\/+$/, '');
  const adjusted = providerRule ? providerRule(url) : url;
  return adjusted.toString().replace(/\/+$/, '');
}

/** Hosts whose traffic stays on this machine (host.docker.internal: the host, seen from a container). */
function isSameMachine(hostname: string): boolean {
  // The URL parser has already lower-cased the host and normalised IPv4 forms such as 127.1.
  return ['localhost', '[::1]', 'host.docker.internal'].includes(hostname) || /^127(\.\d{1,3}){3}$/.test(hostname);
}

/**
 * Expands `{name}` placeholders. A value that could change the path (`/`, `\`, `?`, `#`, `.`,
 * `..`, control characters, or nothing at all) is refused; everything else is percent-encoded.
 */
export function expandPath(template: string, params: Record<string, string> = {}): string {
  return template.replace(/\{(\w+)\}/g, (_match, name: string) => {
    const value = params[name];
    if (typeof value !== 'string' || value === '') {
      throw new InputError(name, `${name} is required.`);
    }
    if (value === '.' || /[/\\?#]|\.\./.test(value) || hasControlCharacter(value)) {
      throw new InputError(name, `${name} "${truncate(value, 60)}" contains characters that are not allowed in an id.`);
    }
    return encodeURIComponent(value);
  });
}

function hasControlCharacter(value: string): boolean {
  return [...value].some((char) => char.charCodeAt(0) < 0x20 || char.charCodeAt(0) === 0x7f);
}

export function buildUrl(baseUrl: string, path: string, query: Record<string, QueryValue> = {}): URL {
  const url = new URL(baseUrl + (path.startsWith('/') ? path : `/${path}`));
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') {
      url.searchParams.set(key, String(value));
    }
  }
  return url;
}

export function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
