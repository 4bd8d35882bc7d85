// What a flow builder reads when the merchant API refuses an update: the problem details' words
// after our own sentence, and never the token. Every update reads the user first, so each PUT
// refusal here comes after a GET that answered the user (READ).
import { htmlPage, rejection, respond, Responder, runActionInProcess, useTestServer } from '@user-admin-pieces/common/testing';
import { updateUserAction } from '../src/lib/actions/update-user';
import { authProps, DOCS_USER_ID, staffUser, TOKEN, USER_ID } from './helpers';

const { server, url: baseUrl } = useTestServer();

const READ = respond(200, staffUser());
const FULL = { firstName: 'Janet', lastName: 'Smith', email: 'janet@shop.example', role: 'Admin', status: 'INACTIVE' };

function update(propsValue: Record<string, unknown>) {
  return runActionInProcess(updateUserAction, authProps(baseUrl()), { userId: USER_ID, ...propsValue });
}

describe('update_user: error mapping', () => {
  it('400 lists every field message from `errors`', async () => {
    server.reply(
      READ,
      respond(400, {
        type: 'https://tools.ietf.org/html/rfc9110#section-15.5.1',
        title: 'One or more validation errors occurred.',
        status: 400,
        errors: {
          Email: ['A staff user with this email already exists.'],
          '$.firstName': ['The field FirstName must be a string with a maximum length of 100', 'It is odd'],
        },
      }),
    );
    const error = await rejection(update(FULL));
    expect(error.summary).toBe(
      'Validation failed — Email: A staff user with this email already exists. firstName: The field FirstName must be a string with a maximum length of 100. firstName: It is odd.',
    );
    expect(error.message).toBe(error.summary);
    expect(error).toMatchObject({ status: 400 });
  });

  const PUT_FAILURES: [string, Responder, string][] = [
    [
      '400 with the exact sentence of the issue',
      respond(400, { errors: { Email: ['A staff user with this email already exists.'] } }),
      'Validation failed — Email: A staff user with this email already exists.',
    ],
    [
      '400 without field errors uses the problem detail',
      respond(400, { title: 'Bad Request', detail: 'The id in the body does not match the route' }),
      'Validation failed — The id in the body does not match the route.',
    ],
    [
      '401: the token was rejected',
      htmlPage(401, ''),
      'The API token was rejected (401). Check the token in the connection, or create a new one.',
    ],
    [
      '401 uses the problem detail',
      respond(401, { title: 'Unauthorized', status: 401, detail: 'The token expired on 2025-01-01.' }),
      'The API token was rejected (401): The token expired on 2025-01-01. Check the token in the connection, or create a new one.',
    ],
    [
      '401 falls back to the problem title',
      respond(401, { title: 'Token revoked', status: 401 }),
      'The API token was rejected (401): Token revoked. Check the token in the connection, or create a new one.',
    ],
    [
      '403 uses the problem detail',
      respond(403, { title: 'Forbidden', detail: 'Only owners may manage staff.' }),
      "The token's role may not manage staff users (403): Only owners may manage staff.",
    ],
    ['403 falls back to the problem title', respond(403, { title: 'Forbidden' }), "The token's role may not manage staff users (403): Forbidden."],
    ['403 without a body', htmlPage(403, ''), "The token's role may not manage staff users (403)."],
    [
      '418 with an HTML body gives the status and an excerpt',
      htmlPage(418, '<html><body><p>I am a teapot</p></body></html>'),
      'Merchant staff API answered 418 (an error): "I am a teapot".',
    ],
  ];

  it.each(PUT_FAILURES)('%s', async (_name, responder, sentence) => {
    server.reply(READ, responder);
    const error = await rejection(update(FULL));
    expect(error.summary).toBe(sentence);
    expect(server.requests.map((r) => r.method)).toEqual(['GET', 'PUT']);
  });

  it('PUT 404 with problem details: no user with id X, with the API\'s detail', async () => {
    server.reply(respond(200, staffUser({ id: DOCS_USER_ID })), respond(404, { title: 'Not Found', status: 404, detail: 'No user with the given ID exists.' }));
    const error = await rejection(update({ ...FULL, userId: DOCS_USER_ID }));
    expect(error.summary).toBe(`No user with id ${DOCS_USER_ID} (404): No user with the given ID exists.`);
    expect(error).toMatchObject({ status: 404, code: 'USER_NOT_FOUND' });
    expect(server.requests.map((r) => r.method)).toEqual(['GET', 'PUT']);
  });

  it('PUT 404 with only a problem title uses the title', async () => {
    server.reply(READ, respond(404, { type: 'https://tools.ietf.org/html/rfc9110#section-15.5.5', title: 'Not Found', status: 404 }));
    const error = await rejection(update(FULL));
    expect(error.summary).toBe(`No user with id ${USER_ID} (404): Not Found.`);
    expect(error).toMatchObject({ code: 'USER_NOT_FOUND' });
  });

  it('PUT 404 with another framework\'s JSON is not taken for "no such user"', async () => {
    server.reply(READ, respond(404, { message: `Route PUT:/api/Users/${USER_ID} not found`, error: 'Not Found', statusCode: 404 }));
    const error = await rejection(update(FULL));
    expect(error.summary).toBe(
      `Merchant staff API answered 404 for /api/Users/${USER_ID} without problem details: either no user has id ${USER_ID}, or the base URL does not point at the API. Check the connection's base URL.`,
    );
    expect(error).toMatchObject({ status: 404 });
    expect(error).not.toHaveProperty('code');
  });

  it('404 without problem details may also be a wrong base URL, and says so', async () => {
    server.reply(READ, htmlPage(404, '<html><body><h1>404 Not Found</h1>nginx</body></html>'));
    const error = await rejection(update(FULL));
    expect(error.summary).toBe(
      `Merchant staff API answered 404 for /api/Users/${USER_ID} without problem details: either no user has id ${USER_ID}, or the base URL does not point at the API. Check the connection's base URL.`,
    );
  });

  it('429 with a Retry-After longer than 30 s fails at once with a hint', async () => {
    server.reply(READ, respond(429, {}, { 'retry-after': '120' }));
    const error = await rejection(update(FULL));
    expect(error.summary).toBe(
      'Merchant staff API answered 429 (too many requests). The API is limiting requests; wait a moment and run the step again. The server asked to wait 120 s before trying again, longer than the 30 s this step waits; run it again later.',
    );
    expect(server.requests.map((r) => r.method)).toEqual(['GET', 'PUT']);
  });

  it('an HTML 502 gives the status and an excerpt of the page', async () => {
    const page = '<html><head><title>x</title></head><body><h1>502 Bad Gateway</h1></body></html>';
    server.reply(READ).always(htmlPage(502, page, { 'retry-after': '0' }));
    const error = await rejection(update(FULL));
    expect(error.summary).toBe(
      'Merchant staff API answered 502 (bad gateway): "x 502 Bad Gateway". The server had a problem; run the step again later.',
    );
  });

  it('never shows the token, even when the server echoes it back', async () => {
    const leaks = [
      respond(400, { errors: { Token: [`Token ${TOKEN} is malformed.`] } }),
      respond(403, { detail: `Token ${TOKEN} may not do this.` }),
      htmlPage(401, `<p>Bearer ${TOKEN}</p>`),
      htmlPage(418, `<p>Bearer ${TOKEN}</p>`),
    ];
    for (const leak of leaks) {
      server.reply(READ, leak);
      const error = await rejection(update(FULL));
      expect(error.message).not.toContain(TOKEN);
      expect(error.summary).not.toContain(TOKEN);
      expect(JSON.stringify(error)).not.toContain(TOKEN);
    }
  });
});
