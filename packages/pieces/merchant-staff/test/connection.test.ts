import { json, respond, TestServer } from '@user-admin-pieces/common/testing';
import { updateUserAction } from '../src/lib/actions/update-user';
import { merchantStaffAuth } from '../src/lib/auth';
import { MerchantStaffAuthProps } from '../src/lib/common/client';
import { authProps, connectionValue, propertyContext, respondText, TOKEN, useTestServer } from './helpers';

const { server, baseUrl } = useTestServer();

const EMPTY_GUID = '00000000-0000-0000-0000-000000000000';

function validate(props: MerchantStaffAuthProps) {
  const check = merchantStaffAuth.validate;
  if (check === undefined) throw new Error('the auth has no validate');
  return check({ auth: props, server: { apiUrl: 'http://localhost:3000/api/', publicUrl: 'http://localhost:3000/' } });
}

describe('connection validate', () => {
  it('404 with problem details for the empty GUID: the token was accepted', async () => {
    server.reply(respond(404, { title: 'Not Found', status: 404 }));
    await expect(validate(authProps(`${baseUrl()}/api/`))).resolves.toEqual({ valid: true });
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]).toMatchObject({ method: 'GET', path: `/api/Users/${EMPTY_GUID}`, body: '' });
    expect(server.requests[0].headers.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it('200: valid', async () => {
    server.reply(respond(200, { id: EMPTY_GUID }));
    await expect(validate(authProps(baseUrl()))).resolves.toEqual({ valid: true });
  });

  it('401: the token was rejected', async () => {
    server.reply(respond(401, {}));
    await expect(validate(authProps(baseUrl(), 'wrong-token'))).resolves.toEqual({
      valid: false,
      error: 'The API token was rejected (401). Check the token in the connection, or create a new one.',
    });
  });

  it('403: the role may not manage staff users', async () => {
    server.reply(respond(403, { title: 'Forbidden', detail: 'Viewers cannot manage staff.' }));
    await expect(validate(authProps(baseUrl()))).resolves.toEqual({
      valid: false,
      error: "The token's role may not manage staff users (403): Viewers cannot manage staff.",
    });
  });

  it.each([405, 501])('%i: the deployment cannot tell, so the connection is accepted', async (status) => {
    server.reply(respondText(status, ''));
    await expect(validate(authProps(baseUrl()))).resolves.toEqual({ valid: true });
    expect(server.requests).toHaveLength(1);
  });

  it('404 without problem details: probably not the API', async () => {
    server.reply(respondText(404, '<h1>Not Found</h1>'));
    await expect(validate(authProps(`${baseUrl()}/shop`))).resolves.toEqual({
      valid: false,
      error: `Merchant staff API answered 404 for /api/Users/${EMPTY_GUID} without problem details: either no user has id ${EMPTY_GUID}, or the base URL does not point at the API. Check the connection's base URL.`,
    });
    expect(server.requests[0].path).toBe(`/shop/api/Users/${EMPTY_GUID}`);
  });

  it('a redirect is not followed', async () => {
    server.reply((_req, res) => {
      res.writeHead(301, { location: 'https://elsewhere.example/' });
      res.end();
    });
    await expect(validate(authProps(baseUrl()))).resolves.toEqual({
      valid: false,
      error: "Merchant staff API redirected the request (301) to https://elsewhere.example/. Put the final address in the connection's base URL.",
    });
  });

  it('an unreachable host: invalid, naming the host, never throwing', async () => {
    const closed = new TestServer();
    const closedUrl = await closed.start();
    await closed.stop();
    const result = await validate(authProps(closedUrl));
    expect(result).toEqual({
      valid: false,
      error: `Could not connect to ${new URL(closedUrl).host}: the connection was refused. Check the base URL and that the server is running.`,
    });
  });

  it.each([
    ['', 'The base URL is empty. Set it in the connection, e.g. https://host.example.com'],
    ['shop.example.com', 'The base URL "shop.example.com" is not a valid URL. It must start with https://'],
    ['http://shop.example.com', 'The base URL must use https:// (got http://shop.example.com). Plain http:// is only allowed for localhost, 127.x.x.x and [::1].'],
  ])('a bad base URL %j: invalid without a request', async (raw, error) => {
    await expect(validate(authProps(raw))).resolves.toEqual({ valid: false, error });
    expect(server.requests).toHaveLength(0);
  });
});

describe('userId dropdown', () => {
  const options = (props?: MerchantStaffAuthProps) =>
    updateUserAction.props.userId.options({ auth: props && connectionValue(props) }, propertyContext);

  it('asks to connect first when there is no connection, without a request', async () => {
    await expect(options()).resolves.toEqual({ disabled: true, options: [], placeholder: 'Connect your account first' });
    expect(server.requests).toHaveLength(0);
  });

  it('lists users from GET /api/Users as First Last <email>', async () => {
    server.reply(
      respond(200, {
        items: [
          { id: 'a1', firstName: 'Jane', lastName: 'Doe', email: 'jane@shop.example' },
          { id: 'b2', firstName: 'Bob', lastName: 'Stone', email: 'bob@shop.example' },
        ],
      }),
    );
    await expect(options(authProps(baseUrl()))).resolves.toEqual({
      disabled: false,
      options: [
        { label: 'Jane Doe <jane@shop.example>', value: 'a1' },
        { label: 'Bob Stone <bob@shop.example>', value: 'b2' },
      ],
    });
    expect(server.requests[0]).toMatchObject({ method: 'GET', path: '/api/Users' });
    expect(server.requests[0].headers.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it('an empty list says so', async () => {
    server.reply(respond(200, []));
    await expect(options(authProps(baseUrl()))).resolves.toEqual({ disabled: false, options: [], placeholder: 'No staff users found' });
  });

  it.each([404, 405, 501])('%i: this deployment does not list users', async (status) => {
    server.reply(respondText(status, ''));
    await expect(options(authProps(baseUrl()))).resolves.toEqual({
      disabled: true,
      options: [],
      placeholder: 'This deployment does not list users; map a user id from an earlier step',
    });
  });

  it('an unknown shape: disabled with a reason', async () => {
    server.reply((_req, res) => json(res, 200, { users: [] }));
    await expect(options(authProps(baseUrl()))).resolves.toEqual({
      disabled: true,
      options: [],
      placeholder: 'The user list came back in a shape this piece does not know; map a user id from an earlier step',
    });
  });

  it('401: disabled with the mapped reason, never throwing', async () => {
    server.reply(respond(401, {}));
    await expect(options(authProps(baseUrl()))).resolves.toEqual({
      disabled: true,
      options: [],
      placeholder: 'The API token was rejected (401). Check the token in the connection, or create a new one.',
    });
  });

  it('a bad base URL: disabled with the reason, without a request', async () => {
    await expect(options(authProps('ftp://shop.example.com'))).resolves.toEqual({
      disabled: true,
      options: [],
      placeholder: 'The base URL must use https:// (got ftp://).',
    });
    expect(server.requests).toHaveLength(0);
  });
});
