import { ApiError } from '@user-admin-pieces/common';
import { htmlPage, rejection, respond, runActionInProcess, useTestServer } from '@user-admin-pieces/common/testing';
import { customApiCallAction } from '../src/lib/actions/custom-api-call';
import { authProps, DOCS_USER_ID, staffUser, TOKEN, USER_ID } from './helpers';

const { server, url: baseUrl } = useTestServer();

describe('custom API call', () => {
  const call = (props: Record<string, unknown>) => runActionInProcess(customApiCallAction, authProps(baseUrl()), { method: 'GET', ...props });

  it('sends a relative path to the base URL with the token', async () => {
    server.reply(respond(200, [staffUser()]));
    const result = await call({ url: '/api/Users', queryParams: { page: '2' } });
    expect(result).toMatchObject({ status: 200, body: [staffUser()] });
    expect(server.requests[0]).toMatchObject({ method: 'GET', path: '/api/Users?page=2' });
    expect(server.requests[0].headers.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it('accepts an absolute URL under the base URL', async () => {
    server.reply(respond(200, staffUser()));
    await call({ url: `${baseUrl()}/api/Users/${USER_ID}` });
    expect(server.requests[0].path).toBe(`/api/Users/${USER_ID}`);
  });

  it.each(['https://attacker.example/api/Users', '//attacker.example/api/Users', 'http://127.0.0.1:1/api/Users'])(
    'refuses %s without a request, so the token goes nowhere else',
    async (url) => {
      const error = await rejection(call({ url }));
      expect(error).toMatchObject({ field: 'url' });
      expect(server.requests).toHaveLength(0);
    },
  );

  it('maps errors with the same wording as the actions', async () => {
    server.reply(respond(404, { title: 'Not Found', status: 404, detail: 'No user with the given ID exists.' }));
    const error = await rejection(call({ url: `/api/Users/${DOCS_USER_ID}` }));
    expect(error.summary).toBe(`No user with id ${DOCS_USER_ID} (404): No user with the given ID exists.`);
  });

  it('names the user without the query a typed URL carries', async () => {
    server.reply(respond(404, { title: 'Not Found', status: 404, detail: 'No user with the given ID exists.' }));
    const error = await rejection(call({ url: `/api/Users/${DOCS_USER_ID}?expand=roles` }));
    expect(error.summary).toBe(`No user with id ${DOCS_USER_ID} (404): No user with the given ID exists.`);
    expect(server.requests[0].path).toBe(`/api/Users/${DOCS_USER_ID}?expand=roles`);
  });

  it.each([
    [
      'with problem details',
      respond(404, { title: 'Not Found', status: 404, detail: 'No user with the given ID exists.' }),
      'No user with id %E0%A4%A (404): No user with the given ID exists.',
    ],
    [
      'without',
      htmlPage(404, ''),
      "Merchant staff API answered 404 for /api/Users/%E0%A4%A without problem details: either no user has id %E0%A4%A, or the base URL does not point at the API. Check the connection's base URL.",
    ],
  ])('a 404 for a path with a malformed escape (%s) is described with the path as typed, not a URIError', async (_name, responder, sentence) => {
    server.reply(responder);
    const error = await rejection(call({ url: '/api/Users/%E0%A4%A' }));
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 404, summary: sentence });
    expect(server.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /api/Users/%E0%A4%A']);
  });
});
