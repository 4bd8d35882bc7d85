// Test-side glue for this piece: its connection, user fixtures and a paging responder. The HTTP
// server, the fake engine context and the other piece-neutral helpers are the shared ones in
// @user-admin-pieces/common/testing; the network boundary is the only thing faked.
import { htmlPage, json, ReceivedRequest, Responder } from '@user-admin-pieces/common/testing';
import { ActivepiecesPlatformAuthProps } from '../src/lib/common/client';
import { PlatformUser } from '../src/lib/common/types';

/** Shaped like a real key (`sk-` and 61 alphanumerics) so a leak would be recognisable. */
export const API_KEY = 'sk-' + 'Zq7'.repeat(20) + 'X';

/** The wrong-base-URL sentence, spelled out once so the tests pin its exact words. */
export function notAnApiSentence(apiBaseUrl: string, detail: string): string {
  return `${apiBaseUrl} is not an Activepieces API (${detail}). Set the connection's base URL to your Activepieces address, e.g. https://cloud.activepieces.com/api/v1.`;
}

/** The connection's props, as the form holds them. */
export function authProps(baseApiUrl: string, apiKey = API_KEY): ActivepiecesPlatformAuthProps {
  return { baseApiUrl, apiKey };
}

export function userId(n: number): string {
  return `usr${String(n).padStart(18, '0')}`;
}

export function user(n: number, overrides: Partial<PlatformUser> = {}): PlatformUser {
  return {
    id: userId(n),
    email: `person${n}@example.com`,
    firstName: `First${n}`,
    lastName: `Last${n}`,
    status: 'ACTIVE',
    platformRole: 'MEMBER',
    externalId: null,
    platformId: 'plat0000000000000001x',
    created: '2026-01-01T00:00:00.000Z',
    updated: '2026-01-01T00:00:00.000Z',
    lastActiveDate: null,
    imageUrl: null,
    ...overrides,
  };
}

export function users(count: number): PlatformUser[] {
  return Array.from({ length: count }, (_, i) => user(i + 1));
}

/** Serves `GET /v1/users` from a fixed list, honouring `limit` and `cursor` like the API. */
export function pagedUsers(all: PlatformUser[]): Responder {
  return (request, response) => {
    const query = queryOf(request);
    const limit = Number(query['limit'] ?? 10);
    const start = Number(query['cursor'] ?? 0);
    const end = start + limit;
    json(response, 200, { data: all.slice(start, end), next: end < all.length ? String(end) : null, previous: null });
  };
}

export function pathOf(request: ReceivedRequest): string {
  return new URL(request.path, 'http://test').pathname;
}

export function queryOf(request: ReceivedRequest): Record<string, string> {
  return Object.fromEntries(new URL(request.path, 'http://test').searchParams);
}

/** An API key pasted from a document that curled its quotes: a header cannot carry it. */
export const SMART_QUOTED_KEY = `\u201c${API_KEY}\u201d`;

/** What the shared client says about such a key (or one with spaces or line breaks) in the `apiKey` prop. */
export const UNSENDABLE_KEY_SENTENCE =
  'The API key contains spaces, line breaks or characters such as smart quotes that cannot be sent. Paste it again as plain text.';

/** nginx's own 502 page, as it sends it when the upstream is down. */
export const nginxBadGateway = htmlPage(
  502,
  '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n',
);
