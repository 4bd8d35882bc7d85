// Loads the package the engine installs (the Nx test target builds it first) and drives it the
// way the engine does: find the Piece export, look the action up by name, run it.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { builtPieceDir, loadBuiltPiece, respond, runActionInProcess, useTestServer } from '@user-admin-pieces/common/testing';
import { API_KEY, authProps, pathOf, user, userId } from './helpers';

const pieceDir = join(__dirname, '..');
const distDir = builtPieceDir(pieceDir);

const live = useTestServer();
const { server } = live;

describe('the built package', () => {
  it('has the package.json, the bundle and the translations the engine reads', () => {
    const manifest = JSON.parse(readFileSync(join(distDir, 'package.json'), 'utf8'));
    expect(manifest).toMatchObject({ name: '@user-admin-pieces/piece-activepieces-platform', main: 'src/index.js', dependencies: {} });
    expect(existsSync(join(distDir, 'src/i18n/translation.json'))).toBe(true);
    expect(existsSync(join(distDir, 'src/i18n/de.json'))).toBe(true);
  });

  it('exports the piece with its actions', () => {
    const piece = loadBuiltPiece(pieceDir);
    expect(piece.displayName).toBe('Activepieces Platform');
    expect(piece.minimumSupportedRelease).toBe('0.82.0');
    expect(Object.keys(piece.actions())).toEqual(['update_user', 'find_user', 'custom_api_call']);
  });

  it('runs update_user against the API', async () => {
    const action = loadBuiltPiece(pieceDir).getAction('update_user');
    if (action === undefined) throw new Error('update_user is missing from the built piece');
    const answer = user(3, { status: 'INACTIVE' });
    server.reply(respond(200, answer));

    const result = await runActionInProcess(action, authProps(`${live.url()}/api/v1`), { userId: userId(3), status: 'inactive' });

    expect(result).toStrictEqual(answer);
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0].method).toBe('POST');
    expect(pathOf(server.requests[0])).toBe(`/api/v1/users/${userId(3)}`);
    expect(server.requests[0].headers.authorization).toBe(`Bearer ${API_KEY}`);
    expect(server.requests[0].body).toBe('{"status":"INACTIVE"}');
  });

  it('fails with a sentence the engine can show, and the status and code as properties', async () => {
    const action = loadBuiltPiece(pieceDir).getAction('update_user');
    if (action === undefined) throw new Error('update_user is missing from the built piece');
    server.reply(respond(409, { code: 'VALIDATION', params: { message: 'Admin cannot be deactivated' } }));

    const outcome = await runActionInProcess(action, authProps(live.url()), { userId: userId(1), status: 'INACTIVE' }).catch(
      (error: Error) => error,
    );

    expect(outcome).toBeInstanceOf(Error);
    expect((outcome as Error).message).toBe('The platform owner cannot be deactivated. Pick another user.');
    expect(outcome).toMatchObject({ name: 'ApiError', status: 409, code: 'VALIDATION' });
  });
});
