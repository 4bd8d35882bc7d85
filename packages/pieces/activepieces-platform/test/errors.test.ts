// What a flow builder reads when the Activepieces API refuses an update: one sentence per answer,
// with the status and the provider's code as properties, and never the key.
import { ApiError } from '@user-admin-pieces/common';
import { htmlPage, rejection, respond, Responder, runActionInProcess, useTestServer } from '@user-admin-pieces/common/testing';
import { updateUserAction } from '../src/lib/actions/update-user';
import { API_KEY, authProps, notAnApiSentence, userId } from './helpers';

const live = useTestServer();
const { server } = live;

const ID = userId(7);
const update = (propsValue: Record<string, unknown>) =>
  runActionInProcess(updateUserAction, authProps(`${live.url()}/api/v1`), { userId: ID, ...propsValue });

describe('update_user explains every API error', () => {
  const fail = (status: number, body: unknown) => respond(status, body, { 'retry-after': '0' });

  it.each<[string, Responder, number, string | undefined, () => string]>([
    [
      '404 ENTITY_NOT_FOUND',
      fail(404, { code: 'ENTITY_NOT_FOUND', params: { entityType: 'user', entityId: ID } }),
      404,
      'ENTITY_NOT_FOUND',
      () => `No user with id ${ID} on this platform.`,
    ],
    [
      '409 owner deactivation',
      fail(409, { code: 'VALIDATION', params: { message: 'Admin cannot be deactivated' } }),
      409,
      'VALIDATION',
      () =>
        'The platform owner cannot be deactivated. Activepieces refused the whole update, so nothing changed (not the role or external id either). Pick another user, or leave Status empty to change only the role or external id.',
    ],
    [
      '409 another refusal about the owner',
      fail(409, { code: 'VALIDATION', params: { message: 'Platform owner role cannot be changed' } }),
      409,
      'VALIDATION',
      () => 'Activepieces refused this change to the platform owner: Platform owner role cannot be changed. Nothing changed; pick another user.',
    ],
    [
      '409 another validation',
      fail(409, { code: 'VALIDATION', params: { message: 'Something else' } }),
      409,
      'VALIDATION',
      () => 'Activepieces refused the change: Something else.',
    ],
    [
      '402 FEATURE_DISABLED',
      fail(402, { code: 'FEATURE_DISABLED', params: { message: 'API Keys are not available' } }),
      402,
      'FEATURE_DISABLED',
      () => 'API keys need the Platform or Enterprise edition of Activepieces; this instance does not offer them.',
    ],
    [
      '402 QUOTA_EXCEEDED',
      fail(402, { code: 'QUOTA_EXCEEDED', params: { metric: 'users' } }),
      402,
      'QUOTA_EXCEEDED',
      () => 'The Activepieces plan limit (users) is reached. Raise the limit or free up usage, then run again.',
    ],
    [
      '401 AUTHENTICATION',
      fail(401, { code: 'AUTHENTICATION', params: { message: 'invalid api key' } }),
      401,
      'AUTHENTICATION',
      () => 'Activepieces rejected the API key. Check the key in the connection: it is a platform API key that starts with sk-.',
    ],
    [
      '401 INVALID_BEARER_TOKEN',
      fail(401, { code: 'INVALID_BEARER_TOKEN', params: {} }),
      401,
      'INVALID_BEARER_TOKEN',
      () => 'Activepieces rejected the API key. Check the key in the connection: it is a platform API key that starts with sk-.',
    ],
    [
      '403 AUTHORIZATION',
      fail(403, { code: 'AUTHORIZATION', params: {} }),
      403,
      'AUTHORIZATION',
      () => `Activepieces refused POST /v1/users/${ID} for this API key. API keys act as a platform admin, but not every endpoint accepts them.`,
    ],
    [
      '404 Fastify route not found',
      fail(404, { statusCode: 404, error: 'Not Found', message: 'Route not found' }),
      404,
      undefined,
      () => notAnApiSentence(`${live.url()}/api`, `it has no route POST /v1/users/${ID}`),
    ],
    [
      '404 web page',
      htmlPage(404, '<html><body><h1>404</h1><p>This page could not be found.</p></body></html>'),
      404,
      undefined,
      () => notAnApiSentence(`${live.url()}/api`, `it has no route POST /v1/users/${ID}: "404 This page could not be found."`),
    ],
    [
      '401 from a proxy asking for its own login',
      htmlPage(401, '<html><head><title>401 Authorization Required</title></head><body><center><h1>401 Authorization Required</h1></center><hr><center>nginx</center></body></html>'),
      401,
      undefined,
      () =>
        'Activepieces rejected the API key: "401 Authorization Required 401 Authorization Required nginx". Check the key in the connection: it is a platform API key that starts with sk-.',
    ],
    [
      '402 page',
      htmlPage(402, '<p>Payment Required</p>'),
      402,
      undefined,
      () => 'API keys need the Platform or Enterprise edition of Activepieces; this instance does not offer them: "Payment Required".',
    ],
    [
      '403 from a firewall',
      htmlPage(403, '<html><body><h1>Access denied</h1><p>Error 1020</p></body></html>'),
      403,
      undefined,
      () => `Activepieces refused POST /v1/users/${ID} for this API key: "Access denied Error 1020". API keys act as a platform admin, but not every endpoint accepts them.`,
    ],
    [
      '400 page',
      htmlPage(400, '<html><body><h1>400 Bad Request</h1>Request Header Or Cookie Too Large</body></html>'),
      400,
      undefined,
      () => 'Activepieces refused the request as invalid: "400 Bad Request Request Header Or Cookie Too Large". Check the values mapped into this step.',
    ],
    [
      '429 page with a long retry-after',
      htmlPage(429, '<h1>Too Many Requests</h1>', { 'retry-after': '60' }),
      429,
      undefined,
      () =>
        'Activepieces is rate limiting this API key: "Too Many Requests". Wait a minute, then run again. The server asked to wait 60 s before trying again, longer than the 30 s this step waits; run it again later.',
    ],
    [
      '400 FST_ERR_VALIDATION',
      fail(400, { statusCode: 400, code: 'FST_ERR_VALIDATION', error: 'Bad Request', message: 'body/status Invalid option: expected one of "ACTIVE"|"INACTIVE"' }),
      400,
      'FST_ERR_VALIDATION',
      () => 'Activepieces refused the request as invalid: body/status Invalid option: expected one of "ACTIVE"|"INACTIVE". Check the values mapped into this step.',
    ],
    [
      '429 with a long retry-after fails at once',
      respond(429, { statusCode: 429, error: 'Too Many Requests', message: 'Rate limit exceeded, retry in 1 minute' }, { 'retry-after': '60' }),
      429,
      undefined,
      () =>
        'Activepieces is rate limiting this API key: Rate limit exceeded, retry in 1 minute. Wait a minute, then run again. The server asked to wait 60 s before trying again, longer than the 30 s this step waits; run it again later.',
    ],
  ])('%s', async (_name, responder, status, code, sentence) => {
    server.reply(responder);
    const error = await rejection(update({ status: 'INACTIVE' }));
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status, summary: sentence() });
    // An unknown code is no property at all, so `util.inspect` shows no empty field.
    if (code === undefined) expect(error).not.toHaveProperty('code');
    else expect(error).toHaveProperty('code', code);
    expect(error.message).toBe(sentence());
    expect(error.message).not.toContain(API_KEY);
    expect(server.requests).toHaveLength(1);
  });

  it('never repeats the API key, even when the server echoes it', async () => {
    server.reply(fail(400, { statusCode: 400, code: 'FST_ERR_VALIDATION', error: 'Bad Request', message: `bad token ${API_KEY}` }));
    const error = await rejection(update({ status: 'INACTIVE' }));
    expect(error.summary).toBe('Activepieces refused the request as invalid: bad token [redacted]. Check the values mapped into this step.');
    expect(error.message).not.toContain(API_KEY);
    expect(JSON.stringify(error)).not.toContain(API_KEY);
  });
});
