// Loads the package the engine installs (the Nx test target builds it first) and drives it the
// way the engine does: find the Piece export, look the action up by name, run it.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { builtPieceDir, loadBuiltPiece, respond, runActionInProcess, useTestServer } from '@user-admin-pieces/common/testing';
import { authProps, bodyOf, DOCS_USER_ID, echoPut, staffUser, usePieceChild } from './helpers';

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
    expect((error as Error).message).toBe(
      'User "nope" is neither a user id (a GUID: 8-4-4-4-12 hexadecimal digits, e.g. 2489E9AD-2EE2-8E00-8EC9-32D5F69181C0) nor an email address.',
    );
    expect(error).toMatchObject({ name: 'InputError', field: 'userId' });
    expect(server.requests).toHaveLength(0);
  });
});

describe('update_user in the engine\'s child process (the runner\'s piece child, bundled here)', () => {
  const runChild = usePieceChild();
  const run = (input: Record<string, unknown>) => runChild('update_user', input, authProps(baseUrl()));

  it('a preview (the checkbox as the engine passes it) answers the user as read plus change, and writes nothing', async () => {
    const user = staffUser({ id: DOCS_USER_ID });
    server.reply(respond(200, user, { 'x-request-id': 'trace-1' }));

    const outcome = await run({ userId: DOCS_USER_ID, status: 'INACTIVE', previewOnly: 'true' });

    expect(server.requests.map((r) => r.method)).toEqual(['GET']);
    expect(outcome).toMatchObject({ ok: true });
    expect(outcome.ok && outcome.value).toEqual({
      ...user,
      change: {
        applied: false,
        preview: true,
        fields: [{ field: 'isActive', from: true, to: false }],
        summary: 'Would change status ACTIVE → INACTIVE for Jane Doe',
        audit: { at: expect.any(String), action: 'merchant-staff/update_user', target: DOCS_USER_ID, requestIds: ['trace-1'], attempts: 1 },
      },
    });
  });

  it('a real run answers the user as the PUT did plus change; run again, it reports nothing to change', async () => {
    let stored = staffUser({ id: DOCS_USER_ID });
    server.always((req, res) => {
      if (req.method === 'PUT') stored = { ...stored, ...(bodyOf(req) as object) };
      respond(200, stored, { 'x-request-id': `trace-${server.requests.length}` })(req, res);
    });

    const first = await run({ userId: DOCS_USER_ID, status: 'INACTIVE' });
    const second = await run({ userId: DOCS_USER_ID, status: 'INACTIVE' });

    expect(server.requests.map((r) => r.method)).toEqual(['GET', 'PUT', 'GET']);
    expect(first.ok && first.value).toEqual({
      ...stored,
      change: {
        applied: true,
        preview: false,
        fields: [{ field: 'isActive', from: true, to: false }],
        summary: 'Deactivated Jane Doe',
        audit: { at: expect.any(String), action: 'merchant-staff/update_user', target: DOCS_USER_ID, requestIds: ['trace-1', 'trace-2'], attempts: 2 },
      },
    });
    expect(second.ok && second.value).toMatchObject({
      isActive: false,
      change: { applied: false, preview: false, fields: [], summary: 'Nothing to change: already inactive' },
    });
  });
});

