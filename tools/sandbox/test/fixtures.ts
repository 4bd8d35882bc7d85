/**
 * One fake for the enclosing describe block: started before its first test, reset after each test,
 * closed after the last. The returned object is filled in once the fake starts, so tests use it as
 * the fake itself.
 */
export function useFake<T extends { reset(): void; close(): Promise<void> }>(start: () => Promise<T>): T {
  const fake = {} as T;
  beforeAll(async () => {
    Object.assign(fake, await start());
  });
  afterEach(() => fake.reset());
  afterAll(() => fake.close());
  return fake;
}

/** The fixed part of an ASP.NET validation ProblemDetails (400); tests add `errors`. */
export const VALIDATION_PROBLEM = {
  type: 'https://tools.ietf.org/html/rfc9110#section-15.5.1',
  title: 'One or more validation errors occurred.',
  status: 400,
  traceId: expect.stringMatching(/^00-[0-9a-f]{32}-[0-9a-f]{16}-00$/),
};

/** Where the admin routes live: the Activepieces base URL ends in `/api`, they do not. */
export function adminOrigin(activepiecesBaseUrl: string): string {
  return activepiecesBaseUrl.replace(/\/api$/, '');
}

// Appended with the access endpoints; an import may stand anywhere in a module.
import { call } from './http';

/** Calls to an Activepieces fake with its API key: `api.get('/v1/projects')`. Reads the fake's URL at call time. */
export function apiWithKey(fake: { baseUrl: string; apiKey: string }) {
  return {
    get: (path: string) => call(`${fake.baseUrl}${path}`, { token: fake.apiKey }),
    post: (path: string, body: unknown) => call(`${fake.baseUrl}${path}`, { method: 'POST', token: fake.apiKey, body }),
    delete: (path: string) => call(`${fake.baseUrl}${path}`, { method: 'DELETE', token: fake.apiKey }),
  };
}
