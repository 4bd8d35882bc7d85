import { ApiError } from '@user-admin-pieces/common';
import { builtPieceDir, htmlPage, loadBuiltPiece, rejection, respond, runActionInProcess, useTestServer } from '@user-admin-pieces/common/testing';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { merchantStaff } from '../src';
import { customApiCallAction } from '../src/lib/actions/custom-api-call';
import { merchantStaffAuth } from '../src/lib/auth';
import translation from '../src/i18n/translation.json';
import { authProps, bodyOf, DOCS_USER_ID, echoPut, staffUser, TOKEN, USER_ID } from './helpers';

const { server, url: baseUrl } = useTestServer();

describe('metadata', () => {
  const metadata = merchantStaff.metadata();

  it('describes the piece', () => {
    expect(metadata).toMatchObject({
      displayName: 'Merchant Staff',
      logoUrl: 'https://cdn.activepieces.com/pieces/store.png',
      minimumSupportedRelease: '0.82.0',
    });
    expect(Object.keys(metadata.actions)).toEqual(['update_user', 'custom_api_call']);
    expect(Object.keys(metadata.triggers)).toEqual([]);
  });

  it('offers update_user to people and to AI agents, as an idempotent action', () => {
    expect(metadata.actions['update_user'].audience).toBe('both');
    expect(metadata.actions['update_user'].aiMetadata).toMatchObject({ idempotent: true });
    expect(metadata.actions['custom_api_call'].audience).toBe('human');
  });

  it('has a CustomAuth with a required base URL without default and a secret token', () => {
    expect(metadata.auth).toMatchObject({ type: 'CUSTOM_AUTH', required: true });
    const props = (metadata.auth as { props: Record<string, { type: string; required: boolean; defaultValue?: unknown }> }).props;
    expect(Object.keys(props)).toEqual(['baseUrl', 'apiToken']);
    expect(props['baseUrl']).toMatchObject({ type: 'SHORT_TEXT', required: true });
    expect(props['baseUrl'].defaultValue).toBeUndefined();
    expect(props['apiToken']).toMatchObject({ type: 'SECRET_TEXT', required: true });
  });

  it('update_user has exactly the six props, with the exact dropdown options', () => {
    const props = metadata.actions['update_user'].props;
    expect(Object.keys(props)).toEqual(['userId', 'firstName', 'lastName', 'email', 'role', 'status']);
    expect(Object.fromEntries(Object.entries(props).map(([key, prop]) => [key, [prop.type, prop.required]]))).toEqual({
      userId: ['DROPDOWN', true],
      firstName: ['SHORT_TEXT', false],
      lastName: ['SHORT_TEXT', false],
      email: ['SHORT_TEXT', false],
      role: ['STATIC_DROPDOWN', false],
      status: ['STATIC_DROPDOWN', false],
    });
    expect(props['role']).toMatchObject({
      options: {
        options: [
          { label: 'Owner', value: 'Owner' },
          { label: 'Admin', value: 'Admin' },
          { label: 'Staff', value: 'Staff' },
          { label: 'Viewer', value: 'Viewer' },
        ],
      },
    });
    expect(props['status']).toMatchObject({
      options: {
        options: [
          { label: 'Active', value: 'ACTIVE' },
          { label: 'Inactive (revoke access)', value: 'INACTIVE' },
        ],
      },
    });
  });

  it('the translation file covers every name and description shown to a flow builder', () => {
    const texts = [metadata.displayName, metadata.description, merchantStaffAuth.displayName, merchantStaffAuth.description];
    for (const prop of Object.values(merchantStaffAuth.props)) texts.push(prop.displayName, prop.description);
    for (const action of Object.values(metadata.actions)) {
      texts.push(action.displayName, action.description);
      for (const prop of Object.values(action.props)) texts.push(prop.displayName, prop.description);
    }
    const keys = Object.keys(translation);
    const missing = texts.filter((text): text is string => typeof text === 'string' && !keys.includes(text));
    expect(missing).toEqual([]);
  });
});

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

describe('the built package', () => {
  const pieceDir = join(__dirname, '..');
  const distDir = builtPieceDir(pieceDir);

  it('ships package.json, the bundle and the translation file', () => {
    const manifest = JSON.parse(readFileSync(join(distDir, 'package.json'), 'utf8'));
    expect(manifest).toMatchObject({ name: '@user-admin-pieces/piece-merchant-staff', main: 'src/index.js', dependencies: {} });
    expect(existsSync(join(distDir, 'src/i18n/translation.json'))).toBe(true);
  });

  it('runs update_user from the bundle: a status change reads, merges and writes', async () => {
    const action = loadBuiltPiece(pieceDir).getAction('update_user');
    if (action === undefined) throw new Error('update_user is missing from the built piece');
    server.reply(respond(200, staffUser({ id: DOCS_USER_ID }), { etag: '"7"' }), echoPut());

    const result = await runActionInProcess(action, authProps(baseUrl()), { userId: DOCS_USER_ID, status: 'INACTIVE' });

    expect(server.requests.map((r) => `${r.method} ${r.path}`)).toEqual([`GET /api/Users/${DOCS_USER_ID}`, `PUT /api/Users/${DOCS_USER_ID}`]);
    expect(server.requests[1].headers['if-match']).toBe('"7"');
    expect(bodyOf(server.requests[1])).toEqual({
      id: DOCS_USER_ID,
      firstName: 'Jane',
      lastName: 'Doe',
      email: 'jane@shop.example',
      role: 'Staff',
      isActive: false,
    });
    expect(result).toMatchObject({ id: DOCS_USER_ID, isActive: false });
  });

  it('refuses bad input from the bundle with the same sentence and no request', async () => {
    const action = loadBuiltPiece(pieceDir).getAction('update_user');
    if (action === undefined) throw new Error('update_user is missing from the built piece');
    const error = await runActionInProcess(action, authProps(baseUrl()), { userId: 'nope', status: 'ACTIVE' }).catch((e: unknown) => e);
    // The bundle carries its own copy of the error classes, so compare by what the engine shows.
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toBe('User id "nope" is not a GUID (8-4-4-4-12 hexadecimal digits, e.g. 2489E9AD-2EE2-8E00-8EC9-32D5F69181C0).');
    expect(error).toMatchObject({ name: 'InputError', field: 'userId' });
    expect(server.requests).toHaveLength(0);
  });
});
