// Delete User against a stateful fake of the admin API: confirmation, the owner refused before the
// DELETE, preview, a re-run that finds the user gone, and the engine's child process.
import { InputError } from '@user-admin-pieces/common';
import { json, rejection, runActionInProcess, useTestServer } from '@user-admin-pieces/common/testing';
import { ActivepiecesSandbox, AP_MEMBER_ID, AP_MEMBER_PERSONAL_PROJECT_ID, AP_OWNER_ID, startActivepiecesSandbox } from '@user-admin-pieces/sandbox';
import { deleteUserAction, DeleteUserResult } from '../src/lib/actions/delete-user';
import { useEngineChild } from './engine-child';
import { authProps, user, userId, users } from './helpers';
import { PLATFORM_ID, PlatformState, requestLine, servePlatform, writesOf } from './platform-fake';

const live = useTestServer();
const { server } = live;
const runInChild = useEngineChild();

const GRACE = userId(7);

function platform(): PlatformState {
  const all = users(8);
  all[0] = user(1, { platformRole: 'ADMIN' });
  all[6] = user(7, { externalId: 'hr-7' });
  return { users: all, ownerId: userId(1), invitations: [], projects: [], members: [] };
}

const remove = (propsValue: Record<string, unknown>) =>
  runActionInProcess(deleteUserAction, authProps(`${live.url()}/api/v1`), propsValue) as Promise<DeleteUserResult>;

const CONSEQUENCE =
  'On a self-hosted Activepieces this deletes the user together with their personal project: its flows and connections are gone for good. On Activepieces Cloud it removes the user from the platform and ends their sessions (recent versions also delete their personal project there).';

const audit = (target: string, requests: number) => ({
  at: expect.any(String),
  action: 'activepieces-platform/delete_user',
  target,
  requestIds: Array.from({ length: requests }, (_, i) => `req-${i + 1}`),
  attempts: requests,
});

describe('delete_user', () => {
  it('finds the user, checks the owner, then sends one DELETE; the server no longer has them', async () => {
    const state = platform();
    servePlatform(server, state);

    const output = await remove({ externalId: 'hr-7', confirmDeletion: true });

    expect(server.requests.map(requestLine)).toEqual([
      'GET /api/v1/users?limit=100&externalId=hr-7',
      `GET /api/v1/platforms/${PLATFORM_ID}`,
      `DELETE /api/v1/users/${GRACE}`,
    ]);
    expect(server.requests[2].body).toBe('');
    expect(state.users.map((kept) => kept.id)).not.toContain(GRACE);
    expect(output).toStrictEqual({
      user: user(7, { externalId: 'hr-7' }),
      deleted: true,
      change: {
        applied: true,
        preview: false,
        fields: [{ field: 'deleted', from: false, to: true }],
        summary: 'Deleted First7 Last7 <person7@example.com>',
        audit: audit(GRACE, 3),
      },
    });
  });

  it('a second run finds the user gone and says so, sending nothing', async () => {
    const state = platform();
    servePlatform(server, state);
    await remove({ email: 'person7@example.com', confirmDeletion: true });
    server.requests.length = 0;

    const again = await remove({ email: 'person7@example.com', confirmDeletion: true });

    expect(writesOf(server.requests)).toEqual([]);
    expect(again).toStrictEqual({
      user: null,
      deleted: false,
      change: {
        applied: false,
        preview: false,
        fields: [],
        summary: 'No user with email person7@example.com on this platform: already deleted, or never on this platform. Nothing was sent',
        audit: audit('email person7@example.com', 1),
      },
    });
  });

  it('a user deleted by someone else between the read and the DELETE is reported as already deleted', async () => {
    const state = platform();
    servePlatform(server, state, {
      [`DELETE /v1/users/${GRACE}`]: (_request, response) => json(response, 404, { code: 'ENTITY_NOT_FOUND', params: { entityType: 'user', entityId: GRACE } }),
    });

    const output = await remove({ userId: GRACE, confirmDeletion: true });

    expect(output.deleted).toBe(false);
    expect(output.change).toMatchObject({
      applied: false,
      fields: [],
      summary: 'First7 Last7 <person7@example.com> was already deleted: Activepieces answered that it no longer knows them',
    });
  });

  it.each([false, true])('refuses the platform owner before the DELETE (previewOnly %p)', async (previewOnly) => {
    servePlatform(server, platform());

    const error = await rejection(remove({ userId: userId(1), confirmDeletion: true, previewOnly }));

    expect(error).toBeInstanceOf(InputError);
    expect(error).toMatchObject({
      field: 'userId',
      summary:
        'First1 Last1 <person1@example.com> is the platform owner, and Activepieces does not let anyone delete the platform owner. Nothing was deleted; pick another user.',
    });
    expect(writesOf(server.requests)).toEqual([]);
  });

  it('Preview only reads and reports what it would delete', async () => {
    const state = platform();
    servePlatform(server, state);

    const output = await remove({ userId: GRACE, confirmDeletion: true, previewOnly: true });

    expect(writesOf(server.requests)).toEqual([]);
    expect(state.users).toHaveLength(8);
    expect(output).toStrictEqual({
      user: user(7, { externalId: 'hr-7' }),
      deleted: false,
      change: {
        applied: false,
        preview: true,
        fields: [{ field: 'deleted', from: false, to: true }],
        summary: 'Would delete First7 Last7 <person7@example.com>',
        audit: audit(GRACE, 2),
      },
    });
  });

  it.each([
    [{ userId: GRACE }, 'confirmDeletion', `Turn on Confirm deletion to delete a user. ${CONSEQUENCE} Nothing was sent.`],
    [{ userId: GRACE, confirmDeletion: false, previewOnly: true }, 'confirmDeletion', `Turn on Confirm deletion to delete a user. ${CONSEQUENCE} Nothing was sent.`],
    [{ confirmDeletion: true }, 'userId, email, externalId', 'Give exactly one of userId, email or externalId.'],
    [{ email: 'a@example.com', externalId: 'hr-1', confirmDeletion: true }, 'userId, email, externalId', 'Give exactly one of userId, email or externalId.'],
    [{ userId: 2 ** 70, confirmDeletion: true }, 'userId', 'userId must be text, not a number: a 21-digit id loses digits as a number. Map the user id as text, e.g. the id Find User returns.'],
  ])('refuses %p before any request', async (props, field, summary) => {
    const error = await rejection(remove(props));
    expect(error).toBeInstanceOf(InputError);
    expect(error).toMatchObject({ field, summary });
    expect(server.requests).toHaveLength(0);
  });

  it('says its consequences in its description', () => {
    expect(deleteUserAction.description).toContain('On a self-hosted Activepieces this deletes the user together with their personal project');
    expect(deleteUserAction.description).toContain('use Offboard User');
  });

  it("runs in the engine's child process: the \"true\" a mapping sends confirms, and the user is gone", async () => {
    const state = platform();
    servePlatform(server, state);

    const outcome = await runInChild('delete_user', live.url, { userId: GRACE, confirmDeletion: 'true' });

    expect(outcome.ok).toBe(true);
    expect(outcome.ok && (outcome.value as DeleteUserResult).deleted).toBe(true);
    expect(state.users.map((kept) => kept.id)).not.toContain(GRACE);
  });

  it("refuses without confirmation in the engine's child process, before any request", async () => {
    const outcome = await runInChild('delete_user', live.url, { userId: GRACE, confirmDeletion: 'false' });
    expect(outcome.ok).toBe(false);
    expect(!outcome.ok && outcome.error).toMatchObject({ name: 'InputError', field: 'confirmDeletion' });
    expect(server.requests).toHaveLength(0);
  });
});

describe.each(['self-hosted', 'cloud'] as const)('delete_user against the %s sandbox: what the fake Activepieces stored', (deployment) => {
  let sandbox: ActivepiecesSandbox;
  beforeAll(async () => {
    sandbox = await startActivepiecesSandbox({ deployment });
  });
  afterEach(() => sandbox.reset());
  afterAll(() => sandbox.close());

  const run = (props: Record<string, unknown>) =>
    runActionInProcess(deleteUserAction, authProps(sandbox.baseUrl, sandbox.apiKey), props) as Promise<DeleteUserResult>;

  it('deletes Grace (found by email) with one DELETE; a second run sends none', async () => {
    const output = await run({ email: 'grace.hopper@example.com', confirmDeletion: true });

    expect(output.deleted).toBe(true);
    expect(sandbox.userDeletions()).toEqual([
      expect.objectContaining({ userId: AP_MEMBER_ID, outcome: deployment === 'cloud' ? 'detached' : 'deleted', personalProjectIds: [AP_MEMBER_PERSONAL_PROJECT_ID] }),
    ]);
    expect(sandbox.requests.filter((request) => request.method === 'DELETE').map((request) => request.path)).toEqual([`/api/v1/users/${AP_MEMBER_ID}`]);

    sandbox.requests.length = 0;
    const again = await run({ email: 'grace.hopper@example.com', confirmDeletion: true });
    expect(again).toMatchObject({ user: null, deleted: false });
    expect(again.change.summary).toBe('No user with email grace.hopper@example.com on this platform: already deleted, or never on this platform. Nothing was sent');
    expect(sandbox.requests.every((request) => request.method === 'GET')).toBe(true);
    expect(sandbox.userDeletions()).toHaveLength(1);
  });

  it('refuses the platform owner before the DELETE: the sandbox records no deletion', async () => {
    const error = await rejection(run({ userId: AP_OWNER_ID, confirmDeletion: true }));
    expect(error).toBeInstanceOf(InputError);
    expect(sandbox.requests.some((request) => request.method === 'DELETE')).toBe(false);
    expect(sandbox.userDeletions()).toEqual([]);
  });
});
