import { ApiError, InputError } from '@user-admin-pieces/common';
import { htmlPage, rejection, respond, runActionInProcess, useTestServer } from '@user-admin-pieces/common/testing';
import { customApiCallAction } from '../src/lib/actions/custom-api-call';
import { API_KEY, authProps, pathOf, queryOf } from './helpers';

const live = useTestServer();
const { server } = live;
/** Another server on another port: it must never see a request. */
const elsewhere = useTestServer();

const call = (propsValue: Record<string, unknown>) =>
  runActionInProcess(customApiCallAction, authProps(`${live.url()}/api/v1/`), propsValue);

describe('custom API call', () => {
  it('sends a relative path under the base URL with the connection key', async () => {
    server.reply(respond(200, { data: [], next: null, previous: null }, { 'x-request-id': 'r-1' }));

    const result = await call({ url: '/v1/users', method: 'GET', queryParams: { limit: '5' }, headers: { 'X-Trace': 'abc' } });

    expect(result).toMatchObject({ status: 200, body: { data: [], next: null, previous: null } });
    const [request] = server.requests;
    expect(request.method).toBe('GET');
    expect(pathOf(request)).toBe('/api/v1/users');
    expect(queryOf(request)).toEqual({ limit: '5' });
    expect(request.headers.authorization).toBe(`Bearer ${API_KEY}`);
    expect(request.headers['x-trace']).toBe('abc');
  });

  it('accepts an absolute URL under the base URL and sends a JSON body', async () => {
    server.reply(respond(200, { ok: true }));
    await call({ url: `${live.url()}/api/v1/users/abc`, method: 'POST', body: { status: 'ACTIVE' } });
    const [request] = server.requests;
    expect(request.method).toBe('POST');
    expect(pathOf(request)).toBe('/api/v1/users/abc');
    expect(request.body).toBe('{"status":"ACTIVE"}');
    expect(request.headers['content-type']).toBe('application/json');
  });

  it('does not let a header replace the connection key', async () => {
    server.reply(respond(200, {}));
    await call({ url: '/v1/users', method: 'GET', headers: { Authorization: 'Bearer sk-someone-else' } });
    expect(server.requests[0].headers.authorization).toBe(`Bearer ${API_KEY}`);
  });

  it.each([
    () => `${elsewhere.url()}/api/v1/users`,
    () => `${elsewhere.url().replace('http://', '//')}/api/v1/users`,
    () => `${live.url()}/other/v1/users`,
    () => `${live.url()}/apiv1/users`,
  ])('refuses to send the key to %s', async (url) => {
    const error = await rejection(call({ url: url(), method: 'GET' }));
    expect(error).toBeInstanceOf(InputError);
    expect(error).toMatchObject({
      field: 'url',
      summary: `url must stay under ${live.url()}/api; the connection's token is never sent to another address.`,
    });
    expect(server.requests).toHaveLength(0);
    expect(elsewhere.server.requests).toHaveLength(0);
  });

  it('names the entity a raw path did not find, even with a malformed escape in it', async () => {
    server.reply(respond(404, { code: 'ENTITY_NOT_FOUND', params: { entityType: 'project' } }));
    const error = await rejection(call({ url: '/v1/projects/%ZZ', method: 'GET' }));
    expect(error).toBeInstanceOf(ApiError);
    expect(error.summary).toBe('No project with id %ZZ on this platform.');
  });

  it('blames the typed path as much as the base URL when a route is not found', async () => {
    server.reply(respond(404, { statusCode: 404, error: 'Not Found', message: 'Route not found' }));
    const error = await rejection(call({ url: '/v1/xyz', method: 'GET' }));
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      status: 404,
      summary: "Activepieces has no route GET /v1/xyz; check the URL (and the connection's base URL).",
    });
    expect(server.requests).toHaveLength(1);
  });

  it('quotes a 404 page for a typed path', async () => {
    server.reply(htmlPage(404, '<html><body><h1>404</h1><p>This page could not be found.</p></body></html>'));
    const error = await rejection(call({ url: '/v1/nothing', method: 'DELETE' }));
    expect(error.summary).toBe(
      'Activepieces has no route DELETE /v1/nothing: "404 This page could not be found."; check the URL (and the connection\'s base URL).',
    );
  });

  it('explains other errors with the same wording as the actions', async () => {
    server.reply(respond(401, { code: 'AUTHENTICATION', params: { message: 'invalid api key' } }));
    const error = await rejection(call({ url: '/v1/users', method: 'GET' }));
    expect(error.summary).toBe('Activepieces rejected the API key. Check the key in the connection: it is a platform API key that starts with sk-.');
  });
});
