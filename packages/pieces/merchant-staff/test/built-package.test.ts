// Loads the package the engine installs (the Nx test target builds it first) and drives it the
// way the engine does: find the Piece export, look the action up by name, run it.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { builtPieceDir, loadBuiltPiece, respond, runActionInProcess, useTestServer } from '@user-admin-pieces/common/testing';
import { authProps, bodyOf, DOCS_USER_ID, echoPut, staffUser } from './helpers';

const { server, url: baseUrl } = useTestServer();

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
