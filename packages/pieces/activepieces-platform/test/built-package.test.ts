// Loads the package the engine installs (the Nx test target builds it first) and drives it the
// way the engine does: find the Piece export, look the action up by name, run it.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { builtPieceDir, json, loadBuiltPiece, respond, runActionInProcess, runInPieceProcess, useTestServer } from '@user-admin-pieces/common/testing';
import { activepiecesPlatform } from '../src';
import { API_KEY, authProps, pagedUsers, pathOf, user, userId } from './helpers';

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
    // The same actions as the source (metadata.test.ts pins the list), so nothing is lost in bundling.
    expect(Object.keys(piece.actions())).toEqual(Object.keys(activepiecesPlatform.metadata().actions));
    expect(Object.keys(piece.actions())).toHaveLength(13);
  });

  it('runs update_user against the API', async () => {
    const action = loadBuiltPiece(pieceDir).getAction('update_user');
    if (action === undefined) throw new Error('update_user is missing from the built piece');
    const answer = user(3, { status: 'INACTIVE' });
    server.reply(respond(200, answer));

    const result = await runActionInProcess(action, authProps(`${live.url()}/api/v1`), { userId: userId(3), status: 'inactive' });

    expect(result).toStrictEqual({
      ...answer,
      change: {
        applied: true,
        preview: false,
        fields: [{ field: 'status', to: 'INACTIVE' }],
        summary: 'Set status INACTIVE',
        audit: { at: expect.any(String), action: 'activepieces-platform/update_user', target: userId(3), requestIds: [], attempts: 1 },
      },
    });
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
    expect((outcome as Error).message).toBe(
      'The platform owner cannot be deactivated. Activepieces refused the whole update, so nothing changed (not the role or external id either). Pick another user, or leave Status empty to change only the role or external id.',
    );
    expect(outcome).toMatchObject({ name: 'ApiError', status: 409, code: 'VALIDATION' });
  });
});

describe('update_user in the engine\'s child process (props processed as the engine does, the output sent back over IPC)', () => {
  // The runner's piece child, bundled here from its source: this project's tests do not wait for the runner's build.
  let workDir: string;
  let childScript: string;
  beforeAll(() => {
    workDir = mkdtempSync(join(tmpdir(), 'ap-child-'));
    execFileSync('node', ['tools/runner/bundle.mjs', workDir], { cwd: join(pieceDir, '../../..'), stdio: 'ignore' });
    childScript = join(workDir, 'piece-child.js');
  }, 60_000);
  afterAll(() => rmSync(workDir, { recursive: true, force: true }));

  const runInChild = async (input: Record<string, unknown>) => {
    const outcome = await runInPieceProcess(
      distDir,
      { kind: 'action', actionName: 'update_user', input, auth: { ...authProps(`${live.url()}/api/v1`) } },
      { childScript, network: 'unrestricted', onOutput: () => undefined, timeoutMs: 30_000 },
    );
    if (!outcome.ok) throw outcome.error;
    return outcome.value;
  };

  it('a preview ("true" from a mapping becomes a checkbox true): the user as read and the change, from reads only', async () => {
    const list = pagedUsers([user(1, { platformRole: 'ADMIN' }), user(3)]);
    server.always((request, response) => {
      response.setHeader('x-request-id', `req-${server.requests.length}`);
      if (pathOf(request) === '/api/v1/users') return list(request, response);
      json(response, 200, { id: 'plat0000000000000001x', ownerId: userId(1) });
    });

    const output = await runInChild({ userId: userId(3), status: 'INACTIVE', platformRole: 'MEMBER', previewOnly: 'true' });

    expect(output).toStrictEqual({
      ...user(3),
      change: {
        applied: false,
        preview: true,
        fields: [{ field: 'status', from: 'ACTIVE', to: 'INACTIVE' }],
        summary: 'Would change status ACTIVE → INACTIVE; platform role is already MEMBER',
        audit: { at: expect.any(String), action: 'activepieces-platform/update_user', target: userId(3), requestIds: ['req-1', 'req-2'], attempts: 2 },
      },
    });
    expect(server.requests.map((request) => request.method)).toEqual(['GET', 'GET']);
  });

  it('a real run: the user as the API answered and the change, from one POST', async () => {
    server.reply(respond(200, user(3, { status: 'INACTIVE' }), { 'x-request-id': 'req-post' }));

    const output = await runInChild({ userId: userId(3), status: 'INACTIVE', previewOnly: false });

    expect(output).toStrictEqual({
      ...user(3, { status: 'INACTIVE' }),
      change: {
        applied: true,
        preview: false,
        fields: [{ field: 'status', to: 'INACTIVE' }],
        summary: 'Set status INACTIVE',
        audit: { at: expect.any(String), action: 'activepieces-platform/update_user', target: userId(3), requestIds: ['req-post'], attempts: 1 },
      },
    });
    expect(server.requests.map((request) => request.method)).toEqual(['POST']);
  });
});
